import Foundation

/// A throwaway self-signed certificate and key for 127.0.0.1 (IP subjectAltName, so clients can
/// verify the server by address), made with the `openssl` CLI (CI installs it) in a fresh
/// temporary directory; `remove()` deletes it.
public struct SelfSignedCertificate: Sendable {
    public let directory: URL
    public var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
    public var keyPath: String { directory.appendingPathComponent("key.pem").path }

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("abacus-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let openssl = try ChildProcess.run("/usr/bin/env", [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyPath, "-out", certificatePath, "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ], environment: ProcessInfo.processInfo.environment)
        guard openssl.status == 0 else {
            remove()
            throw HTTPTestFailure("openssl req failed (status \(openssl.status.map(String.init) ?? "none")): is the openssl CLI installed? \(openssl.stderr)")
        }
    }

    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
