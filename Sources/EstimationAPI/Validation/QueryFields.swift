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
        /// A number, as JSON writes one (`8`, `1e3`).
        case number
        case string
        /// Numbers separated by commas (OpenAPI's `style: form, explode: false`): `3,224,224`.
        case numbers
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
        case .number:
            return number(text) ?? .string(text)
        case .numbers:
            let numbers = text.split(separator: ",", omittingEmptySubsequences: false).map { number(String($0)) }
            guard !text.isEmpty, numbers.allSatisfy({ $0 != nil }) else { return .string(text) }
            return .array(numbers.compactMap { $0 })
        }
    }

    /// The text read as a JSON number, or nil.
    private static func number(_ text: String) -> JSONValue? {
        guard let value = try? JSONReader.parse(Array(text.utf8), maxDepth: 1) else { return nil }
        switch value {
        case .integer, .number: return value
        default: return nil
        }
    }
}
