/// A first-level memo from a request body, byte for byte, to what it means: a repeated request
/// skips parsing, validation, canonical encoding and SHA-256, and goes straight to the result
/// cache. Correct because reading a body is deterministic and the preset and hardware catalogues
/// never change while the process runs: equal bytes on one route always mean the same thing.
typealias RequestMemo = LRUCache<RequestBytesKey, RequestMeaning>

/// One route's request body exactly as received.
struct RequestBytesKey: Hashable, Sendable {
    /// Larger bodies (big config.json files) are not memoised: they are rare and would crowd out
    /// many small ones.
    static let maximumBodyBytes = 16 << 10

    /// The endpoint's type: one route's bytes mean nothing on another.
    var endpoint: ObjectIdentifier
    var body: [UInt8]

    /// What an entry costs against the memo's byte bound: the body plus the meaning's share.
    var cost: Int { body.count + 256 }

    func hash(into hasher: inout Hasher) {
        hasher.combine(endpoint)
        body.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// What a valid request means for answering it: the hash of its canonical form, and the
/// provenance its response reports.
struct RequestMeaning: Sendable {
    let specHash: SpecHash
    /// `specHash` in hexadecimal, spelled once rather than on every answer.
    let specHashHex: String
    let provenance: ModelProvenance
    let hardware: String?

    init(specHash: SpecHash, provenance: ModelProvenance, hardware: String?) {
        self.specHash = specHash
        specHashHex = specHash.hex
        self.provenance = provenance
        self.hardware = hardware
    }
}
