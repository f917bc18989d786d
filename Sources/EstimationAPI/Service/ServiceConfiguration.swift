/// The service's tunables. The defaults suit one process serving a team: a cached result is a few
/// kilobytes, so 10,000 entries stay far below 64 MiB.
public struct ServiceConfiguration: Sendable {
    /// Most results the cache holds; 0 disables caching.
    public var cacheMaxEntries: Int
    /// Most bytes of encoded results the cache holds.
    public var cacheMaxBytes: Int
    /// Most request bodies remembered byte for byte (with what they mean), so that a repeated
    /// request skips parsing and hashing; 0 disables the memo.
    public var requestMemoMaxEntries: Int
    /// Most bytes of remembered bodies (each counted with a 256-byte share for its meaning).
    public var requestMemoMaxBytes: Int
    /// Deepest JSON nesting a request body may use.
    public var maxJSONDepth: Int
    /// The OpenAPI document served at `GET /openapi.yaml`; empty answers 404.
    public var openAPIDocument: [UInt8]

    public init(
        cacheMaxEntries: Int = 10_000, cacheMaxBytes: Int = 64 << 20, requestMemoMaxEntries: Int = 10_000,
        requestMemoMaxBytes: Int = 8 << 20, maxJSONDepth: Int = 64, openAPIDocument: [UInt8] = []
    ) {
        self.cacheMaxEntries = cacheMaxEntries
        self.cacheMaxBytes = cacheMaxBytes
        self.requestMemoMaxEntries = requestMemoMaxEntries
        self.requestMemoMaxBytes = requestMemoMaxBytes
        self.maxJSONDepth = maxJSONDepth
        self.openAPIDocument = openAPIDocument
    }
}
