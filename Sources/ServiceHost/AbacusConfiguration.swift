import EstimationAPI
import HTTPServer

/// Everything `AbacusHost` needs: the transport's limits and timeouts, the service's cache and
/// contract, and how much to log. The defaults serve on 127.0.0.1:8080 with no configuration.
public struct AbacusConfiguration: Sendable {
    public var server: HTTPServerConfiguration
    /// `openAPIDocument` defaults to the repository's openapi.yaml, compiled into the binary.
    public var service: ServiceConfiguration
    public var logLevel: LogLevel

    public init(
        server: HTTPServerConfiguration = HTTPServerConfiguration(),
        service: ServiceConfiguration = ServiceConfiguration(openAPIDocument: AbacusConfiguration.openAPIDocument),
        logLevel: LogLevel = .info
    ) {
        self.server = server
        // The service reads uploaded models larger than JSON bodies; a limit set for a type stays.
        self.server.maxBodyBytesByMediaType.merge(EstimationService.uploadBodyLimits) { configured, _ in configured }
        self.service = service
        self.logLevel = logLevel
    }

    /// The bytes of the top-level openapi.yaml, served at `GET /openapi.yaml`.
    public static let openAPIDocument: [UInt8] = PackageResources.openapi_yaml
}
