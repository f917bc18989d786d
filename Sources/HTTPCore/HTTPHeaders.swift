/// One header field as it appeared on the wire (name case preserved).
public struct HTTPField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A small ordered list of header fields with ASCII case-insensitive lookup
/// (`headers["content-type"]`). Order and duplicates are kept, as HTTP requires.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [HTTPField] = []

    public init() {}

    public init(_ fields: [HTTPField]) {
        self.fields = fields
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { HTTPField(name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[HTTPField]> {
        fields.makeIterator()
    }

    /// The first value of the named field, or nil. Setting replaces every field of that name
    /// (nil removes them).
    public subscript(name: String) -> String? {
        get { fields.first { asciiCaseInsensitiveEquals($0.name, name) }?.value }
        set {
            if let index = fields.firstIndex(where: { asciiCaseInsensitiveEquals($0.name, name) }), let newValue {
                fields[index].value = newValue
                let after = fields.index(after: index)
                fields[after...].removeAll { asciiCaseInsensitiveEquals($0.name, name) }
            } else {
                remove(name)
                if let newValue { fields.append(HTTPField(name: name, value: newValue)) }
            }
        }
    }

    /// Every value of the named field, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { asciiCaseInsensitiveEquals($0.name, name) }.map(\.value)
    }

    /// Whether a field of that name is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { asciiCaseInsensitiveEquals($0.name, name) }
    }

    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// Appends a field, keeping any existing ones of the same name.
    public mutating func add(name: String, value: String) {
        fields.append(HTTPField(name: name, value: value))
    }

    /// Removes every field of that name.
    public mutating func remove(_ name: String) {
        fields.removeAll { asciiCaseInsensitiveEquals($0.name, name) }
    }
}

/// Compares two strings byte by byte, folding ASCII letters only (header names are ASCII tokens).
/// Lengths first, then the bytes in place: headers are looked up on every request.
func asciiCaseInsensitiveEquals(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
    let (left, right) = (lhs.utf8, rhs.utf8)
    guard left.count == right.count else { return false }
    let inPlace = left.withContiguousStorageIfAvailable { leftBytes in
        right.withContiguousStorageIfAvailable { rightBytes in
            for index in 0..<leftBytes.count where asciiLowercased(leftBytes[index]) != asciiLowercased(rightBytes[index]) {
                return false
            }
            return true
        }
    }
    return (inPlace ?? nil) ?? asciiCaseInsensitiveEquals(left, right)
}

func asciiCaseInsensitiveEquals(_ lhs: some Sequence<UInt8>, _ rhs: some Sequence<UInt8>) -> Bool {
    var left = lhs.makeIterator()
    var right = rhs.makeIterator()
    while true {
        switch (left.next(), right.next()) {
        case (nil, nil):
            return true
        case let (l?, r?) where asciiLowercased(l) == asciiLowercased(r):
            continue
        default:
            return false
        }
    }
}

/// Whether `text` contains `lowercasePattern` (which must be lower-case ASCII), folding ASCII
/// letters of `text` only. A plain scan: the texts are response header values set by handlers.
func asciiCaseInsensitiveContains(_ text: String, _ lowercasePattern: String) -> Bool {
    let haystack = text.utf8
    let needle = lowercasePattern.utf8
    guard needle.count <= haystack.count else { return false }
    var start = haystack.startIndex
    let lastStart = haystack.index(haystack.endIndex, offsetBy: -needle.count)
    while true {
        if asciiCaseInsensitiveEquals(haystack[start...].prefix(needle.count), needle) { return true }
        guard start < lastStart else { return false }
        haystack.formIndex(after: &start)
    }
}

@inline(__always)
func asciiLowercased(_ byte: UInt8) -> UInt8 {
    byte &- 0x41 < 26 ? byte | 0x20 : byte
}
