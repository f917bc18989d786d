/// A strict RFC 8259 reader: one pass over the bytes, so its time is linear in the input.
///
/// Strict means: no comments, no trailing commas, no leading zeros, no unescaped control characters,
/// valid UTF-8 only, no lone surrogates, and (beyond the RFC, which leaves it open) no duplicate keys,
/// because a body that says two things about one field cannot be read one way.
/// Nesting is limited so that input cannot exhaust the stack.
struct JSONReader {
    static let defaultMaxDepth = 64

    private let bytes: [UInt8]
    private let maxDepth: Int
    private var position = 0
    private var depth = 0

    private init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Parses exactly one JSON value surrounded by optional whitespace.
    static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes: bytes, maxDepth: maxDepth)
        reader.skipWhitespace()
        guard reader.position < bytes.count else {
            throw JSONSyntaxError(offset: reader.position, message: "expected a JSON value, found the end of the input")
        }
        let value = try reader.readValue()
        reader.skipWhitespace()
        guard reader.position == bytes.count else {
            throw reader.error("unexpected data after the JSON value")
        }
        return value
    }

    // MARK: - Values

    private mutating func readValue() throws(JSONSyntaxError) -> JSONValue {
        guard let byte = peek() else { throw error("expected a value, found the end of the input") }
        switch byte {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw error("unexpected character \(Self.describe(byte)); expected a value")
        }
    }

    private mutating func readObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        position += 1  // {
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object([:])
        }
        // Members are gathered first and the dictionary is built at its final size: growing it
        // member by member rehashes every key at each doubling.
        var members: [(key: String, offset: Int, value: JSONValue)] = []
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyOffset = position
            let key = try readString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
            position += 1
            skipWhitespace()
            members.append((key, keyOffset, try readValue()))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(try Self.dictionary(members))
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    private static func dictionary(
        _ members: [(key: String, offset: Int, value: JSONValue)]
    ) throws(JSONSyntaxError) -> [String: JSONValue] {
        var dictionary = [String: JSONValue](minimumCapacity: members.count)
        for member in members where dictionary.updateValue(member.value, forKey: member.key) != nil {
            throw JSONSyntaxError(offset: member.offset, message: "duplicate key \"\(member.key)\"")
        }
        return dictionary
    }

    private mutating func readArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try readValue())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let start = position
        let count = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { expected in
            guard bytes.count - start >= count else { return false }
            for index in 0..<count where bytes[start + index] != expected[index] { return false }
            return true
        }
        guard matches else { throw error("invalid literal; expected \(literal)") }
        position += count
    }

    // MARK: - Strings

    /// Reads a string starting at its opening quote. Plain runs are copied as they are; escapes are
    /// decoded; the result must be valid UTF-8.
    private mutating func readString() throws(JSONSyntaxError) -> String {
        let start = position
        position += 1  // opening quote
        var decoded: [UInt8] = []
        var runStart = position
        var allBits: UInt8 = 0  // every byte of the string or'ed: below 0x80 means ASCII
        while true {
            guard let byte = peek() else {
                throw JSONSyntaxError(offset: start, message: "unterminated string")
            }
            switch byte {
            case UInt8(ascii: "\""):
                let run = bytes[runStart..<position]
                position += 1
                // Without escapes (nearly every string) the text is the input's bytes as they are:
                // ASCII (nearly every string again) is valid UTF-8 as it stands, and anything else
                // is validated in place. An escape always leaves bytes in `decoded`.
                if decoded.isEmpty && allBits < 0x80 { return String(decoding: run, as: UTF8.self) }
                let string = decoded.isEmpty
                    ? String(validating: run, as: UTF8.self)
                    : String(validating: decoded + run, as: UTF8.self)
                guard let string else {
                    throw JSONSyntaxError(offset: start, message: "string is not valid UTF-8")
                }
                return string
            case UInt8(ascii: "\\"):
                decoded.append(contentsOf: bytes[runStart..<position])
                try readEscape(into: &decoded)
                runStart = position
            case 0x00..<0x20:
                throw error("unescaped control character \(Self.describe(byte)) in a string")
            default:
                allBits |= byte
                position += 1
            }
        }
    }

    private mutating func readEscape(into decoded: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeOffset = position
        position += 1  // backslash
        guard let byte = peek() else { throw error("unterminated escape sequence") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): decoded.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): decoded.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): decoded.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try readHex4()
            let scalarValue: UInt32
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate must be followed by an escaped low one.
                guard peek() == UInt8(ascii: "\\"), peek(at: 1) == UInt8(ascii: "u") else {
                    throw JSONSyntaxError(offset: escapeOffset, message: "unpaired high surrogate")
                }
                position += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONSyntaxError(offset: escapeOffset, message: "unpaired high surrogate")
                }
                scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            case 0xDC00...0xDFFF:
                throw JSONSyntaxError(offset: escapeOffset, message: "unpaired low surrogate")
            default:
                scalarValue = unit
            }
            guard let scalar = Unicode.Scalar(scalarValue) else {
                throw JSONSyntaxError(offset: escapeOffset, message: "invalid Unicode escape")
            }
            decoded.append(contentsOf: scalar.utf8)
        default:
            throw JSONSyntaxError(offset: escapeOffset, message: "invalid escape sequence \\\(Self.describe(byte))")
        }
    }

    private mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = Self.hexValue(byte) else {
                throw error("expected four hexadecimal digits after \\u")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    // MARK: - Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. Without fraction or exponent and
    /// within `Int`, the value stays an exact integer; otherwise it is the nearest `Double`.
    private mutating func readNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = position
        let negative = peek() == UInt8(ascii: "-")
        if negative { position += 1 }

        // Integer part, accumulated negatively so that Int.min fits.
        var accumulator = 0
        var fitsInt = true
        guard let first = peek(), Self.isDigit(first) else { throw error("expected a digit") }
        if first == UInt8(ascii: "0") {
            position += 1
            if let next = peek(), Self.isDigit(next) { throw error("leading zeros are not allowed") }
        } else {
            while let byte = peek(), Self.isDigit(byte) {
                if fitsInt {
                    let (times10, overflowA) = accumulator.multipliedReportingOverflow(by: 10)
                    let (next, overflowB) = times10.subtractingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                    if overflowA || overflowB { fitsInt = false } else { accumulator = next }
                }
                position += 1
            }
        }

        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            try readDigits(after: "'.'")
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            try readDigits(after: "an exponent")
        }

        if isInteger && fitsInt {
            if negative { return .integer(accumulator) }
            let (positive, overflow) = (0).subtractingReportingOverflow(accumulator)
            if !overflow { return .integer(positive) }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONSyntaxError(offset: start, message: "number \(text) is out of range")
        }
        return .number(value)
    }

    private mutating func readDigits(after what: String) throws(JSONSyntaxError) {
        guard let byte = peek(), Self.isDigit(byte) else { throw error("expected a digit after \(what)") }
        while let byte = peek(), Self.isDigit(byte) { position += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: - Bytes

    private func peek(at offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        {
            position += 1
        }
    }

    private func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, message: message)
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}
