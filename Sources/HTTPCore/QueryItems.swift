/// A query string's `name=value` pairs (`application/x-www-form-urlencoded`, as browsers and curl
/// write queries): pairs split on `&`, `+` a space, `%XX` a byte; a `%` without two hex digits
/// stands for itself. In order, repeats kept: what a repeat means is the reader's business.
public enum QueryItems {
    public static func pairs(_ query: String) -> [(name: String, value: String)] {
        bytePairs(query).map { ($0.name, String(decoding: $0.value, as: UTF8.self)) }
    }

    /// The pairs with each value's bytes as decoded, for a value that is not text to be shown (a
    /// JSON document, whose reader judges its UTF-8 itself).
    public static func bytePairs(_ query: String) -> [(name: String, value: [UInt8])] {
        query.utf8.split(separator: UInt8(ascii: "&")).map { pair in
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            return (String(decoding: decoded(parts[0]), as: UTF8.self), parts.count > 1 ? decoded(parts[1]) : [])
        }
    }

    private static func decoded(_ bytes: Substring.UTF8View) -> [UInt8] {
        let bytes = Array(bytes)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexDigitValue(bytes[index + 1]), let low = hexDigitValue(bytes[index + 2])
            {
                result.append(UInt8(high << 4 | low))
                index += 3
                continue
            }
            result.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index += 1
        }
        return result
    }
}
