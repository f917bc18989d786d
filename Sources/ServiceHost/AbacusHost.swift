import EstimationAPI
import Foundation
import HTTPServer

/// The Abacus service behind the Abacus HTTP server: what `abacus serve` runs, and what end-to-end
/// tests start in-process.
///
/// ```swift
/// let host = AbacusHost(configuration: AbacusConfiguration())
/// try host.run()   // binds, prints "abacus listening on 127.0.0.1:8080", serves until SIGTERM/SIGINT
/// ```
public final class AbacusHost: Sendable {
    public let configuration: AbacusConfiguration
    /// The service the server calls; its metrics are fed by the server's events.
    public let service: EstimationService
    private let server: HTTPServer

    public init(configuration: AbacusConfiguration = AbacusConfiguration()) {
        self.configuration = configuration
        let service = EstimationService(configuration: configuration.service)
        self.service = service
        server = HTTPServer(
            configuration: configuration.server, responder: service,
            observer: HostObserver(metrics: service.metrics, logLevel: configuration.logLevel, log: LogLines()))
    }

    /// Binds and starts serving; returns the bound port (the chosen one when configured with 0).
    /// Throws when the address cannot be bound or the TLS files cannot be loaded.
    @discardableResult
    public func start() throws -> Int {
        try server.start()
    }

    /// The bound port while running.
    public var port: Int? { server.port }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully and returns (exit 0 afterwards).
    /// Once bound it prints `abacus listening on <host>:<port>` to stdout, which scripts wait for.
    public func run() throws {
        // Signals first, so a SIGTERM sent the moment the line appears is a graceful shutdown.
        server.shutdownOnSignals()
        let port = try start()
        print("abacus listening on \(Self.authority(host: configuration.server.host, port: port))")
        fflush(nil)  // all streams: stdout may be a pipe, which is block-buffered
        server.waitUntilStopped()
    }

    /// Starts a graceful shutdown and returns at once; `waitUntilStopped()` waits for it.
    public func shutdown() {
        server.shutdown()
    }

    /// Blocks until a shutdown has finished.
    public func waitUntilStopped() {
        server.waitUntilStopped()
    }

    /// `host:port`, with an IPv6 literal in brackets.
    static func authority(host: String, port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
