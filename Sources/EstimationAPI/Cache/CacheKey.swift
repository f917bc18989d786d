/// What a cached value is: the meaning of a request (its hash) in one representation. JSON and
/// text renderings of one result share a `spec_hash` but not their bytes.
struct CacheKey: Hashable, Sendable {
    var hash: SpecHash
    var representation: Representation
}

/// The media types a result can be rendered in.
enum Representation: UInt8, Hashable, Sendable {
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
