import HTTPCore

/// Requires `Authorization: Bearer <token>` on paths under a prefix, compared in constant time;
/// answers 401 with `WWW-Authenticate: Bearer` otherwise. `/healthz` and `/metrics` lie outside
/// the default prefix (`/v1/`), so probes and scrapers need no token.
struct BearerAuthPolicy: HTTPPolicy {
    private let token: [UInt8]
    private let protectedPrefix: String

    init(token: String, protectedPrefix: String) {
        self.token = Array(token.utf8)
        self.protectedPrefix = protectedPrefix
    }

    func answer(_ head: HTTPRequestHead) -> HTTPResponse? {
        guard protects(path: head.target.path), !authorizes(head.values(.authorization)) else { return nil }
        return .serverProblem(.unauthorized, detail: "A valid bearer token is required.", headers: ["WWW-Authenticate": "Bearer"])
    }

    /// Whether the path needs a token: under the prefix, or the prefix without its slash.
    func protects(path: String) -> Bool {
        path.hasPrefix(protectedPrefix) || (protectedPrefix.hasSuffix("/") && path == String(protectedPrefix.dropLast()))
    }

    /// Whether exactly one `Authorization` field carries the right bearer token (the scheme's name
    /// in any letter case).
    func authorizes(_ values: [String]) -> Bool {
        guard values.count == 1 else { return false }
        let credentials = Array(values[0].utf8)
        let scheme = Array("bearer ".utf8)
        var start = credentials.firstIndex { !Self.isBlank($0) } ?? credentials.count
        guard credentials.count - start > scheme.count,
            zip(credentials[start...], scheme).allSatisfy({ $0.0 == $0.1 || $0.0 | 0x20 == $0.1 && $0.1 != 0x20 })
        else { return false }
        start += scheme.count
        while start < credentials.count, Self.isBlank(credentials[start]) { start += 1 }
        var end = credentials.count
        while end > start, Self.isBlank(credentials[end - 1]) { end -= 1 }
        return Self.constantTimeEquals(Array(credentials[start..<end]), token)
    }

    /// Compares without an early exit, so timing reveals at most the expected length.
    static func constantTimeEquals(_ presented: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = presented.count == expected.count ? 0 : 1
        for index in expected.indices {
            difference |= expected[index] ^ (index < presented.count ? presented[index] : 0)
        }
        return difference == 0
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
