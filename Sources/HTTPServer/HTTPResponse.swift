/// What a handler returns. The server adds `Date`, `Server`, `Content-Length`, `Connection` and,
/// when it compresses, `Content-Encoding` and `Vary`; a handler sets `Content-Type` and the rest.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The route that matched, e.g. "/v1/flops". Access logs and metrics use it, never the raw
    /// URI, so their cardinality stays bounded; nil is reported as "unmatched".
    public var routePattern: String?

    /// The route of the answers the server gives itself before any handler runs (400, 401, 408,
    /// 413, 417, 431…), so that they are not counted with the handler's 404s.
    public static let rejectedRoute = "rejected"

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], routePattern: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.routePattern = routePattern
    }

    /// A server-generated RFC 9457 `application/problem+json` response (`type` is "about:blank"),
    /// under `rejectedRoute`.
    static func problem(status: Int, detail: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = headers
        headers["Content-Type"] = "application/problem+json"
        let body = #"{"type":"about:blank","title":"\#(jsonEscaped(HTTPStatus.reasonPhrase(status)))","status":\#(status),"detail":"\#(jsonEscaped(detail))"}"#
        return HTTPResponse(status: status, headers: headers, body: Array(body.utf8), routePattern: rejectedRoute)
    }
}

/// Escapes a string for a JSON string literal.
func jsonEscaped(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": escaped += "\\\""
        case "\\": escaped += "\\\\"
        case "\n": escaped += "\\n"
        case "\r": escaped += "\\r"
        case "\t": escaped += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped
}

/// The `Handler`: turns a request into a response. It runs synchronously on the connection's
/// serial queue, so it must not block for long (see `HTTPServerConfiguration.handlerTimeout`).
public typealias HTTPHandler = @Sendable (HTTPRequest) -> HTTPResponse
