#if canImport(Glibc)
import Glibc
#endif

/// Why a test client gave up: a socket call failed, TLS failed, or the server's bytes were not the
/// HTTP/1.1 response expected. A failed expectation, never a crash or a hang.
public struct HTTPTestFailure: Error, CustomStringConvertible {
    public let description: String
    /// The `errno` of the failing system call, when one failed.
    public let errorNumber: Int32?

    public init(_ description: String, errorNumber: Int32? = nil) {
        self.description = description
        self.errorNumber = errorNumber
    }

    /// The peer closed or reset the connection under us (EPIPE, ECONNRESET): a server may answer
    /// early (413, 401) and close before reading all a client sends.
    public var isPeerClosed: Bool {
        errorNumber == EPIPE || errorNumber == ECONNRESET
    }
}
