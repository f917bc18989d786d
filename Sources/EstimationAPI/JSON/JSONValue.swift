import Estimation

/// A parsed JSON value. It is Estimation's `ConfigValue` under the name the service uses: the shapes
/// are the same (exact integers kept apart from other numbers), and an `hf_config` object reaches the
/// importer without being converted.
typealias JSONValue = ConfigValue

extension ConfigValue {
    /// Whether this is `null`, without building a value to compare with.
    var isNull: Bool {
        if case .null = self { true } else { false }
    }

    /// The JSON type's name, for "must be …, not …" messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
