import Dispatch
import HTTPCore
import Synchronization

/// What every worker shares: immutable settings plus state that changes once per connection or once
/// per server lifetime (never a lock per request).
final class ServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let observer: (any HTTPServerObserver)?
    let tls: TLSContext?
    let listener: Listener
    /// Every connection's state machine is configured alike; the body budget inside is shared.
    let connectionConfiguration: ConnectionStateMachine.Configuration
    /// Where `.workPool` requests are answered: Dispatch's threads, so that a slow answer never holds
    /// an event loop.
    let workPool = DispatchQueue(label: "abacus.http.work", qos: .utility, attributes: .concurrent)
    /// Set the moment shutdown starts, so a responder already running then still answers with
    /// `Connection: close` (its worker hears of the drain only after the responder returns).
    let draining = Atomic<Bool>(false)
    /// Open connections, for `maxConnections`.
    let openConnections = Atomic<Int>(0)
    /// Which worker the next accepted connection goes to: round robin, whoever accepted it.
    let nextWorker = Atomic<Int>(0)
    /// Set once by `HTTPServer.start()` before any worker's thread starts; read-only afterwards.
    nonisolated(unsafe) var workers: [Worker] = []
    /// Entered for every worker thread; left when each has finished, so waiting on it is waiting
    /// until the server has fully stopped.
    let lifecycle = DispatchGroup()

    init(
        configuration: HTTPServerConfiguration, responder: any HTTPResponder, observer: (any HTTPServerObserver)?,
        tls: TLSContext?, listener: Listener
    ) {
        self.configuration = configuration
        self.responder = responder
        self.observer = observer
        self.tls = tls
        self.listener = listener
        connectionConfiguration = configuration.connectionConfiguration(
            budget: BodyBudget(capacity: configuration.maxBodyMemoryBytes))
    }
}

extension MonotonicInstant {
    /// The clock every deadline is read from (uptime, unaffected by changes to the wall clock).
    static var now: MonotonicInstant {
        MonotonicInstant(nanoseconds: DispatchTime.now().uptimeNanoseconds)
    }
}
