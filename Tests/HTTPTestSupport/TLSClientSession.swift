import COpenSSL

/// A TLS client session over a `LoopbackSocket`, verifying the server's certificate chain against
/// one trusted certificate file (the test's self-signed one).
public final class TLSClientSession: ByteStream {
    /// Kept so the descriptor outlives the session that reads and writes it.
    private let socket: LoopbackSocket
    private let context: OpaquePointer
    private let ssl: OpaquePointer

    public init(over socket: LoopbackSocket, trusting certificatePath: String) throws {
        self.socket = socket
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw HTTPTestFailure("SSL_CTX_new: \(Self.lastError())") }
        // Verification is set on the context before SSL_new, which copies it.
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard SSL_CTX_load_verify_locations(context, certificatePath, nil) == 1, let ssl = SSL_new(context) else {
            let reason = Self.lastError()
            SSL_CTX_free(context)
            throw HTTPTestFailure("trusting \(certificatePath): \(reason)")
        }
        self.context = context
        self.ssl = ssl
        SSL_set_fd(ssl, socket.fd)
        guard SSL_connect(ssl) == 1 else { throw HTTPTestFailure("TLS handshake failed: \(Self.lastError())") }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    public func send(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        guard let count = Int32(exactly: bytes.count), SSL_write(ssl, bytes, count) == count else {
            throw HTTPTestFailure("SSL_write: \(Self.lastError())")
        }
    }

    public func receive(maxCount: Int) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: maxCount)
        let count = SSL_read(ssl, &chunk, Int32(clamping: maxCount))
        return count > 0 ? Array(chunk[..<Int(count)]) : []
    }

    /// The reason of the oldest queued OpenSSL error ("certificate verify failed").
    private static func lastError() -> String {
        let code = ERR_get_error()
        guard code != 0, let reason = ERR_reason_error_string(code) else { return "unknown error (code \(code))" }
        return String(cString: reason)
    }
}
