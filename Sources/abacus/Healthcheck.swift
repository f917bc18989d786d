import ArgumentParser
import Foundation

/// `abacus healthcheck`: for container HEALTHCHECKs, where the runtime image has no curl.
struct Healthcheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask a local server for GET /healthz; exit 0 when it answers 200, else 1.",
        discussion: "Plain HTTP only: a server started with --tls-cert is not reachable by this check.")

    @Option(help: "Address of the server (not ABACUS_HOST, which is the bind address and often 0.0.0.0).")
    var host = "127.0.0.1"
    @Option(help: ArgumentHelp(
        "Port of the server. Env: \(ServeSettings.port.environmentVariable). Default: \(ServeSettings.port.defaultText).",
        valueName: "port"))
    var port: String?
    @Option(help: ArgumentHelp("Give up after this many seconds, 1 to 60.", valueName: "seconds")) var timeout = 3

    func validate() throws {
        // 0 would mean no timeout at all, which a health check must never wait for.
        guard (1...60).contains(timeout) else { throw ValidationError("--timeout must be from 1 to 60 seconds.") }
    }

    func run() throws {
        let port = try ServeSettings.port.resolve(port, environment: ProcessInfo.processInfo.environment)
        switch HealthProbe(host: host, port: port, timeoutSeconds: timeout).check() {
        case .success:
            print("healthy")
        case .failure(let problem):
            print("unhealthy: \(problem.description)")
            throw ExitCode.failure
        }
    }
}
