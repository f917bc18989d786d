import COpenSSL

/// SHA-256 fetched from OpenSSL's provider once: the one-shot `SHA256()` fetches it on every call,
/// which costs about a third of hashing a request's canonical bytes. Fetched digests may be shared
/// across threads. (Nil only if the provider lacks SHA-256; `SHA256()` is then used.)
nonisolated(unsafe) private let sha256 = EVP_MD_fetch(nil, "SHA256", nil)

/// SHA-256 of a request's canonical bytes: what the cache is keyed by and what responses call
/// `spec_hash`. Stored as four words so that hashing and comparing it as a dictionary key is cheap.
struct SpecHash: Hashable, Sendable {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    init(of canonicalBytes: [UInt8]) {
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digest) { output in
            canonicalBytes.withUnsafeBufferPointer { input in
                let output = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
                if let fetched = sha256, EVP_Digest(input.baseAddress, input.count, output, nil, fetched, nil) == 1 {
                    return
                }
                _ = SHA256(input.baseAddress, input.count, output)
            }
        }
        words = digest
    }

    static func == (lhs: SpecHash, rhs: SpecHash) -> Bool {
        lhs.words == rhs.words
    }

    func hash(into hasher: inout Hasher) {
        // The words are already uniformly distributed; one is plenty for a hash table.
        hasher.combine(words.0)
    }

    /// Lower-case hexadecimal, 64 characters, in digest byte order.
    var hex: String {
        var digest = words
        return withUnsafeBytes(of: &digest) { raw in
            var text = [UInt8]()
            text.reserveCapacity(64)
            for byte in raw {
                text.append(Self.hexDigits[Int(byte >> 4)])
                text.append(Self.hexDigits[Int(byte & 0x0F)])
            }
            return String(decoding: text, as: UTF8.self)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
