/// What answers requests: the service, a test's routes. The server calls `respond(to:)` on the
/// connection's event loop when `placement(of:)` says `.eventLoop`, and on its work pool otherwise,
/// so that a slow answer never keeps a loop from its other connections (a liveness probe among them).
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) -> HTTPResponse

    /// Where this request is answered. The default answers every request on the event loop.
    func placement(of request: HTTPRequest) -> ResponderPlacement
}

extension HTTPResponder {
    public func placement(of request: HTTPRequest) -> ResponderPlacement { .eventLoop }
}

/// Where a responder answers a request.
public enum ResponderPlacement: Sendable, Equatable {
    /// At once, on the connection's event loop: for answers that take microseconds.
    case eventLoop
    /// On the server's work pool, the connection waiting without holding its loop: for anything
    /// that may take milliseconds (large bodies to parse, fresh computations).
    case workPool
}

/// A responder made of a closure that answers every request on the event loop.
public struct ClosureResponder: HTTPResponder {
    private let body: @Sendable (HTTPRequest) -> HTTPResponse

    public init(_ body: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.body = body
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        body(request)
    }
}
