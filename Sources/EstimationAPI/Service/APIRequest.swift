/// One HTTP request as the service needs it, whatever carried it.
public struct APIRequest: Sendable {
    /// Upper-case method token (`GET`, `POST`, …). `HEAD` is answered like `GET`; dropping the body
    /// is the transport's job.
    public var method: String
    /// The path without the query (a `?…` left on it is ignored).
    public var path: String
    public var query: String?
    /// The `Accept` header: `text/plain` preferred over JSON selects the text table.
    public var accept: String?
    /// The `Content-Type` header; POSTs must send `application/json`.
    public var contentType: String?
    /// The `If-None-Match` header, compared weakly with the response's `ETag`.
    public var ifNoneMatch: String?
    public var body: [UInt8]

    public init(
        method: String, path: String, query: String? = nil, accept: String? = nil,
        contentType: String? = nil, ifNoneMatch: String? = nil, body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.accept = accept
        self.contentType = contentType
        self.ifNoneMatch = ifNoneMatch
        self.body = body
    }
}
