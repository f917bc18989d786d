import HTTPCore

/// One resource of the service: its path pattern, the methods it accepts, and what answers it.
/// A pattern is a fixed path (`/v1/flops`) or one whose last segment is a parameter
/// (`/v1/models/{name}`), handed to the answer.
struct Route: Sendable {
    typealias Answer = @Sendable (_ request: HTTPRequest, _ parameter: Substring) -> HTTPResponse

    let pattern: String
    /// The methods a client may send; GET implies HEAD, and every route answers OPTIONS.
    let methods: [HTTPMethod]
    let answer: Answer

    /// The part of a pattern before its parameter (`/v1/models/`), or nil for a fixed path.
    var prefix: Substring? {
        guard pattern.hasSuffix("}"), let open = pattern.lastIndex(of: "{") else { return nil }
        return pattern[..<open]
    }

    /// The `Allow` header's value: the methods as a client may send them.
    var allowed: String {
        var names: [String] = []
        for method in methods {
            names.append(method.rawValue)
            if method == .get { names.append(HTTPMethod.head.rawValue) }
        }
        names.append(HTTPMethod.options.rawValue)
        return names.joined(separator: ", ")
    }

    static func get(_ pattern: String, _ answer: @escaping Answer) -> Route {
        Route(pattern: pattern, methods: [.get], answer: answer)
    }
}
