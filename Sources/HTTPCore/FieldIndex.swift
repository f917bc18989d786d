/// The header fields the server and the service act on, found without searching the header list.
public enum IndexedField: Int, CaseIterable, Sendable {
    case contentLength, transferEncoding, connection, expect, host, acceptEncoding, authorization
    case accept, contentType, ifNoneMatch, origin, accessControlRequestMethod

    /// The lower-case field name.
    public var name: String {
        switch self {
        case .contentLength: "content-length"
        case .transferEncoding: "transfer-encoding"
        case .connection: "connection"
        case .expect: "expect"
        case .host: "host"
        case .acceptEncoding: "accept-encoding"
        case .authorization: "authorization"
        case .accept: "accept"
        case .contentType: "content-type"
        case .ifNoneMatch: "if-none-match"
        case .origin: "origin"
        case .accessControlRequestMethod: "access-control-request-method"
        }
    }

    /// Which indexed field `bytes` names, in any letter case, or nil. The length and the first letter
    /// pick the one candidate to compare.
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> IndexedField? {
        guard let first = bytes.first else { return nil }
        let candidate: IndexedField
        switch (bytes.count, asciiLowercased(first)) {
        case (4, _): candidate = .host
        case (6, UInt8(ascii: "e")): candidate = .expect
        case (6, UInt8(ascii: "a")): candidate = .accept
        case (6, UInt8(ascii: "o")): candidate = .origin
        case (10, _): candidate = .connection
        case (12, _): candidate = .contentType
        case (13, UInt8(ascii: "a")): candidate = .authorization
        case (13, UInt8(ascii: "i")): candidate = .ifNoneMatch
        case (14, _): candidate = .contentLength
        case (15, _): candidate = .acceptEncoding
        case (17, _): candidate = .transferEncoding
        case (29, _): candidate = .accessControlRequestMethod
        default: return nil
        }
        var text = candidate.name
        let matches = text.withUTF8 { expected in
            for index in 0..<expected.count where asciiLowercased(bytes[index]) != expected[index] { return false }
            return true
        }
        return matches ? candidate : nil
    }
}

/// Where the indexed fields sit in a request's header list. The parser notes each one as it commits
/// the field, so framing, keep-alive, `Expect`, negotiation and CORS never search the list by name.
struct FieldIndex: Sendable, Equatable {
    /// Per field: the index of its first line and how many there are. Fixed size and small, since
    /// every request carries one: byte slots, the count saturating and an index that does not fit
    /// marked `unindexed` (found by a search instead; both need header limits above the defaults).
    private var first = SIMD16<UInt8>(repeating: 0)
    private var counts = SIMD16<UInt8>(repeating: 0)
    private static let unindexed = UInt8.max

    init() {}

    /// Indexes a header list built in code.
    init(_ headers: HTTPHeaders) {
        for (position, field) in headers.fields.enumerated() {
            var name = field.name
            if let known = name.withUTF8({ IndexedField.of($0) }) { note(known, at: position) }
        }
    }

    /// Notes that line `index` of the header list is this field.
    mutating func note(_ field: IndexedField, at index: Int) {
        let slot = field.rawValue
        if counts[slot] == 0 { first[slot] = index < Int(Self.unindexed) ? UInt8(index) : Self.unindexed }
        if counts[slot] < UInt8.max { counts[slot] += 1 }
    }

    /// How many lines the field has (saturating at 255).
    func count(_ field: IndexedField) -> Int {
        Int(counts[field.rawValue])
    }

    /// Every value of the field, in order (one indexed read for the usual single line).
    func values(_ field: IndexedField, in headers: HTTPHeaders) -> [String] {
        switch counts[field.rawValue] {
        case 0: []
        case 1 where first[field.rawValue] != Self.unindexed: [headers.fields[Int(first[field.rawValue])].value]
        default: headers.values(field.name)
        }
    }

    /// The field's lines joined with ", ", or nil when absent.
    func combinedValue(_ field: IndexedField, in headers: HTTPHeaders) -> String? {
        switch counts[field.rawValue] {
        case 0: nil
        case 1 where first[field.rawValue] != Self.unindexed: headers.fields[Int(first[field.rawValue])].value
        default: headers.values(field.name).joined(separator: ", ")
        }
    }
}
