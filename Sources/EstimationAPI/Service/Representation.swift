import HTTPCore

/// A form an answer can take: its media type, and the word its entity tags end with so that each
/// representation of one result has its own validator. JSON, the aligned text table
/// (`Accept: text/plain`) and an SVG chart (`Accept: image/svg+xml`); an endpoint lists those it offers.
public struct Representation: Hashable, Sendable {
    public var mediaType: MediaType
    public var tag: String

    public init(mediaType: MediaType, tag: String) {
        self.mediaType = mediaType
        self.tag = tag
    }

    /// Tags are unique, so they alone decide equality: hashing a cache key stays one short string.
    public static func == (lhs: Representation, rhs: Representation) -> Bool { lhs.tag == rhs.tag }
    public func hash(into hasher: inout Hasher) { hasher.combine(tag) }

    public static let json = Representation(mediaType: .json, tag: "json")
    public static let text = Representation(mediaType: .plainText, tag: "text")
    /// The endpoint's chart (`EstimateEndpoint.chart`), drawn from what the hash covers.
    public static let svg = Representation(mediaType: .svg, tag: "svg")

    /// The offer the client's `Accept` prefers; the first offer when it accepts none of them
    /// (answering in the default beats a 406 for a tool that forgot the header).
    static func negotiated(from offers: [Representation], accept: String?) -> Representation {
        guard let accept else { return offers[0] }  // most requests: no Accept, the default
        let index = ContentNegotiation.preferredOffer(offers.map(\.mediaType), accept: accept) ?? 0
        return offers[index]
    }
}
