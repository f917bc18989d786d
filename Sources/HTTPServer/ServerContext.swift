import Dispatch
import Synchronization

/// What every queue shares: immutable settings plus thread-safe state that changes once per connection
/// or once per server lifetime (never a lock per request).
final class ServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    let parserLimits: HTTPParserLimits
    let handler: HTTPHandler
    let observer: (any HTTPServerObserver)?
    let authenticator: BearerAuthenticator?
    let tls: TLSContext?
    /// Set the moment shutdown starts, so a handler already running when it does still answers
    /// with `Connection: close` (its queue sees the drain only after the handler returns).
    let shuttingDown = Atomic<Bool>(false)
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
