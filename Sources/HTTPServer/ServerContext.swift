import Dispatch
import Synchronization

/// What every queue shares: immutable settings plus two thread-safe counters that change once per
/// connection (never per request).
final class ServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    let parserLimits: HTTPParserLimits
    let handler: HTTPHandler
    let observer: (any HTTPServerObserver)?
    let authenticator: BearerAuthenticator?
    let tls: TLSContext?
    /// Open connections, for `maxConnections`.
    let openConnections = Atomic<Int>(0)
    /// Entered for the listener, every sweep timer and every connection; left when each is gone,
    /// so waiting on it is waiting until the server has fully stopped.
    let lifecycle = DispatchGroup()

    init(configuration: HTTPServerConfiguration, handler: @escaping HTTPHandler, observer: (any HTTPServerObserver)?) throws {
        self.configuration = configuration
        parserLimits = configuration.parserLimits
        self.handler = handler
        self.observer = observer
        authenticator = configuration.bearerToken.map {
            BearerAuthenticator(token: $0, protectedPrefix: configuration.protectedPathPrefix)
        }
        tls = try configuration.tls.map(TLSContext.init)
    }
}
