import COpenSSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How the health probe talks over its connected, blocking socket: plain bytes, or TLS.
protocol ProbeTransport {
    /// Bytes sent; fewer than `bytes.count` (or negative) is a failure.
    func send(_ bytes: [UInt8]) -> Int
    /// Bytes read into `buffer`; 0 or less at the end of the stream or on an error.
    func receive(into buffer: inout [UInt8]) -> Int
}

struct PlainProbeTransport: ProbeTransport {
    let fd: Int32

    func send(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func receive(into buffer: inout [UInt8]) -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            return count
        }
    }
}

/// A TLS client session that trusts exactly the certificates in one PEM file: the server's own
/// `--tls-cert`. Any certificate in it may anchor the chain, so a leaf signed by a public CA
/// verifies too; names are not checked, since the probe dials a local address, not the name the
/// certificate was issued for.
final class TLSProbeTransport: ProbeTransport {
    private let context: OpaquePointer
    private let ssl: OpaquePointer

    /// Handshakes over `fd` (blocking, with the socket's timeouts).
    init(fd: Int32, trusting certificatePath: String) throws(HealthProbe.Problem) {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw HealthProbe.Problem(description: "TLS: cannot create a context") }
        // An SSL copies its context's verification settings when created: configure them first.
        guard SSL_CTX_load_verify_locations(context, certificatePath, nil) == 1 else {
            SSL_CTX_free(context)
            throw HealthProbe.Problem(description: "TLS: cannot read the certificate \(certificatePath)")
        }
        X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(context), UInt(X509_V_FLAG_PARTIAL_CHAIN))
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw HealthProbe.Problem(description: "TLS: cannot create a session")
        }
        self.context = context
        self.ssl = ssl
        SSL_set_fd(ssl, fd)
        guard SSL_connect(ssl) == 1 else {
            let verdict = SSL_get_verify_result(ssl)
            let reason = verdict == X509_V_OK ? "the handshake failed" : String(cString: X509_verify_cert_error_string(verdict))
            throw HealthProbe.Problem(description: "TLS: " + reason)
        }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    func send(_ bytes: [UInt8]) -> Int {
        Int(SSL_write(ssl, bytes, Int32(clamping: bytes.count)))
    }

    func receive(into buffer: inout [UInt8]) -> Int {
        Int(SSL_read(ssl, &buffer, Int32(clamping: buffer.count)))
    }
}
