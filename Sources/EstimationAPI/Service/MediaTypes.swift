/// Request media types the service accepts.
enum MediaTypes {
    private static let json = Array("application/json".utf8)

    /// `application/json`, with any parameters (`; charset=utf-8`), case-insensitively. Compared
    /// byte by byte: it runs on every POST.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        var utf8 = contentType.utf8[...]
        while let first = utf8.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { utf8 = utf8.dropFirst() }
        guard utf8.count >= json.count else { return false }
        for (byte, expected) in zip(utf8, json) {
            // ASCII letters differ from their capitals only in bit 0x20; "/" has no capital.
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            if folded != expected { return false }
        }
        let rest = utf8.dropFirst(json.count)
        guard let next = rest.first else { return true }
        return next == UInt8(ascii: ";") || next == UInt8(ascii: " ") || next == UInt8(ascii: "\t")
    }
}
