import ArgumentParser
import Foundation

/// `abacus healthcheck`: for container HEALTHCHECKs, where the runtime image has no curl.
struct Healthcheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask a local server for GET /healthz; exit 0 when it answers 200, else 1.",
        discussion: """
            With --tls-cert (or ABACUS_TLS_CERT, as the server reads it) the check speaks TLS and \
            trusts exactly that certificate; host names are not checked, since it dials a local address.
            """)

    @Option(help: "Address of the server (not ABACUS_HOST, which is the bind address and often 0.0.0.0).")
    var host = "127.0.0.1"
    @Option(help: ArgumentHelp(
        "Port of the server. Env: \(ServeSettings.port.environmentVariable). Default: \(ServeSettings.port.defaultText).",
        valueName: "port"))
    var port: String?
    @Option(help: ArgumentHelp("Give up after this many seconds, 1 to 60.", valueName: "seconds")) var timeout = 3
    @Option(help: ArgumentHelp(
        "The server's PEM certificate: check over TLS. Env: \(ServeSettings.tlsCert.environmentVariable). Default: plain HTTP.",
        valueName: "path"))
    var tlsCert: String?

    func validate() throws {
        // 0 would mean no timeout at all, which a health check must never wait for.
        guard (1...60).contains(timeout) else { throw ValidationError("--timeout must be from 1 to 60 seconds.") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let port = try ServeSettings.port.resolve(port, environment: environment)
        let certificate = try ServeSettings.tlsCert.resolve(tlsCert, environment: environment)
        let probe = HealthProbe(host: host, port: port, timeoutSeconds: timeout, certificatePath: certificate)
        switch probe.check() {
        case .success:
            print("healthy")
        case .failure(let problem):
            print("unhealthy: \(problem.description)")
            throw ExitCode.failure
        }
    }
}
