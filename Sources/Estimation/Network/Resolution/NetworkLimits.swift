/// Bounds that keep every input to a network's arithmetic small enough that products of two stay
/// exact, and the work one request can ask for proportionate.
public enum NetworkLimits {
    /// Any dimension, channel count, kernel size, stride, padding or index.
    public static let size = 1...(1 << 30)
    public static let layers = 1...20_000
    public static let rank = 1...8
    /// Inputs of one layer (a concat of many branches).
    public static let inputsPerLayer = 1...4096
    public static let nameLength = 1...256
}
