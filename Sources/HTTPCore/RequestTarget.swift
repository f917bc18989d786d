/// A request-target (RFC 9112 §3.2) checked against RFC 3986's grammar and split into path and
/// query. Origin form (`/path?query`), absolute form (`http://host/path?query`, which servers must
/// accept) and asterisk form (`*`, for `OPTIONS *` only) are served; authority form (CONNECT) is a
/// proxy's business and refused. A fragment (`#`) never belongs in a request.
public struct RequestTarget: Sendable, Equatable {
    public enum Form: Sendable, Equatable {
        case origin, absolute, asterisk
    }

    /// The target exactly as sent.
    public var text: String
    public var form: Form
    /// Always starts with `/`, except for the asterisk form's `*`.
    public var path: String
    public var query: String?

    /// Parses and checks a target; nil when it is not one we serve.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> RequestTarget? {
        guard let first = bytes.first else { return nil }
        if first == UInt8(ascii: "/") {
            guard let (path, query) = pathAndQuery(bytes, from: 0) else { return nil }
            return RequestTarget(text: string(bytes, 0..<bytes.count), form: .origin, path: path, query: query)
        }
        if bytes.count == 1, first == UInt8(ascii: "*") {
            return RequestTarget(text: "*", form: .asterisk, path: "*", query: nil)
        }
        guard let pathStart = authorityEnd(bytes) else { return nil }
        let text = string(bytes, 0..<bytes.count)
        if pathStart == bytes.count { return RequestTarget(text: text, form: .absolute, path: "/", query: nil) }
        if bytes[pathStart] == UInt8(ascii: "?") {
            // `http://host?q`: an empty path with a query, which RFC 9112 §3.2.1 reads as `/?q`.
            guard let (_, query) = pathAndQuery(bytes, from: pathStart) else { return nil }
            return RequestTarget(text: text, form: .absolute, path: "/", query: query)
        }
        guard let (path, query) = pathAndQuery(bytes, from: pathStart) else { return nil }
        return RequestTarget(text: text, form: .absolute, path: path, query: query)
    }

    /// `path [ "?" query ]` from `start`: pchars, `/`, and in the query `?` as well.
    private static func pathAndQuery(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (String, String?)? {
        var index = start
        var queryStart: Int?
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard isPercentEncoded(bytes, at: index) else { return nil }
                index += 3
                continue
            }
            if byte == UInt8(ascii: "?"), queryStart == nil {
                queryStart = index + 1
            } else if !(isPathCharacter(byte) || byte == UInt8(ascii: "/") || (queryStart != nil && byte == UInt8(ascii: "?"))) {
                return nil
            }
            index += 1
        }
        guard let queryStart else { return (string(bytes, start..<bytes.count), nil) }
        return (string(bytes, start..<(queryStart - 1)), string(bytes, queryStart..<bytes.count))
    }

    /// For the absolute form: checks `scheme "://" authority` and returns where the path begins.
    private static func authorityEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        // `http` or `https`, case-insensitively, then `://`.
        guard bytes.count > 4, asciiCaseInsensitiveEquals(bytes.prefix(4), "http".utf8) else { return nil }
        var start = 4
        if asciiLowercased(bytes[start]) == UInt8(ascii: "s") { start += 1 }
        guard bytes.count >= start + 3, bytes[start] == UInt8(ascii: ":"), bytes[start + 1] == UInt8(ascii: "/"),
            bytes[start + 2] == UInt8(ascii: "/")
        else { return nil }
        start += 3
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "/"), bytes[end] != UInt8(ascii: "?") { end += 1 }
        // An authority with no host is no resource; userinfo (`user@`) is refused (RFC 9110 §4.2.4).
        guard end > start, isValidHost(UnsafeBufferPointer(rebasing: bytes[start..<end])) else { return nil }
        return end
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}

/// A `Host` value or an authority (RFC 9110 §7.2, RFC 3986 §3.2.2): `host [ ":" port ]`, the host
/// an IP literal in brackets or a registered name (unreserved, sub-delims, `%XX`), the port digits.
/// Empty is allowed (a target without an authority).
func isValidHost(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    if bytes.first == UInt8(ascii: "[") {
        guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1 else { return false }
        // IPv6 (hex and colons, a dotted tail), IPvFuture, and RFC 6874's zone (`%25eth0`).
        for byte in bytes[1..<close]
        where !(isUnreserved(byte) || isSubDelimiter(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "%")) {
            return false
        }
        index = close + 1
    } else {
        while index < bytes.count, bytes[index] != UInt8(ascii: ":") {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard isPercentEncoded(bytes, at: index) else { return false }
                index += 3
                continue
            }
            guard isUnreserved(byte) || isSubDelimiter(byte) else { return false }
            index += 1
        }
    }
    guard index < bytes.count else { return true }
    guard bytes[index] == UInt8(ascii: ":") else { return false }
    return bytes[(index + 1)...].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
}

/// Whether the `%` at `index` starts a `%XX` escape.
private func isPercentEncoded(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
    index + 2 < bytes.count && hexDigitValue(bytes[index + 1]) != nil && hexDigitValue(bytes[index + 2]) != nil
}
