import ArgumentParser
import Foundation

/// `abacus healthcheck`: for container HEALTHCHECKs, where the runtime image has no curl.
struct Healthcheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask a local server for GET /healthz; exit 0 when it answers 200, else 1.",
        discussion: "Plain HTTP only: a server started with --tls-cert is not reachable by this check.")

    @Option(help: "Address of the server; default 127.0.0.1 (ABACUS_HOST is the bind address, often 0.0.0.0, so it is not used).")
    var host = "127.0.0.1"
    @Option(help: ServeSettings.port.help) var port: String?
    @Option(help: ArgumentHelp("Give up after this long; default 3.", valueName: "seconds")) var timeout = 3

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
