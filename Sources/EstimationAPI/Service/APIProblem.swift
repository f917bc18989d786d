import Estimation

/// An RFC 9457 problem: every error the service answers, rendered as `application/problem+json`
/// with `type`, `title`, `status`, `detail`, and for validation failures an `errors` list of
/// `{field, message}`.
public struct APIProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var status: Int
    /// A URI naming the kind of problem; `about:blank` when the status code says it all.
    public var type: String
    public var title: String
    public var detail: String
    /// Each invalid field with what is wrong with it; empty unless `status` is 422.
    public var errors: [EstimationError.Issue]
    /// The methods a known path accepts, for 405's `Allow` header.
    var allowedMethods: [String] = []

    /// For terminals: the title and detail, then one line per invalid field.
    public var description: String {
        ([ "\(status) \(title): \(detail)" ] + errors.map { "  \($0.field): \($0.message)" }).joined(separator: "\n")
    }

    static func malformedJSON(_ error: JSONSyntaxError) -> APIProblem {
        APIProblem(
            status: 400, type: "urn:abacus:problem:malformed-json", title: "Malformed JSON",
            detail: "The request body is not valid JSON: \(error.description).", errors: [])
    }

    static func invalid(_ issues: [EstimationError.Issue]) -> APIProblem {
        let count = issues.count == 1 ? "1 field is" : "\(issues.count) fields are"
        return APIProblem(
            status: 422, type: "urn:abacus:problem:invalid-request", title: "Invalid request",
            detail: "The request is well-formed JSON but \(count) invalid; see errors.", errors: issues)
    }

    static func notFound(path: String) -> APIProblem {
        APIProblem(status: 404, type: "about:blank", title: "Not Found", detail: "No resource at \(path).", errors: [])
    }

    /// `GET /v1/models/{name}` for a name that is no preset: 404, with the close matches.
    static func unknownModel(_ name: String, path: String) -> APIProblem {
        let matches = ModelPresets.closeMatches(to: name)
        let suggestion = matches.isEmpty ? "" : " Close matches: \(matches.joined(separator: ", "))."
        return APIProblem(
            status: 404, type: "about:blank", title: "Not Found",
            detail: "No model preset is called \"\(name)\".\(suggestion)", errors: [])
    }

    static func methodNotAllowed(method: String, path: String, allowed: [String]) -> APIProblem {
        APIProblem(
            status: 405, type: "about:blank", title: "Method Not Allowed",
            detail: "\(path) does not accept \(method); it accepts \(allowed.joined(separator: ", ")).",
            errors: [], allowedMethods: allowed)
    }

    static func unsupportedMediaType(_ contentType: String?) -> APIProblem {
        let given = contentType.map { "Content-Type \($0)" } ?? "no Content-Type"
        return APIProblem(
            status: 415, type: "about:blank", title: "Unsupported Media Type",
            detail: "Estimates take an application/json body; the request has \(given).", errors: [])
    }

    /// The problem document (`application/problem+json`).
    public var document: [UInt8] {
        var json = JSONWriter(reservingCapacity: 256)
        json.beginObject()
        json.field("type", type)
        json.field("title", title)
        json.field("status", status)
        json.field("detail", detail)
        if !errors.isEmpty {
            json.key("errors")
            json.beginArray()
            for issue in errors {
                json.beginObject()
                json.field("field", issue.field)
                json.field("message", issue.message)
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        return json.bytes
    }
}
