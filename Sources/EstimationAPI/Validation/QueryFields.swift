import HTTPCore

/// The fields of an upload (a request whose body is the subject itself, such as an ONNX model),
/// which come in the query string since the body is binary: `?batch_size=8&dtype=bf16&input=3,320,320`.
///
/// Each value becomes the JSON value a JSON body would carry for that field, by the kind the
/// endpoint declares, so the endpoint's own readers judge it with the same messages: a value that
/// is not of its kind stays a string (`batch_size=abc` is then "must be an integer"), and names
/// the endpoint does not declare are kept as strings for `FieldReader.finish()` to report.
enum QueryFields {
    enum Kind: Sendable {
        /// A whole number in decimal digits (`8`), as OpenAPI's `integer` reads in a query.
        case integer
        case string
        /// Whole numbers separated by commas (OpenAPI's `style: form, explode: false`): `3,224,224`.
        case integers
    }

    /// The query's fields as members of a JSON object; a name given twice is reported to `issues`.
    static func members(_ query: String?, kinds: [String: Kind], issues: IssueList) -> [String: JSONValue] {
        guard let query else { return [:] }
        var members: [String: JSONValue] = [:]
        for (name, text) in QueryItems.pairs(query) {
            guard members[name] == nil else {
                issues.add(name, "is given twice in the query")
                continue
            }
            members[name] = value(text, as: kinds[name] ?? .string)
        }
        return members
    }

    private static func value(_ text: String, as kind: Kind) -> JSONValue {
        switch kind {
        case .string:
            return .string(text)
        case .integer:
            return Int(text).map(JSONValue.integer) ?? .string(text)
        case .integers:
            let integers = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard !text.isEmpty, integers.allSatisfy({ $0 != nil }) else { return .string(text) }
            return .array(integers.compactMap { $0.map(JSONValue.integer) })
        }
    }
}
