/// One response, ready for a transport to frame: status, headers (always with `Content-Type` when
/// there is a body) and body bytes. `Content-Length`, `Date` and connection headers are the
/// transport's.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The route pattern that answered (`/v1/flops`, `/v1/models/{name}`), or `unmatched`: what logs
    /// and metrics are keyed by, never the raw path.
    public var routePattern: String

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8], routePattern: String) {
        self.status = status
        self.headers = headers
        self.body = body
        self.routePattern = routePattern
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    static func problem(_ problem: APIProblem, routePattern: String) -> APIResponse {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/problem+json")]
        if !problem.allowedMethods.isEmpty {
            headers.append(("Allow", problem.allowedMethods.joined(separator: ", ")))
        }
        return APIResponse(status: problem.status, headers: headers, body: problem.document, routePattern: routePattern)
    }
}
