/// JSON text for callers outside this module that assemble request bodies (the `estimate`
/// command), escaped by the same writer as every response.
public enum JSONText {
    /// `text` as a JSON string literal, quotes included.
    public static func stringLiteral(_ text: String) -> String {
        var json = JSONWriter(reservingCapacity: text.utf8.count + 2)
        json.string(text)
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
