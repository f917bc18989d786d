/// A response as a responder builds it. The server adds `Date`, `Server`, `Content-Length`,
/// `Connection` and, when it compresses, `Content-Encoding`; a responder sets `Content-Type` and the
/// rest.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The route that matched, e.g. "/v1/flops". Access logs and metrics use it, never the raw
    /// URI, so their cardinality stays bounded; nil is reported as "unmatched".
    public var routePattern: String?

    /// The route of the answers the server gives itself before any responder runs (400, 401, 408,
    /// 413, 417, 431, 503…), so that they are not counted with a responder's 404s.
    public static let rejectedRoute = "rejected"

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], routePattern: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.routePattern = routePattern
    }

    /// One of the server's own RFC 9457 `application/problem+json` answers (`type` "about:blank",
    /// the reason phrase as `title`), under `rejectedRoute`. The detail is a constant of the
    /// server's, written as it is: it must hold no `"`, `\` or control character, which
    /// ServerProblemTests checks for every one.
    public static func serverProblem(
        _ status: HTTPStatus, detail: StaticString, headers: HTTPHeaders = HTTPHeaders()
    ) -> HTTPResponse {
        var headers = headers
        headers["Content-Type"] = "application/problem+json"
        var body: [UInt8] = []
        body.reserveCapacity(96 + detail.utf8CodeUnitCount)
        body += #"{"type":"about:blank","title":""#.utf8
        body += status.reasonPhrase.utf8
        body += #"","status":"#.utf8
        body += String(status.code).utf8
        body += #","detail":""#.utf8
        detail.withUTF8Buffer { body += $0 }
        body += #""}"#.utf8
        return HTTPResponse(status: status, headers: headers, body: body, routePattern: rejectedRoute)
    }
}
