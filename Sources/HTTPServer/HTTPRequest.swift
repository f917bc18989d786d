/// The protocol version from a request line (`HTTP/1.1` → major 1, minor 1).
public struct HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    public var description: String { "HTTP/\(major).\(minor)" }
}

/// A complete, parsed request as the handler sees it.
///
/// The server maps `HEAD` to `GET` before calling the handler (so every GET route serves HEAD) and
/// strips the body afterwards; `isHead` tells a handler that cares.
public struct HTTPRequest: Sendable {
    /// The method token, case-sensitive as RFC 9110 says (`GET`, `POST`, …).
    public var method: String
    /// The request target exactly as sent (`/v1/flops?x=1`).
    public var target: String
    /// The target up to `?`.
    public var path: String
    /// The part after the first `?`, or nil when there is none.
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// True when the client sent `HEAD` (and `method` was mapped to `GET`).
    public var isHead: Bool

    public init(
        method: String, target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], isHead: Bool = false
    ) {
        self.method = method
        self.target = target
        (path, query) = Self.split(target: target)
        self.version = version
        self.headers = headers
        self.body = body
        self.isHead = isHead
    }

    /// The path (up to the first `?`) and the query after it.
    static func split(target: String) -> (path: String, query: String?) {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, nil) }
        return (String(target[..<mark]), String(target[target.utf8.index(after: mark)...]))
    }
}
