import Foundation
@testable import HTTPServer
import HTTPTestSupport
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

    @Test func servesOverTLSWithKeepAlive() throws {
        let certificate = try Self.makeCertificate()
        defer { try? FileManager.default.removeItem(at: certificate.directory) }
        let server = try TestServer {
            $0.tls = TLSConfiguration(certificatePath: certificate.certificatePath, keyPath: certificate.keyPath)
        }
        defer { server.stop() }
        let client = try HTTPConnection(port: server.port, trustingCertificateAt: certificate.certificatePath)
        let first = try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(first.status == 200)
        #expect(first.reason == "OK")
        #expect(first.text == "hello")
        let second = try client.exchange("GET /large HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(second.body == TestServer.largeJSON)
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
