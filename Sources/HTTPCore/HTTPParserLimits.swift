/// Hard limits the request parser enforces while it reads, so no input can make it allocate or
/// work without bound. Each is checked as bytes arrive, not after the fact.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Request line including CRLF; longer → 414.
    public var maxRequestLineBytes: Int
    /// All header lines including their CRLFs (and, separately, all trailer lines); more → 431.
    public var maxHeaderBytes: Int
    /// Header fields (and, separately, trailer fields); more → 431.
    public var maxHeaderCount: Int
    /// Decoded body bytes; more → 413.
    public var maxBodyBytes: Int
    /// Limits in place of `maxBodyBytes` for bodies whose `Content-Type` is one of these (an uploaded
    /// model may be far larger than any JSON request).
    public var maxBodyBytesByMediaType: [MediaType: Int]
    /// Chunk extensions (`;name=value`) per chunk line; longer → 400.
    public var maxChunkExtensionBytes: Int

    public init(
        maxRequestLineBytes: Int = 8 * 1024, maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1024 * 1024, maxBodyBytesByMediaType: [MediaType: Int] = [:], maxChunkExtensionBytes: Int = 256
    ) {
        self.maxRequestLineBytes = max(16, maxRequestLineBytes)
        self.maxHeaderBytes = max(0, maxHeaderBytes)
        self.maxHeaderCount = max(0, maxHeaderCount)
        self.maxBodyBytes = max(0, maxBodyBytes)
        self.maxBodyBytesByMediaType = maxBodyBytesByMediaType.mapValues { max(0, $0) }
        self.maxChunkExtensionBytes = max(0, maxChunkExtensionBytes)
    }

    /// The body limit for a request with this `Content-Type`.
    public func maxBodyBytes(contentType: String?) -> Int {
        guard contentType != nil, !maxBodyBytesByMediaType.isEmpty else { return maxBodyBytes }
        return maxBodyBytesByMediaType.first { $0.key.matches(contentType: contentType) }?.value ?? maxBodyBytes
    }
}
