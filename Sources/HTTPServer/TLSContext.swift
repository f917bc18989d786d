import COpenSSL

/// An OpenSSL server context built once from a PEM certificate chain and key.
/// Immutable after init; OpenSSL contexts are safe to share across threads for `SSL_new`.
final class TLSContext: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let context: OpaquePointer

    init(_ configuration: TLSConfiguration) throws {
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw Failure(description: "SSL_CTX_new: \(Self.lastError())") }
        self.context = context
        SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil)
        // Partial writes and a moving buffer let SSL_write resume exactly like send().
        SSL_CTX_ctrl(context, SSL_CTRL_MODE, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER), nil)
        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificatePath) == 1 else {
            throw Failure(description: "certificate \(configuration.certificatePath): \(Self.lastError())")
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.keyPath, SSL_FILETYPE_PEM) == 1,
              SSL_CTX_check_private_key(context) == 1
        else {
            throw Failure(description: "private key \(configuration.keyPath): \(Self.lastError())")
        }
    }

    deinit {
        SSL_CTX_free(context)
    }

    static func lastError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "unknown error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// One connection's TLS state. Confined to the connection's worker, like the connection.
final class TLSSession: @unchecked Sendable {
    private let ssl: OpaquePointer
    /// Set once the client's first byte was seen to be no plain-text request.
    var handshakeBegun = false

    init?(context: TLSContext, fd: Int32) {
        guard let ssl = SSL_new(context.context) else { return nil }
        self.ssl = ssl
        SSL_set_fd(ssl, fd)
        SSL_set_accept_state(ssl)  // the handshake happens inside the first SSL_read
    }

    deinit {
        SSL_free(ssl)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportResult {
        ERR_clear_error()
        let count = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        return count > 0 ? .transferred(Int(count)) : result(of: count)
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> TransportResult {
        guard !bytes.isEmpty else { return .transferred(0) }
        ERR_clear_error()
        let count = SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
        return count > 0 ? .transferred(Int(count)) : result(of: count)
    }

    /// Sends close_notify, best effort (the socket is non-blocking and about to close).
    func shutdown() {
        ERR_clear_error()
        SSL_shutdown(ssl)
    }

    private func result(of returnCode: Int32) -> TransportResult {
        switch SSL_get_error(ssl, returnCode) {
        case SSL_ERROR_WANT_READ: .wouldBlock(waitForWritable: false)
        case SSL_ERROR_WANT_WRITE: .wouldBlock(waitForWritable: true)
        case SSL_ERROR_ZERO_RETURN: .closed
        default: .failed
        }
    }
}
