import HTTPCore

/// Cross-origin resource sharing (the Fetch standard's CORS protocol) for dashboards that call the
/// API from a browser, configured with the origins allowed (`https://dash.example`) or `*`.
///
/// - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from an allowed
///   origin is answered 204 by the server itself, before any bearer check (browsers send no
///   credentials on a preflight): the methods and request headers the API uses, and how long the
///   browser may cache the answer.
/// - Every other response to an allowed origin carries `Access-Control-Allow-Origin` and exposes
///   the headers a dashboard reads (`ETag`, `X-Cache`).
/// - With a list of origins (not `*`), every response says `Vary: Origin`, since it differs by it.
///
/// A request from an origin not allowed gets no CORS headers, which is how a browser learns it
/// may not read the answer; the request itself is served as any other.
struct CORSPolicy: HTTPPolicy {
    /// What the API's routes accept, and the request headers its clients send beyond the
    /// CORS-safelisted ones.
    static let allowedMethods = "GET, HEAD, POST, OPTIONS"
    static let allowedHeaders = "Accept, Authorization, Content-Type, If-None-Match"
    static let exposedHeaders = "ETag, X-Cache"
    /// Ten minutes: what Chromium allows at most without a flag is two hours; short enough that a
    /// changed configuration reaches browsers soon.
    static let maxAgeSeconds = 600

    private let allowsAnyOrigin: Bool
    private let allowedOrigins: Set<String>

    init(allowedOrigins: [String]) {
        allowsAnyOrigin = allowedOrigins.contains("*")
        self.allowedOrigins = Set(allowedOrigins.map(Self.normalised))
    }

    func answer(_ head: HTTPRequestHead) -> HTTPResponse? {
        guard head.method == .options, head.value(.accessControlRequestMethod) != nil,
            let allowOrigin = allowOriginValue(head)
        else { return nil }
        var headers: HTTPHeaders = [
            "Access-Control-Allow-Origin": allowOrigin,
            "Access-Control-Allow-Methods": Self.allowedMethods,
            "Access-Control-Allow-Headers": Self.allowedHeaders,
            "Access-Control-Max-Age": String(Self.maxAgeSeconds),
        ]
        if !allowsAnyOrigin { headers.add(name: "Vary", value: "Origin") }
        return HTTPResponse(status: .noContent, headers: headers, routePattern: "preflight")
    }

    func amend(_ response: inout HTTPResponse, for head: HTTPRequestHead) {
        // The preflight's own answer is complete already.
        guard response.routePattern != "preflight" else { return }
        if !allowsAnyOrigin { response.headers.add(name: "Vary", value: "Origin") }
        guard let allowOrigin = allowOriginValue(head) else { return }
        response.headers["Access-Control-Allow-Origin"] = allowOrigin
        response.headers["Access-Control-Expose-Headers"] = Self.exposedHeaders
    }

    /// `*` when any origin may read, the request's own origin when it is listed, else nil.
    private func allowOriginValue(_ head: HTTPRequestHead) -> String? {
        guard let origin = head.value(.origin) else { return nil }
        if allowsAnyOrigin { return "*" }
        return allowedOrigins.contains(Self.normalised(origin)) ? origin : nil
    }

    /// Origins compare as serialized (scheme, host and port), but scheme and host are
    /// case-insensitive, and a trailing slash in a configured origin is a common slip.
    private static func normalised(_ origin: String) -> String {
        var text = origin.lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
