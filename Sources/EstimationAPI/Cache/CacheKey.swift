/// What a cached value is: the meaning of a request (its hash) in one representation. JSON and
/// text renderings of one result share a `spec_hash` but not their bytes.
struct CacheKey: Hashable, Sendable {
    var hash: SpecHash
    var representation: Representation
}

/// The forms an estimate can be rendered in: JSON, or the aligned text table (`Accept: text/plain`).
public enum Representation: UInt8, Hashable, Sendable {
    case json
    case text

    var contentType: String {
        switch self {
        case .json: "application/json"
        case .text: "text/plain; charset=utf-8"
        }
    }

    /// Appended to the entity tag so that each representation has its own validator.
    var tagSuffix: String {
        switch self {
        case .json: "json"
        case .text: "text"
        }
    }
}

/// Encoded results by what they mean.
typealias ResultCache = LRUCache<CacheKey, [UInt8]>
