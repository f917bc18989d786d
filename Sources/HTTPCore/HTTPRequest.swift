/// A complete, parsed request: what a responder answers.
public struct HTTPRequest: Sendable {
    /// As the client sent it; HEAD stays HEAD (`HTTPMethod.answeredAs` tells which route answers).
    public var method: HTTPMethod
    /// The request target exactly as sent (`/v1/flops?x=1`, `http://host/v1/flops`, `*`).
    public var target: String
    /// The target's path: up to `?` in origin form, the path after the authority in absolute form,
    /// `*` for `OPTIONS *`.
    public var path: String
    /// The part after the first `?`, or nil when there is none.
    public var query: String?
    public var version: HTTPVersion
    /// Changing the fields re-indexes them.
    public var headers: HTTPHeaders {
        didSet { fields = FieldIndex(headers) }
    }
    public var body: [UInt8]
    /// Where the fields the server and the service act on are in `headers`.
    var fields: FieldIndex

    /// A request made in code (tests, benchmarks, another transport). `target` is split into path
    /// and query as the parser would, without its checks.
    public init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = String(target[..<mark])
            query = String(target[target.utf8.index(after: mark)...])
        } else {
            path = target
            query = nil
        }
        self.version = version
        self.headers = headers
        self.body = body
        fields = FieldIndex(headers)
    }

    /// The parser's request: target already split and fields already indexed.
    init(head: HTTPRequestHead, body: [UInt8]) {
        method = head.method
        target = head.target.text
        path = head.target.path
        query = head.target.query
        version = head.version
        headers = head.headers
        self.body = body
        fields = head.fields
    }

    /// The field's value, a list spread over several lines joined with ", " (RFC 9110 §5.3); nil
    /// when absent.
    public func value(_ field: IndexedField) -> String? {
        fields.combinedValue(field, in: headers)
    }
}
