/// A value read from a Hugging Face `config.json`, as the service's JSON reader hands it over.
/// Estimation parses no JSON itself; it only interprets these values.
public enum ConfigValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A JSON number written without fraction or exponent that fits in `Int`.
    case integer(Int)
    /// Any other JSON number.
    case number(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])
}
