/// What a cached value is: the meaning of a request (its hash) in one representation. JSON and
/// text renderings of one result share a `spec_hash` but not their bytes.
struct CacheKey: Hashable, Sendable {
    var hash: SpecHash
    var representation: Representation
}

/// Encoded results by what they mean.
typealias ResultCache = LRUCache<CacheKey, [UInt8]>
