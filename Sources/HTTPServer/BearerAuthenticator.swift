/// Checks `Authorization: Bearer <token>` on paths under a prefix, in constant time.
struct BearerAuthenticator: Sendable {
    private let token: [UInt8]
    private let protectedPrefix: String

    init(token: String, protectedPrefix: String) {
        self.token = Array(token.utf8)
        self.protectedPrefix = protectedPrefix
    }

    /// Whether the path needs a token: under the prefix, or the prefix without its slash.
    func protects(path: String) -> Bool {
        path.hasPrefix(protectedPrefix) || (protectedPrefix.hasSuffix("/") && path == String(protectedPrefix.dropLast()))
    }

    /// Whether exactly one `Authorization` field carries the right bearer token.
    func authorizes(_ headers: HTTPHeaders) -> Bool {
        let values = headers.values("authorization")
        guard values.count == 1 else { return false }
        let credentials = trimmingOptionalWhitespace(Substring(values[0]))
        let scheme = "bearer "
        guard credentials.utf8.count > scheme.utf8.count,
              credentials.prefix(scheme.count).lowercased() == scheme
        else { return false }
        let presented = trimmingOptionalWhitespace(credentials.dropFirst(scheme.count))
        return Self.constantTimeEquals(Array(presented.utf8), token)
    }

    /// Compares without an early exit, so timing reveals at most the expected length.
    static func constantTimeEquals(_ presented: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = presented.count == expected.count ? 0 : 1
        for index in expected.indices {
            difference |= expected[index] ^ (index < presented.count ? presented[index] : 0)
        }
        return difference == 0
    }
}
