/// Every answer the server gives itself instead of a responder's, with its status and constant
/// detail. The connection closes after each: the request could not be read, or should not be.
public enum ServerRejection: Sendable, Equatable {
    /// The bytes are not an HTTP/1.1 request we serve (400, 413, 414, 431, 501, 505).
    case malformed(HTTPParseError)
    /// The head or body did not arrive within its deadline (408).
    case requestTimeout
    /// `Expect` with anything but `100-continue` (417).
    case expectationFailed
    /// Accepting this body would take the bodies held in memory past the server's budget (503).
    case bodyBudgetExhausted
    /// Over the configured number of open connections (503).
    case connectionLimit
    /// Out of file descriptors (503).
    case outOfDescriptors
    /// A plain HTTP request on a TLS port (400, answered in plain text).
    case plainHTTPOnTLSPort

    /// Every rejection, for tests that check each document.
    public static let all: [ServerRejection] = HTTPParseError.allCases.map(ServerRejection.malformed) + [
        .requestTimeout, .expectationFailed, .bodyBudgetExhausted, .connectionLimit, .outOfDescriptors,
        .plainHTTPOnTLSPort,
    ]

    public var status: HTTPStatus {
        switch self {
        case .malformed(let error): error.status
        case .requestTimeout: .requestTimeout
        case .expectationFailed: .expectationFailed
        case .bodyBudgetExhausted, .connectionLimit, .outOfDescriptors: .serviceUnavailable
        case .plainHTTPOnTLSPort: .badRequest
        }
    }

    public var detail: StaticString {
        switch self {
        case .malformed(let error): error.detail
        case .requestTimeout: "The request was not received within the server's time limit."
        case .expectationFailed: "Only `Expect: 100-continue` is supported."
        case .bodyBudgetExhausted: "The server holds as many request bodies in memory as it allows; retry shortly."
        case .connectionLimit: "The server is at its connection limit; retry shortly."
        case .outOfDescriptors: "The server is out of file descriptors; retry shortly."
        case .plainHTTPOnTLSPort: "This port speaks HTTPS; the request was sent in plain HTTP."
        }
    }

    /// The problem document, with `Retry-After: 1` when waiting a moment is all it takes.
    public var response: HTTPResponse {
        status == .serviceUnavailable
            ? .serverProblem(status, detail: detail, headers: ["Retry-After": "1"])
            : .serverProblem(status, detail: detail)
    }
}
