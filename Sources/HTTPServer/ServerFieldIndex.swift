/// Where the few header fields the server itself acts on sit in a request's header list. The parser
/// notes each one as it commits the field (names compared as bytes, case-insensitively), so framing,
/// keep-alive, `Expect` and content negotiation never search the list by name.
struct ServerFieldIndex: Sendable {
    enum Name: Int, CaseIterable {
        case contentLength, transferEncoding, connection, expect, host, acceptEncoding, authorization

        /// The lower-case field name.
        var text: String {
            switch self {
            case .contentLength: "content-length"
            case .transferEncoding: "transfer-encoding"
            case .connection: "connection"
            case .expect: "expect"
            case .host: "host"
            case .acceptEncoding: "accept-encoding"
            case .authorization: "authorization"
            }
        }

        /// Which server field `bytes` names, in any letter case, or nil. Names differ in length, so
        /// the length picks the one candidate to compare.
        static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> Name? {
            let candidate: Name
            switch bytes.count {
            case 4: candidate = .host
            case 6: candidate = .expect
            case 10: candidate = .connection
            case 13: candidate = .authorization
            case 14: candidate = .contentLength
            case 15: candidate = .acceptEncoding
            case 17: candidate = .transferEncoding
            default: return nil
            }
            var text = candidate.text
            let matches = text.withUTF8 { expected in
                for index in 0..<expected.count where asciiLowercased(bytes[index]) != expected[index] { return false }
                return true
            }
            return matches ? candidate : nil
        }
    }

    /// Per name: the index of its first field and how many there are. Fixed size and small, since
    /// every connection holds one: 16-bit slots, the count saturating and an index that does not
    /// fit marked `unindexed` (both only possible with header limits far above the defaults).
    private var first = SIMD8<UInt16>(repeating: 0)
    private var counts = SIMD8<UInt16>(repeating: 0)
    private static let unindexed = UInt16.max

    init() {}

    /// Notes that field number `index` of the header list has this name.
    mutating func note(_ name: Name, at index: Int) {
        let slot = name.rawValue
        if counts[slot] == 0 { first[slot] = UInt16(exactly: index) ?? Self.unindexed }
        if counts[slot] < UInt16.max { counts[slot] += 1 }
    }

    /// How many fields have this name (saturating at 65,535).
    func count(_ name: Name) -> Int {
        Int(counts[name.rawValue])
    }

    /// Every value of the named field, in order (one indexed read for the usual single field).
    func values(_ name: Name, in headers: HTTPHeaders) -> [String] {
        let slot = name.rawValue
        switch counts[slot] {
        case 0: return []
        case 1 where first[slot] != Self.unindexed: return [headers.fields[Int(first[slot])].value]
        default: return headers.values(name.text)
        }
    }
}
