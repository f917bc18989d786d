import Estimation

/// Reads typed fields out of one JSON object, reporting every missing, mistyped or out-of-range
/// field to the request's `IssueList` instead of stopping at the first. A read that fails returns
/// nil; callers go on reading so that the answer lists all problems.
///
/// Fields are named by their full dotted path (`parallelism.tensor`). `finish()` reports the fields
/// nobody asked for: an unknown name is far more often a typo than something to ignore.
struct FieldReader {
    let path: String
    private let members: [String: JSONValue]
    private let issues: IssueList
    /// The members some read asked for, by position: only present names can be unknown, and
    /// positions compare without hashing the name again.
    private var readMembers: [Dictionary<String, JSONValue>.Index] = []

    init(_ members: [String: JSONValue], path: String, issues: IssueList) {
        self.members = members
        self.path = path
        self.issues = issues
        readMembers.reserveCapacity(members.count)
    }

    /// A reader for `value` if it is an object; otherwise reports it under `path`.
    init?(_ value: JSONValue, path: String, issues: IssueList) {
        guard case .object(let members) = value else {
            issues.add(path.isEmpty ? "body" : path, "must be an object, not \(value.typeName)")
            return nil
        }
        self.init(members, path: path, issues: issues)
    }

    func fieldPath(_ name: String) -> String {
        path.isEmpty ? name : "\(path).\(name)"
    }

    /// Whether the field is given: present and not null.
    func contains(_ name: String) -> Bool {
        if let value = members[name], !value.isNull { true } else { false }
    }

    /// The raw value, marking the name as known. `null` counts as absent: it is how JSON clients
    /// spell "use the default".
    mutating func value(_ name: String) -> JSONValue? {
        guard let value = member(name), !value.isNull else { return nil }
        return value
    }

    /// The member called `name`, null included, marked as read.
    private mutating func member(_ name: String) -> JSONValue? {
        guard let index = members.index(forKey: name) else { return nil }
        readMembers.append(index)
        return members[index].value
    }

    /// Reports a problem with the named field.
    func fail(_ name: String, _ message: String) {
        issues.add(fieldPath(name), message)
    }

    /// Reports Estimation's issues, their fields made relative to this object's `name` field.
    func report(_ error: EstimationError, under name: String) {
        issues.add(error, under: fieldPath(name))
    }

    /// Reports Estimation's issues, their fields made relative to this object.
    func report(_ error: EstimationError) {
        issues.add(error, under: path)
    }

    /// Refuses a field that is given where it cannot apply.
    mutating func reject(_ name: String, _ message: String) {
        _ = member(name)
        fail(name, message)
    }

    // MARK: - Typed reads

    /// A whole number within `Int`. A number written with a fraction or exponent is accepted when
    /// it is integral (`1e3`, `1000.0`), so clients that only have doubles can still send counts.
    /// Ranges are the estimators' to check, where they are documented.
    mutating func integer(_ name: String) -> Int? {
        guard let value = value(name) else { return nil }
        switch value {
        case .integer(let exact):
            return exact
        case .number(let approximate):
            // `Int(exactly:)` refuses fractions and anything beyond Int's range without trapping.
            if let exact = Int(exactly: approximate) { return exact }
            fail(name, approximate == approximate.rounded(.towardZero)
                ? "must be a whole number within a signed 64-bit integer's range, got \(approximate)"
                : "must be a whole number, got \(approximate)")
            return nil
        default:
            fail(name, "must be an integer, not \(value.typeName)")
            return nil
        }
    }

    mutating func integer(_ name: String, default fallback: Int) -> Int {
        integer(name) ?? fallback
    }

    /// Like `integer`, but a missing (or null) field is an issue.
    mutating func requiredInteger(_ name: String) -> Int? {
        guard isPresent(name) else { return nil }
        return integer(name)
    }

    /// Whether the field is given; reports it as required when it is not.
    mutating func isPresent(_ name: String) -> Bool {
        if let value = member(name), !value.isNull { return true }
        fail(name, "is required")
        return false
    }

    /// Any JSON number, as a `Double`. Ranges are the estimators' to check, where they are documented.
    mutating func number(_ name: String) -> Double? {
        guard let value = value(name) else { return nil }
        switch value {
        case .integer(let exact): return Double(exact)
        case .number(let approximate): return approximate
        default:
            fail(name, "must be a number, not \(value.typeName)")
            return nil
        }
    }

    mutating func bool(_ name: String) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else {
            fail(name, "must be true or false, not \(value.typeName)")
            return nil
        }
        return flag
    }

    mutating func bool(_ name: String, default fallback: Bool) -> Bool {
        bool(name) ?? fallback
    }

    mutating func string(_ name: String) -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value else {
            fail(name, "must be a string, not \(value.typeName)")
            return nil
        }
        return text
    }

    /// One of an enumeration's raw names, listed in the message when the value is not among them;
    /// the default when absent.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, default fallback: Choice) -> Choice
    where Choice.RawValue == String {
        guard let text = string(name) else { return fallback }
        if let match = Choice(rawValue: text) { return match }
        fail(name, "must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(text)\"")
        return fallback
    }

    /// A nested object's reader, or nil (reported) when the field is not an object.
    mutating func object(_ name: String) -> FieldReader? {
        guard let value = value(name) else { return nil }
        return FieldReader(value, path: fieldPath(name), issues: issues)
    }

    /// An array of objects, one reader per element (`name[0]`, `name[1]`, …); nil, reported, when the
    /// field is not an array or an element is not an object. Each reader's `finish()` is the caller's.
    mutating func objects(_ name: String) -> [FieldReader]? {
        guard let value = value(name) else { return nil }
        guard case .array(let items) = value else {
            fail(name, "must be an array, not \(value.typeName)")
            return nil
        }
        var readers: [FieldReader] = []
        readers.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let reader = FieldReader(item, path: "\(fieldPath(name))[\(index)]", issues: issues) else { return nil }
            readers.append(reader)
        }
        return readers
    }

    /// A reader for the object at `index` of the array field `name` (`layers[3]`), reporting to the
    /// same list; nil (reported) when that element is not an object.
    func element(_ value: JSONValue, at index: Int, of name: String) -> FieldReader? {
        FieldReader(value, path: fieldPath("\(name)[\(index)]"), issues: issues)
    }

    /// An optional nested object read by `read`: `valid` is false when it was given but could not be
    /// read (the reasons are reported), so callers can tell that from "absent".
    mutating func nestedObject<Value>(
        _ name: String, _ read: (inout FieldReader) -> Value?
    ) -> (value: Value?, valid: Bool) {
        guard value(name) != nil else { return (nil, true) }
        guard var nested = object(name) else { return (nil, false) }
        let result = read(&nested)
        nested.finish()
        return (result, result != nil)
    }

    /// Reports every field of this object that no read asked for, in name order.
    func finish() {
        let unread = members.indices.filter { !readMembers.contains($0) }.map { members[$0].key }
        for name in unread.sorted() {
            fail(name, "is not a known field")
        }
    }
}
