/// Reads typed values out of a Hugging Face `config.json`, collecting every problem instead of
/// stopping at the first, and remembering which key supplied each spec field so that a later
/// validation issue can name the key the caller wrote.
///
/// Absent keys take the default of the family's transformers config class. A JSON `null` means
/// Python's `None`: the optional readers treat it as absent; the others reject it.
struct HFConfigReader {
    let config: [String: ConfigValue]
    /// Prepended to every key an issue or source names: `text_config.` while reading a
    /// multimodal config's language model.
    let prefix: String
    private(set) var issues: [EstimationError.Issue] = []
    private(set) var warnings: [String] = []
    /// Spec field (its JSON name) → the config key it came from.
    private(set) var sources: [String: String] = [:]

    init(_ config: [String: ConfigValue], prefix: String = "") {
        self.config = config
        self.prefix = prefix
    }

    /// The first of `keys` that is present and not null.
    func lookup(_ keys: [String]) -> (key: String, value: ConfigValue)? {
        for key in keys {
            if let value = config[key], value != .null { return (key, value) }
        }
        return nil
    }

    func contains(_ key: String) -> Bool {
        config[key] != nil
    }

    mutating func int(_ keys: [String], default fallback: Int, spec: String? = nil) -> Int {
        note(spec, keys)
        if let (key, value) = lookup(keys) { return integer(value, key) ?? fallback }
        if let key = keys.first(where: { config[$0] == .null }) {
            fail(key, "must be an integer, got null")
        }
        return fallback
    }

    /// For attributes the config class declares as `int | None`: absent → the class default
    /// (itself possibly `None`), null → nil, which the family then resolves as transformers does.
    mutating func nullableInt(_ keys: [String], default fallback: Int?, spec: String? = nil) -> Int? {
        note(spec, keys)
        if let (key, value) = lookup(keys) { return integer(value, key) }
        return keys.contains(where: { config[$0] == .null }) ? nil : fallback
    }

    /// For the generic import, where no config class supplies a default.
    mutating func requiredInt(_ keys: [String], spec: String? = nil) -> Int {
        note(spec, keys)
        guard let (key, value) = lookup(keys) else {
            fail(keys[0], "is required" + (keys.count > 1 ? " (or one of \(keys.dropFirst().joined(separator: ", ")))" : ""))
            return 0
        }
        return integer(value, key) ?? 0
    }

    mutating func bool(_ keys: [String], default fallback: Bool, spec: String? = nil) -> Bool {
        note(spec, keys)
        guard let (key, value) = lookup(keys) else { return fallback }
        guard case .bool(let flag) = value else {
            fail(key, "must be true or false, got \(describe(value))")
            return fallback
        }
        return flag
    }

    /// Absent or null → nil.
    mutating func optionalString(_ key: String) -> String? {
        guard let (_, value) = lookup([key]) else { return nil }
        guard case .string(let text) = value else {
            fail(key, "must be a string, got \(describe(value))")
            return nil
        }
        return text
    }

    /// Absent or null → nil.
    mutating func stringList(_ key: String) -> [String]? {
        guard let (_, value) = lookup([key]) else { return nil }
        guard case .array(let items) = value else {
            fail(key, "must be a list of strings, got \(describe(value))")
            return nil
        }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item else {
                fail(key, "must be a list of strings, got an element \(describe(item))")
                return nil
            }
            strings.append(text)
        }
        return strings
    }

    /// Absent or null → nil. Whole JSON numbers count as integers, as for single values.
    mutating func intList(_ key: String) -> [Int]? {
        guard let (_, value) = lookup([key]) else { return nil }
        guard case .array(let items) = value else {
            fail(key, "must be a list of integers, got \(describe(value))")
            return nil
        }
        var integers: [Int] = []
        integers.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .integer(let number): integers.append(number)
            case .number(let number) where Int(exactly: number) != nil: integers.append(Int(number))
            default:
                fail(key, "must be a list of integers, got an element \(describe(item))")
                return nil
            }
        }
        return integers
    }

    /// Any JSON number; absent or null → `fallback`.
    mutating func number(_ keys: [String], default fallback: Double?) -> Double? {
        guard let (key, value) = lookup(keys) else { return fallback }
        switch value {
        case .integer(let number): return Double(number)
        case .number(let number): return number
        default:
            fail(key, "must be a number, got \(describe(value))")
            return fallback
        }
    }

    /// A nested object (`text_config`, `quantization_config`, `rope_parameters`); absent or null → nil.
    mutating func object(_ key: String) -> [String: ConfigValue]? {
        guard let (_, value) = lookup([key]) else { return nil }
        guard case .object(let members) = value else {
            fail(key, "must be an object, got \(describe(value))")
            return nil
        }
        return members
    }

    /// An integer that may also be written as a list with one value per layer (hunyuan's
    /// `moe_topk`): the list must hold one value throughout, which the spec can express.
    mutating func intOrUniformList(_ keys: [String], default fallback: Int, spec: String? = nil) -> Int {
        if let (key, value) = lookup(keys), case .array = value {
            note(spec, keys)
            // intList reports a list that is not one of integers.
            guard let values = intList(key) else { return fallback }
            guard let first = values.first else {
                fail(key, "must not be an empty list")
                return fallback
            }
            if values.contains(where: { $0 != first }) {
                fail(key, "differs between layers, which cannot be estimated; only one value for every layer")
            }
            return first
        }
        return int(keys, default: fallback, spec: spec)
    }

    /// The MLP activation a family's key names, `fallback` (the config class's default) when absent.
    mutating func activation(_ keys: [String], default fallback: Activation) -> Activation {
        note("activation", keys)
        guard let (key, value) = lookup(keys) else { return fallback }
        guard case .string(let name) = value else {
            fail(key, "must be a string, got \(describe(value))")
            return fallback
        }
        guard let activation = Activation(transformersName: name) else {
            fail(key, "names an activation that cannot be estimated: \"\(name.prefix(40))\"")
            return fallback
        }
        return activation
    }

    mutating func fail(_ key: String, _ message: String) {
        issues.append(EstimationError.Issue(field: prefix + key, message: message))
    }

    mutating func warn(_ message: String) {
        warnings.append(message)
    }

    /// Records that `specField` came from `key`, for fields derived by the family code.
    mutating func note(_ specField: String?, _ keys: [String]) {
        guard let specField, !keys.isEmpty else { return }
        sources[specField] = prefix + (keys.first(where: { config[$0] != nil }) ?? keys[0])
    }

    /// Throws the issues collected so far, if any.
    func checkpoint() throws(EstimationError) {
        if !issues.isEmpty { throw EstimationError(issues: issues) }
    }

    /// JSON integers, and JSON numbers that are whole and fit in `Int` (`1e3`).
    private mutating func integer(_ value: ConfigValue, _ key: String) -> Int? {
        switch value {
        case .integer(let number):
            return number
        case .number(let number):
            if let whole = Int(exactly: number) { return whole }
            fail(key, "must be a whole number, got \(number)")
            return nil
        default:
            fail(key, "must be an integer, got \(describe(value))")
            return nil
        }
    }

    func describe(_ value: ConfigValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .integer(let number): "\(number)"
        case .number(let number): "\(number)"
        case .string(let text): "the string \"\(text.prefix(40))\""
        case .array: "a list"
        case .object: "an object"
        }
    }
}
