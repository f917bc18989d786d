import COpenSSL
import Foundation
@testable import HTTPServer
import Testing

/// SERVER.md rule 22: optional TLS from a certificate and key file. The self-signed certificate is
/// made at test time with the `openssl` CLI (CI must have it installed).
@Suite struct TLSRuleTests {
    struct Certificate {
        let directory: URL
        var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
        var keyPath: String { directory.appendingPathComponent("key.pem").path }
    }

    static func makeCertificate() throws -> Certificate {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("abacus-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = Certificate(directory: directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", certificate.keyPath, "-out", certificate.certificatePath, "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl req failed: is the openssl CLI installed?")
        return certificate
    }

    /// A blocking OpenSSL client over a `RawClient` socket that verifies the server against the
    /// test certificate.
    final class TLSClient {
        let raw: RawClient
        let context: OpaquePointer
        let ssl: OpaquePointer

        init(port: Int, trusting certificatePath: String) throws {
            raw = try RawClient(port: port)
            context = try #require(SSL_CTX_new(TLS_client_method()))
            SSL_CTX_load_verify_locations(context, certificatePath, nil)
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            ssl = try #require(SSL_new(context))
            SSL_set_fd(ssl, raw.fd)
            try #require(SSL_connect(ssl) == 1, "handshake failed: \(TLSContext.lastError())")
        }

        deinit {
            SSL_free(ssl)
            SSL_CTX_free(context)
        }

        func exchange(_ request: String) throws -> String {
            let bytes = Array(request.utf8)
            try #require(SSL_write(ssl, bytes, Int32(bytes.count)) == Int32(bytes.count))
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 16384)
            // Read until the announced body is complete.
            while true {
                let count = SSL_read(ssl, &buffer, Int32(buffer.count))
                guard count > 0 else { break }
                received += buffer[..<Int(count)]
                let text = String(decoding: received, as: UTF8.self)
                if let split = text.range(of: "\r\n\r\n"),
                   let lengthLine = text[..<split.lowerBound].split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
                   let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)),
                   text.utf8.count - text[..<split.upperBound].utf8.count >= length {
                    return text
                }
            }
            return String(decoding: received, as: UTF8.self)
        }
    }

    @Test func servesOverTLSWithKeepAlive() throws {
        let certificate = try Self.makeCertificate()
        defer { try? FileManager.default.removeItem(at: certificate.directory) }
        let server = try TestServer {
            $0.tls = TLSConfiguration(certificatePath: certificate.certificatePath, keyPath: certificate.keyPath)
        }
        defer { server.stop() }
        let client = try TLSClient(port: server.port, trusting: certificate.certificatePath)
        let first = try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(first.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(first.hasSuffix("\r\n\r\nhello"))
        let second = try client.exchange("GET /large HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(second.hasSuffix(String(decoding: TestServer.largeJSON, as: UTF8.self)))
    }

    @Test func plaintextOnTheTLSPortIsDroppedAndServingContinues() throws {
        let certificate = try Self.makeCertificate()
        defer { try? FileManager.default.removeItem(at: certificate.directory) }
        let server = try TestServer {
            $0.tls = TLSConfiguration(certificatePath: certificate.certificatePath, keyPath: certificate.keyPath)
        }
        defer { server.stop() }
        let plain = try server.client()
        try plain.send("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(plain.isClosedByServer())
        let client = try TLSClient(port: server.port, trusting: certificate.certificatePath)
        #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").hasSuffix("hello"))
    }

    @Test func missingCertificateFailsAtStart() {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.tls = TLSConfiguration(certificatePath: "/nonexistent/cert.pem", keyPath: "/nonexistent/key.pem")
        let server = HTTPServer(configuration: configuration) { _ in HTTPResponse(status: 200) }
        #expect(throws: TLSContext.Failure.self) { try server.start() }
    }
}
