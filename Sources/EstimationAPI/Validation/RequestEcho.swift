/// What an answer may quote of the request: a key, a value, a path. A 100,000-character key or a
/// million-digit number comes back as its first `maximumBytes` and "…", so an answer never grows
/// with its request.
enum RequestEcho {
    static let maximumBytes = 200

    /// `text` cut to `maximumBytes` of UTF-8 on a character boundary, marked with "…".
    static func truncated(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.count > maximumBytes else { return text }
        var end = utf8.index(utf8.startIndex, offsetBy: maximumBytes)
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 { utf8.formIndex(before: &end) }
        return String(decoding: utf8[..<end], as: UTF8.self) + "…"
    }
}
