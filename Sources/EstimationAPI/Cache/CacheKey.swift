/// What a cached value is: the meaning of a request (its hash) in one representation. JSON and
/// text renderings of one result share a `spec_hash` but not their bytes.
struct CacheKey: Hashable, Sendable {
    var hash: SpecHash
    var representation: Representation
}

/// What the cache keeps of a computed answer: the rendered sections and the warnings about the
/// request's options, both fixed by the hash. Provenance is added around them on every response.
struct CachedResult: Sendable {
    var body: [UInt8]
    var warnings: [String]

    /// Its charge against the cache's byte bound.
    var cost: Int { warnings.reduce(body.count) { $0 + $1.utf8.count } }
}

/// Computed answers by what they mean.
typealias ResultCache = LRUCache<CacheKey, CachedResult>
