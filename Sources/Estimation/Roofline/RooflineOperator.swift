/// An operator a caller places on the roofline: its name, its work and its memory traffic.
public struct RooflineOperator: Hashable, Sendable {
    public var name: String
    /// Floating-point operations (or integer operations at an int8 peak).
    public var flops: Double
    /// Bytes read and written.
    public var bytes: Double

    public init(name: String, flops: Double, bytes: Double) {
        self.name = name
        self.flops = flops
        self.bytes = bytes
    }

    /// The seed 003 element-wise sum as an operator.
    public init(name: String, _ sum: ElementwiseSum) {
        self.init(name: name, flops: sum.flops, bytes: sum.bytes)
    }
}
