import Estimation
import HTTPCore
import ONNXImport

/// An RFC 9457 problem: every error the service answers, rendered as `application/problem+json`
/// with `type`, `title`, `status`, `detail`, and for validation failures an `errors` list of
/// `{field, message}` (at most `IssueList.maximumIssues`, each echo of the request cut short).
public struct APIProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    /// A URI naming the kind of problem; `about:blank` when the status code says it all.
    public var type: String
    public var title: String
    public var detail: String
    /// Each invalid field with what is wrong with it; empty unless `status` is 422.
    public var errors: [EstimationError.Issue]
    /// The methods a known path accepts, for 405's `Allow` header.
    var allowedMethods: String?

    /// For terminals: the title and detail, then one line per invalid field.
    public var description: String {
        ([ "\(status.code) \(title): \(detail)" ] + errors.map { "  \($0.field): \($0.message)" }).joined(separator: "\n")
    }

    static func malformedJSON(_ error: JSONSyntaxError) -> APIProblem {
        APIProblem(
            status: .badRequest, type: "urn:abacus:problem:malformed-json", title: "Malformed JSON",
            detail: "The request body is not valid JSON: \(RequestEcho.truncated(error.message)) at byte offset \(error.offset).",
            errors: [])
    }

    /// An upload that is no ONNX model at all (not a serialized `ModelProto`, or one without a graph).
    static func malformedModel(_ error: ONNXImportError) -> APIProblem {
        APIProblem(
            status: .badRequest, type: "urn:abacus:problem:malformed-model", title: "Malformed ONNX model",
            detail: "The request body cannot be read as an ONNX model; see errors.",
            errors: [EstimationError.Issue(field: error.field, message: RequestEcho.truncated(error.message))])
    }

    /// A body over the limit its endpoint reads (the server refuses larger ones before reading them).
    static func contentTooLarge(_ detail: String) -> APIProblem {
        APIProblem(status: .contentTooLarge, type: "about:blank", title: "Content Too Large", detail: detail, errors: [])
    }

    /// A 422 listing what `issues` kept, and saying how many more there were; `body` is the
    /// request's media type (JSON, or an uploaded model's).
    static func invalid(_ issues: IssueList, body: MediaType = .json) -> APIProblem {
        let format = body == .json ? "JSON" : "\(body.type)/\(body.subtype)"
        return invalid(issues, what: "The request is well-formed \(format) but")
    }

    /// A 422 for a GET's query, which must hold the JSON in `body` and nothing else (`QueryBody`).
    static func invalidQuery(_ issues: IssueList) -> APIProblem {
        invalid(issues, what: "The query must hold the request's JSON in `body` and nothing else:")
    }

    private static func invalid(_ issues: IssueList, what: String) -> APIProblem {
        let total = issues.issues.count + issues.omitted
        let count = total == 1 ? "1 field is" : "\(total) fields are"
        let listed = issues.omitted == 0 ? "see errors" : "errors lists the first \(issues.issues.count)"
        return APIProblem(
            status: .unprocessableContent, type: "urn:abacus:problem:invalid-request", title: "Invalid request",
            detail: "\(what) \(count) invalid; \(listed).", errors: issues.issues)
    }

    /// A 422 for what a computation found wrong with a valid-looking request.
    static func invalid(_ error: EstimationError) -> APIProblem {
        let issues = IssueList()
        issues.add(error, under: "")
        return invalid(issues)
    }

    static func notFound(path: String) -> APIProblem {
        APIProblem(
            status: .notFound, type: "about:blank", title: "Not Found",
            detail: "No resource at \(RequestEcho.truncated(path)).", errors: [])
    }

    /// `GET /v1/models/{name}` for a name that is no preset: 404, with the close matches.
    static func unknownModel(_ name: String) -> APIProblem {
        let matches = ModelPresets.closeMatches(to: name)
        let suggestion = matches.isEmpty ? "" : " Close matches: \(matches.joined(separator: ", "))."
        return APIProblem(
            status: .notFound, type: "about:blank", title: "Not Found",
            detail: "No model preset is called \"\(RequestEcho.truncated(name))\".\(suggestion)", errors: [])
    }

    static func methodNotAllowed(method: HTTPMethod, path: String, allowed: String) -> APIProblem {
        APIProblem(
            status: .methodNotAllowed, type: "about:blank", title: "Method Not Allowed",
            detail: "\(RequestEcho.truncated(path)) does not accept \(RequestEcho.truncated(method.rawValue)); it accepts \(allowed).",
            errors: [], allowedMethods: allowed)
    }

    static func unsupportedMediaType(_ contentType: String?, accepted: [MediaType]) -> APIProblem {
        let given = contentType.map { "Content-Type \(RequestEcho.truncated($0))" } ?? "no Content-Type"
        let types = accepted.map { "\($0.type)/\($0.subtype)" }.joined(separator: " or ")
        return APIProblem(
            status: .unsupportedMediaType, type: "about:blank", title: "Unsupported Media Type",
            detail: "This endpoint reads \(types) bodies; the request has \(given).", errors: [])
    }

    /// The problem document (`application/problem+json`).
    public var document: [UInt8] {
        var json = JSONWriter(reservingCapacity: 256)
        json.beginObject()
        json.field("type", type)
        json.field("title", title)
        json.field("status", status.code)
        json.field("detail", detail)
        if !errors.isEmpty {
            json.objects("errors", errors) { json, issue in
                json.field("field", issue.field)
                json.field("message", issue.message)
            }
        }
        json.endObject()
        return json.bytes
    }

    /// The response, under the route that answered.
    func response(routePattern: String) -> HTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": MediaType.problemJSON.description]
        if let allowedMethods { headers.add(name: "Allow", value: allowedMethods) }
        return HTTPResponse(status: status, headers: headers, body: document, routePattern: routePattern)
    }
}
