/// A rule the server is configured with that applies to every request whatever answers it: bearer
/// authorization and CORS are policies (gzip is the server's own, as it needs zlib). The connection's
/// state machine consults each policy, in order, once a request's head has arrived and before its
/// body is read.
public protocol HTTPPolicy: Sendable {
    /// An answer the policy gives itself instead of the responder's (a 401, a CORS preflight's 204),
    /// or nil to let the request through.
    func answer(_ head: HTTPRequestHead) -> HTTPResponse?

    /// Adds what the policy adds to every response to this request (CORS headers); the default
    /// adds nothing.
    func amend(_ response: inout HTTPResponse, for head: HTTPRequestHead)
}

extension HTTPPolicy {
    public func amend(_ response: inout HTTPResponse, for head: HTTPRequestHead) {}
}
