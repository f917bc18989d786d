import Foundation
@testable import HTTPCore
@testable import HTTPServer
import HTTPTestSupport
import Testing

/// docs/server.md, Connections: optional TLS from a certificate and key file (a self-signed one made at test
/// time with the `openssl` CLI, which CI must have installed).
@Suite struct TLSRuleTests {
    /// A test server speaking TLS with `certificate`.
    private static func tlsServer(_ certificate: SelfSignedCertificate) throws -> TestServer {
        try TestServer {
            $0.tls = TLSConfiguration(certificatePath: certificate.certificatePath, keyPath: certificate.keyPath)
        }
    }

    @Test func servesOverTLSWithKeepAlive() throws {
        let certificate = try SelfSignedCertificate()
        defer { certificate.remove() }
        let server = try Self.tlsServer(certificate)
        defer { server.stop() }
        let client = try HTTPConnection(port: server.port, trustingCertificateAt: certificate.certificatePath)
        let first = try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(first.status == 200)
        #expect(first.reason == "OK")
        #expect(first.text == "hello")
        let second = try client.exchange("GET /large HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(second.body == TestServer.largeJSON)
    }

    @Test("Plain HTTP on the TLS port gets a plain-text 400 saying so, not a reset; serving continues")
    func plaintextOnTheTLSPortIsAnsweredAndServingContinues() throws {
        let certificate = try SelfSignedCertificate()
        defer { certificate.remove() }
        let server = try Self.tlsServer(certificate)
        defer { server.stop() }
        let plain = try server.client()
        let answer = try plain.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(answer.status == 400)
        #expect(answer.header("connection") == "close")
        #expect(answer.text.contains("HTTPS"))
        #expect(plain.isClosedByServer())
        let client = try HTTPConnection(port: server.port, trustingCertificateAt: certificate.certificatePath)
        #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").text == "hello")
    }

    @Test func missingCertificateFailsAtStart() {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.tls = TLSConfiguration(certificatePath: "/nonexistent/cert.pem", keyPath: "/nonexistent/key.pem")
        let server = HTTPServer(configuration: configuration) { _ in HTTPResponse(status: 200) }
        #expect(throws: TLSContext.Failure.self) { try server.start() }
    }
}
