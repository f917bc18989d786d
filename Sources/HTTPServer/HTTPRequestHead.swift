/// The request line and header section, reported as soon as they are complete so the connection
/// can act before the body arrives (100-continue, authorization).
struct HTTPRequestHead: Sendable {
    var method: String
    var target: String
    var version: HTTPVersion
    var headers: HTTPHeaders
    var framing: HTTPBodyFraming
}
