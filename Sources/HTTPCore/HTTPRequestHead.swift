/// The request line and header section, reported as soon as they are complete so the connection
/// can act before the body arrives (100-continue, authorization, CORS preflight, the body budget).
public struct HTTPRequestHead: Sendable {
    public var method: HTTPMethod
    public var target: RequestTarget
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// Where the fields the server acts on are in `headers`.
    var fields: FieldIndex
    public var framing: HTTPBodyFraming

    /// The field's value, list lines joined with ", "; nil when absent.
    public func value(_ field: IndexedField) -> String? {
        fields.combinedValue(field, in: headers)
    }

    /// Every line of the field, in order.
    public func values(_ field: IndexedField) -> [String] {
        fields.values(field, in: headers)
    }
}
