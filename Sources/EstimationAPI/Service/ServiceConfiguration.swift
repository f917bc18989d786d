/// The service's tunables. The defaults suit one process serving a team: a cached result is a few
/// kilobytes, so 10,000 entries stay far below 64 MiB.
public struct ServiceConfiguration: Sendable {
    /// Most results the cache holds; 0 disables caching.
    public var cacheMaxEntries: Int
    /// Most bytes of encoded results the cache holds.
    public var cacheMaxBytes: Int
    /// Deepest JSON nesting a request body may use.
    public var maxJSONDepth: Int
    /// The OpenAPI document served at `GET /openapi.yaml`; empty answers 404.
    public var openAPIDocument: [UInt8]

    public init(
        cacheMaxEntries: Int = 10_000, cacheMaxBytes: Int = 64 << 20, maxJSONDepth: Int = 64,
        openAPIDocument: [UInt8] = []
    ) {
        self.cacheMaxEntries = cacheMaxEntries
        self.cacheMaxBytes = cacheMaxBytes
        self.maxJSONDepth = maxJSONDepth
        self.openAPIDocument = openAPIDocument
    }
}
