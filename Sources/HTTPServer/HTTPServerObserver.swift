import HTTPCore

/// One completed request, as access logs and metrics see it.
public struct AccessLogEntry: Sendable {
    /// The method as the client sent it (`HEAD` stays `HEAD`).
    public var method: String
    /// The responder's route pattern; "unmatched" when it set none, "rejected" when the server
    /// answered itself.
    public var routePattern: String
    public var status: HTTPStatus
    /// Body bytes sent (after compression; 0 for HEAD).
    public var bytes: Int
    /// From the end of the request to the response being handed to the socket.
    public var duration: Duration

    public init(method: String, routePattern: String, status: HTTPStatus, bytes: Int, duration: Duration) {
        self.method = method
        self.routePattern = routePattern
        self.status = status
        self.bytes = bytes
        self.duration = duration
    }
}

/// Hooks for metrics and access logs. Called synchronously on the connection's worker (several
/// workers at once), so implementations must be thread-safe and quick. Every method has an empty
/// default.
public protocol HTTPServerObserver: Sendable {
    func connectionOpened()
    func connectionClosed()
    func requestCompleted(_ entry: AccessLogEntry)
}

extension HTTPServerObserver {
    public func connectionOpened() {}
    public func connectionClosed() {}
    public func requestCompleted(_ entry: AccessLogEntry) {}
}

/// The default access log: one line per request to a file descriptor (stderr unless told),
/// `method route status bytes duration_ms`, written with a single `write` so lines never interleave.
public struct AccessLogWriter: HTTPServerObserver {
    private let log: LogLines

    public init(fileDescriptor: Int32 = 2) {
        log = LogLines(fileDescriptor: fileDescriptor)
    }

    public func requestCompleted(_ entry: AccessLogEntry) {
        log.append(Self.line(for: entry))
    }

    /// `GET /v1/models 200 1534 0.412ms`
    public static func line(for entry: AccessLogEntry) -> String {
        let (seconds, attoseconds) = entry.duration.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let fraction = String(microseconds % 1000)
        let padded = String(repeating: "0", count: 3 - fraction.count) + fraction
        return "\(entry.method) \(entry.routePattern) \(entry.status.code) \(entry.bytes) \(microseconds / 1000).\(padded)ms\n"
    }
}
