// Byte classes from RFC 9110/9112, as switch tables the optimiser turns into range checks.

let asciiCR = UInt8(ascii: "\r")
let asciiLF = UInt8(ascii: "\n")
let asciiSpace = UInt8(ascii: " ")
let asciiTab = UInt8(ascii: "\t")

/// `tchar`: the characters of a method, a header name or a transfer coding.
@inline(__always)
func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
         UInt8(ascii: "0")...UInt8(ascii: "9"):
        true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
         UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
         UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
        true
    default:
        false
    }
}

/// A request-target byte: visible ASCII only (no spaces, controls or raw non-ASCII).
@inline(__always)
func isTargetByte(_ byte: UInt8) -> Bool {
    byte >= 0x21 && byte <= 0x7E
}

/// `field-vchar / SP / HTAB` with `obs-text`: everything but controls and DEL.
@inline(__always)
func isFieldValueByte(_ byte: UInt8) -> Bool {
    byte == asciiTab || (byte >= 0x20 && byte != 0x7F)
}

@inline(__always)
func isOptionalWhitespace(_ byte: UInt8) -> Bool {
    byte == asciiSpace || byte == asciiTab
}

/// The value of a hexadecimal digit, or nil.
@inline(__always)
func hexDigitValue(_ byte: UInt8) -> Int? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte &- UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte &- UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte &- UInt8(ascii: "A")) + 10
    default: nil
    }
}

/// Splits a comma-separated header list into trimmed, non-empty elements (RFC 9110 §5.6.1).
func listElements(_ value: String) -> [Substring] {
    value.split(separator: ",").compactMap { element in
        let trimmed = trimmingOptionalWhitespace(element)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// Drops leading and trailing spaces and tabs.
func trimmingOptionalWhitespace(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
    guard let first = bytes.firstIndex(where: { !isOptionalWhitespace($0) }),
          let last = bytes.lastIndex(where: { !isOptionalWhitespace($0) })
    else { return bytes[bytes.endIndex...] }
    return bytes[first...last]
}

/// Drops leading and trailing spaces and tabs.
func trimmingOptionalWhitespace(_ text: Substring) -> Substring {
    let bytes = text.utf8
    guard let first = bytes.firstIndex(where: { !isOptionalWhitespace($0) }),
          let last = bytes.lastIndex(where: { !isOptionalWhitespace($0) })
    else { return text[text.endIndex...] }
    return text[first...last]
}

/// RFC 3986 `unreserved`: letters, digits, `-`, `.`, `_`, `~`.
@inline(__always)
func isUnreserved(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
         UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
        true
    default:
        false
    }
}

/// RFC 3986 `sub-delims`.
@inline(__always)
func isSubDelimiter(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
         UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="):
        true
    default:
        false
    }
}

/// RFC 3986 `pchar` less `%XX` (checked by the caller): a path segment's characters.
@inline(__always)
func isPathCharacter(_ byte: UInt8) -> Bool {
    isUnreserved(byte) || isSubDelimiter(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@")
}
