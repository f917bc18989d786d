/// Why a request could not be parsed. Each maps to the status docs/server.md names; after any of
/// them the server answers and closes the connection, since the framing can no longer be trusted.
public enum HTTPParseError: Error, Sendable, Equatable, CaseIterable {
    case malformedRequestLine
    case invalidTarget
    case requestLineTooLong
    case unsupportedVersion
    case malformedHeader
    case headersTooLarge
    case invalidHost
    case invalidContentLength
    case conflictingContentLength
    case contentLengthWithTransferEncoding
    case unsupportedTransferCoding
    case invalidTransferEncoding
    case malformedChunk
    case bodyTooLarge

    /// The response status for this error.
    public var status: HTTPStatus {
        switch self {
        case .requestLineTooLong: 414
        case .headersTooLarge: 431
        case .bodyTooLarge: 413
        case .unsupportedVersion: 505
        case .unsupportedTransferCoding: 501
        case .malformedRequestLine, .invalidTarget, .malformedHeader, .invalidHost, .invalidContentLength,
             .conflictingContentLength, .contentLengthWithTransferEncoding, .invalidTransferEncoding,
             .malformedChunk:
            400
        }
    }

    /// A short, client-facing explanation for the problem+json `detail`.
    public var detail: StaticString {
        switch self {
        case .malformedRequestLine: "The request line is not `method SP target SP HTTP/x.y CRLF`."
        case .invalidTarget: "The request target must be a path (with an optional query), an absolute http(s) URI without a fragment, or `*` for OPTIONS; a character RFC 3986 does not allow there (a brace, a quote, a space) must be percent-encoded (`curl -G --data-urlencode` does it)."
        case .requestLineTooLong: "The request line exceeds the server's limit."
        case .unsupportedVersion: "Only HTTP/1.x is supported."
        case .malformedHeader: "A header line is malformed (whitespace before the colon, obs-fold, a bare CR or LF, or an invalid byte)."
        case .headersTooLarge: "The header section exceeds the server's size or field-count limit."
        case .invalidHost: "HTTP/1.1 requests need exactly one Host header, holding a host and an optional port."
        case .invalidContentLength: "Content-Length must be one or more decimal digits within range."
        case .conflictingContentLength: "Content-Length values disagree."
        case .contentLengthWithTransferEncoding: "Content-Length and Transfer-Encoding cannot both be sent."
        case .unsupportedTransferCoding: "Only the chunked transfer coding is supported."
        case .invalidTransferEncoding: "Transfer-Encoding must end with chunked, exactly once."
        case .malformedChunk: "The chunked body is malformed."
        case .bodyTooLarge: "The request body exceeds the server's limit."
        }
    }
}
