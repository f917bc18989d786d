/// How a request's body is delimited (RFC 9112 §6), decided once the header section is complete.
public enum HTTPBodyFraming: Equatable, Sendable {
    case none
    case length(Int)
    case chunked

    public var expectsBody: Bool {
        switch self {
        case .none, .length(0): false
        case .length, .chunked: true
        }
    }

    /// Transfer codings we recognise but cannot decode in a request body: a final one of these is
    /// a client error (400); anything unrecognised is 501.
    private static let knownCodings: Set<String> = ["gzip", "x-gzip", "deflate", "compress", "x-compress", "identity"]

    /// Reads `Content-Length` and `Transfer-Encoding`, rejecting every smuggling-shaped combination:
    /// both at once, disagreeing lengths, signs or spaces inside a length, chunked not last or twice.
    init(
        headers: HTTPHeaders, index: FieldIndex, version: HTTPVersion, maxBodyBytes: Int
    ) throws(HTTPParseError) {
        if index.count(.transferEncoding) > 0 {
            guard index.count(.contentLength) == 0 else { throw .contentLengthWithTransferEncoding }
            guard version != .http1_0 else { throw .invalidTransferEncoding }
            let codings = index.values(.transferEncoding, in: headers).flatMap(listElements)
            try Self.validate(codings: codings.map { $0.lowercased() })
            self = .chunked
        } else if index.count(.contentLength) > 0 {
            let length = try Self.contentLength(index.values(.contentLength, in: headers))
            guard length <= maxBodyBytes else { throw .bodyTooLarge }
            self = .length(length)
        } else {
            self = .none
        }
    }

    private static func validate(codings: [String]) throws(HTTPParseError) {
        guard let last = codings.last else { throw .invalidTransferEncoding }
        guard last == "chunked" else {
            throw knownCodings.contains(last) ? .invalidTransferEncoding : .unsupportedTransferCoding
        }
        for coding in codings.dropLast() {
            // A second chunked is a framing error; any other coding before it we cannot decode.
            throw coding == "chunked" ? .invalidTransferEncoding : .unsupportedTransferCoding
        }
    }

    /// Every element of every `Content-Length` field must be `1*DIGIT` and all must agree. Split
    /// on bytes: these are ASCII, and splitting the String would walk it by grapheme cluster.
    private static func contentLength(_ values: [String]) throws(HTTPParseError) -> Int {
        var result: Int?
        for value in values {
            for element in value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let length = try decimal(trimmingOptionalWhitespace(element))
                if let result, result != length { throw .conflictingContentLength }
                result = length
            }
        }
        guard let result else { throw .invalidContentLength }
        return result
    }

    /// `1*DIGIT` with overflow checks; Swift's `Int("+5")` would accept a sign, so no `Int(_:)`.
    private static func decimal(_ text: Substring.UTF8View) throws(HTTPParseError) -> Int {
        guard !text.isEmpty else { throw .invalidContentLength }
        var value = 0
        for byte in text {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw .invalidContentLength }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw .invalidContentLength }
            value = sum
        }
        return value
    }
}
