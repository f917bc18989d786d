import ArgumentParser
import EstimationAPI
import Foundation
import HTTPServer
import ServiceHost

/// `abacus serve`: every option also comes from `ABACUS_<OPTION>`; the flag wins, then the
/// variable, then the default, so a bare `abacus serve` needs no configuration.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP/1.1 JSON service until SIGTERM or SIGINT.",
        discussion: """
            Prints `abacus listening on HOST:PORT` once bound. On SIGTERM or SIGINT it stops accepting, \
            lets in-flight requests finish and exits 0. Every option can also be set with the environment \
            variable named in its help; an empty variable counts as unset.
            """)

    @Option(help: ServeSettings.host.help) var host: String?
    @Option(help: ServeSettings.port.help) var port: String?
    @Option(help: ServeSettings.backlog.help) var backlog: String?
    @Option(help: ServeSettings.maxConnections.help) var maxConnections: String?
    @Option(help: ServeSettings.maxBodyBytes.help) var maxBodyBytes: String?
    @Option(help: ServeSettings.maxBodyMemory.help) var maxBodyMemory: String?
    @Option(help: ServeSettings.maxHeaderBytes.help) var maxHeaderBytes: String?
    @Option(help: ServeSettings.maxHeaderCount.help) var maxHeaderCount: String?
    @Option(help: ServeSettings.maxRequestLineBytes.help) var maxRequestLineBytes: String?
    @Option(help: ServeSettings.headerTimeout.help) var headerTimeout: String?
    @Option(help: ServeSettings.bodyTimeout.help) var bodyTimeout: String?
    @Option(help: ServeSettings.idleTimeout.help) var idleTimeout: String?
    @Option(help: ServeSettings.writeTimeout.help) var writeTimeout: String?
    @Option(help: ServeSettings.shutdownGrace.help) var shutdownGrace: String?
    @Option(help: ServeSettings.cacheEntries.help) var cacheEntries: String?
    @Option(help: ServeSettings.cacheBytes.help) var cacheBytes: String?
    @Option(help: ServeSettings.compressionLevel.help) var compressionLevel: String?
    @Option(help: ServeSettings.workers.help) var workers: String?
    @Option(help: ServeSettings.corsOrigins.help) var corsOrigin: [String] = []
    @Option(help: ServeSettings.tlsCert.help) var tlsCert: String?
    @Option(help: ServeSettings.tlsKey.help) var tlsKey: String?
    @Option(help: ServeSettings.authTokenFile.help) var authTokenFile: String?
    @Option(help: ServeSettings.logLevel.help) var logLevel: String?

    func run() throws {
        let configuration = try abacusConfiguration(environment: ProcessInfo.processInfo.environment)
        let host = AbacusHost(configuration: configuration)
        do {
            try host.run()
        } catch {
            FileHandle.standardError.write(Data("abacus: cannot serve on \(configuration.server.host):\(configuration.server.port): \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    func abacusConfiguration(environment: [String: String]) throws -> AbacusConfiguration {
        let settings = ServeSettings.self
        var server = HTTPServerConfiguration()
        server.host = try settings.host.resolve(host, environment: environment)
        server.port = try settings.port.resolve(port, environment: environment)
        server.backlog = try settings.backlog.resolve(backlog, environment: environment)
        server.maxConnections = try settings.maxConnections.resolve(maxConnections, environment: environment)
        server.maxBodyBytes = try settings.maxBodyBytes.resolve(maxBodyBytes, environment: environment)
        server.maxBodyMemoryBytes = try settings.maxBodyMemory.resolve(maxBodyMemory, environment: environment)
        server.maxHeaderBytes = try settings.maxHeaderBytes.resolve(maxHeaderBytes, environment: environment)
        server.maxHeaderCount = try settings.maxHeaderCount.resolve(maxHeaderCount, environment: environment)
        server.maxRequestLineBytes = try settings.maxRequestLineBytes.resolve(maxRequestLineBytes, environment: environment)
        server.headerTimeout = try settings.headerTimeout.resolve(headerTimeout, environment: environment)
        server.bodyTimeout = try settings.bodyTimeout.resolve(bodyTimeout, environment: environment)
        server.idleTimeout = try settings.idleTimeout.resolve(idleTimeout, environment: environment)
        server.writeTimeout = try settings.writeTimeout.resolve(writeTimeout, environment: environment)
        server.shutdownGracePeriod = try settings.shutdownGrace.resolve(shutdownGrace, environment: environment)
        server.compressionLevel = try settings.compressionLevel.resolve(compressionLevel, environment: environment)
        server.workerCount = try settings.workers.resolve(workers, environment: environment)
        server.corsOrigins = try settings.corsOrigins.resolve(
            corsOrigin.isEmpty ? nil : corsOrigin.joined(separator: ","), environment: environment)
        server.tls = try tls(environment: environment)
        server.bearerToken = try AuthToken.resolve(fileFlag: authTokenFile, environment: environment)

        var service = AbacusConfiguration().service
        service.cacheMaxEntries = try settings.cacheEntries.resolve(cacheEntries, environment: environment)
        service.cacheMaxBytes = try settings.cacheBytes.resolve(cacheBytes, environment: environment)

        return AbacusConfiguration(
            server: server, service: service,
            logLevel: try settings.logLevel.resolve(logLevel, environment: environment))
    }

    /// Both files or neither: half a TLS setup is a mistake worth stopping for.
    private func tls(environment: [String: String]) throws -> TLSConfiguration? {
        let certificate = try ServeSettings.tlsCert.resolve(tlsCert, environment: environment)
        let key = try ServeSettings.tlsKey.resolve(tlsKey, environment: environment)
        switch (certificate, key) {
        case (nil, nil): return nil
        case let (certificate?, key?): return TLSConfiguration(certificatePath: certificate, keyPath: key)
        default: throw ConfigurationError("TLS needs both --tls-cert and --tls-key (or ABACUS_TLS_CERT and ABACUS_TLS_KEY).")
        }
    }
}
