/// Writes JSON straight into bytes. Keys come out in the order the code writes them, so every
/// encoding is deterministic; integers are exact; doubles use the shortest text that reads back to
/// the same value.
///
/// Commas are placed by one flag rather than a stack: a value or a closed container sets it, an
/// opened container or a key clears it.
struct JSONWriter {
    private(set) var bytes: [UInt8]
    private var needsComma = false

    init(reservingCapacity capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: - Containers

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Splices members written by another writer (`"a":1,"b":2`) into the open object.
    mutating func members(_ fragment: [UInt8]) {
        guard !fragment.isEmpty else { return }
        separate()
        bytes.append(contentsOf: fragment)
        needsComma = true
    }

    /// Splices a value encoded before (a preset's canonical object), in a value's place.
    mutating func encoded(_ value: [UInt8]) {
        separate()
        bytes.append(contentsOf: value)
        needsComma = true
    }

    // MARK: - Scalars

    mutating func string(_ value: String) {
        separate()
        writeString(value)
        needsComma = true
    }

    mutating func integer(_ value: Int) {
        separate()
        writeInteger(value)
        needsComma = true
    }

    /// Integral values within ±2^53 are written without a fraction (they are exact either way);
    /// others use Swift's shortest round-trip form. JSON has no infinities or NaN: they become null.
    mutating func number(_ value: Double) {
        separate()
        if !value.isFinite {
            bytes.append(contentsOf: "null".utf8)
        } else if value == value.rounded(.towardZero) && Swift.abs(value) <= 9_007_199_254_740_992 {
            writeInteger(Int(value))
        } else {
            // `description` is the shortest text that reads back to the same value; its bytes are
            // copied straight out rather than through the UTF-8 view's element-wise append.
            var text = value.description
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// Any parsed value; object keys sorted so that the output does not depend on hashing order.
    mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .integer(let exact): integer(exact)
        case .number(let approximate): number(approximate)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let members):
            beginObject()
            for name in members.keys.sorted() {
                key(name)
                if let member = members[name] { self.value(member) }
            }
            endObject()
        }
    }

    // MARK: - Conveniences for `"key": value` pairs

    mutating func field(_ name: String, _ value: Int) { key(name); integer(value) }
    mutating func field(_ name: String, _ value: Double) { key(name); number(value) }
    mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }
    mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    mutating func field(_ name: String, _ value: Int?) {
        key(name)
        if let value { integer(value) } else { null() }
    }

    mutating func field(_ name: String, _ value: Double?) {
        key(name)
        if let value { number(value) } else { null() }
    }

    /// `"name":` then `write(value)` when there is a value, else `"name":null`.
    mutating func optional<Value>(_ name: String, _ value: Value?, _ write: (inout JSONWriter, Value) -> Void) {
        key(name)
        if let value { write(&self, value) } else { null() }
    }

    /// `"name":{…}` with the members `body` writes for the value, else `"name":null`.
    mutating func optionalObject<Value>(
        _ name: String, _ value: Value?, _ body: (inout JSONWriter, Value) -> Void
    ) {
        optional(name, value) { json, value in
            json.beginObject()
            body(&json, value)
            json.endObject()
        }
    }

    mutating func object(_ name: String, _ body: (inout JSONWriter) -> Void) {
        key(name)
        beginObject()
        body(&self)
        endObject()
    }

    /// `"name":[{…},…]`: one object per item, its members written by `body`.
    mutating func objects<Items: Sequence>(
        _ name: String, _ items: Items, _ body: (inout JSONWriter, Items.Element) -> Void
    ) {
        key(name)
        beginArray()
        for item in items {
            beginObject()
            body(&self, item)
            endObject()
        }
        endArray()
    }

    // MARK: - Encoding

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func writeInteger(_ value: Int) {
        // Digits written backwards into 24 bytes of scratch (Int.min has 20 characters), then
        // appended in one go. The unsigned magnitude covers Int.min and divides by 10 without the
        // signed fix-ups.
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { raw in
            let digits = raw.bindMemory(to: UInt8.self)
            var position = digits.count
            var remaining = value.magnitude
            repeat {
                position -= 1
                let (quotient, digit) = remaining.quotientAndRemainder(dividingBy: 10)
                digits[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: digit)
                remaining = quotient
            } while remaining != 0
            if value < 0 {
                position -= 1
                digits[position] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[position...]))
        }
    }

    /// Copies runs that need no escaping in one go (every key is one run), skipping eight bytes at
    /// a time while a word holds nothing to escape.
    private mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            let raw = UnsafeRawBufferPointer(utf8)
            var runStart = 0
            var index = 0
            while index < utf8.count {
                if index + 8 <= utf8.count,
                    !Self.mayNeedEscaping(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = utf8[index]
                if Self.needsEscaping(byte) {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    writeEscaped(byte)
                    runStart = index + 1
                }
                index += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F
    }

    /// Whether any of the eight bytes needs escaping (exactly, with no false answers either way).
    /// The standard bit tricks: `x - 0x01…` borrows into a byte's top bit only where the
    /// byte was below the subtrahend, and `& ~x` drops bytes that had the top bit set already.
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tops: UInt64 = 0x8080_8080_8080_8080
        func hasByteBelow(_ x: UInt64, _ bound: UInt64) -> Bool { (x &- ones &* bound) & ~x & tops != 0 }
        func hasByte(_ x: UInt64, _ byte: UInt64) -> Bool { hasByteBelow(x ^ (ones &* byte), 1) }
        return hasByteBelow(word, 0x20) || hasByte(word, 0x22) || hasByte(word, 0x5C) || hasByte(word, 0x7F)
    }

    private mutating func writeEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0x00..<0x20, 0x7F:
            bytes.append(contentsOf: "\\u00".utf8)
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        default: bytes.append(byte)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
