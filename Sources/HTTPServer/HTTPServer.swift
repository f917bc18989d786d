import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An HTTP/1.1 server on POSIX sockets and Dispatch (SERVER.md).
///
/// Connections are spread over a fixed set of serial queues, one per core by default; each queue
/// owns its connections, runs the handler for them, and sweeps their deadlines with one timer.
///
/// ```swift
/// let server = HTTPServer(configuration: config, handler: { request in … }, observer: AccessLogWriter())
/// let port = try server.start()
/// server.shutdownOnSignals()
/// server.waitUntilStopped()
/// ```
///
/// A started server runs until `shutdown`; dropping the last reference does not stop it.
public final class HTTPServer: Sendable {
    private struct Running {
        var context: ServerContext
        var listener: Listener
        var queues: [ConnectionQueue]
        var port: Int
    }

    private struct State {
        var running: Running?
        var stopping = false
        var signalSources: [any DispatchSourceSignal] = []
    }

    public let configuration: HTTPServerConfiguration
    private let handler: HTTPHandler
    private let observer: (any HTTPServerObserver)?
    private let state = Mutex(State())

    /// - Parameters:
    ///   - handler: turns each request into a response; runs on the connection's queue.
    ///   - observer: connection and request hooks for metrics and access logs (e.g. `AccessLogWriter`).
    public init(
        configuration: HTTPServerConfiguration = HTTPServerConfiguration(), handler: @escaping HTTPHandler,
        observer: (any HTTPServerObserver)? = nil
    ) {
        self.configuration = configuration
        self.handler = handler
        self.observer = observer
    }

    /// Binds, listens and starts serving. Returns the bound port (the chosen one when the
    /// configured port is 0). Throws if the address cannot be bound, the TLS files cannot be
    /// loaded, or the server was already started.
    @discardableResult
    public func start() throws -> Int {
        // Writes to a closed peer must fail with EPIPE, not kill the process (OpenSSL writes
        // without MSG_NOSIGNAL, so the process-wide setting is needed as well).
        signal(SIGPIPE, SIG_IGN)
        return try state.withLock { state in
            guard state.running == nil, !state.stopping else {
                throw Socket.Failure(call: "HTTPServer.start (already started)", code: EALREADY)
            }
            let context = try ServerContext(configuration: configuration, handler: handler, observer: observer)
            let fd = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            let port: Int
            do {
                port = try Socket.boundPort(fd)
            } catch {
                close(fd)
                throw error
            }
            let queues = (0..<max(1, configuration.queueCount)).map { ConnectionQueue(index: $0, context: context) }
            for connectionQueue in queues { connectionQueue.queue.sync { connectionQueue.start() } }
            let listener = Listener(fd: fd, context: context, queues: queues)
            listener.start()
            state.running = Running(context: context, listener: listener, queues: queues, port: port)
            return port
        }
    }

    /// The bound port while running.
    public var port: Int? {
        state.withLock { $0.running?.port }
    }

    /// Starts a graceful shutdown and returns at once: stop accepting, close idle connections,
    /// let in-flight requests finish (answered with `Connection: close`), and close whatever is
    /// left after `gracePeriod` (default: the configuration's). Safe to call more than once.
    public func shutdown(gracePeriod: Duration? = nil) {
        let running: Running? = state.withLock { state in
            guard !state.stopping else { return nil }
            state.stopping = true
            return state.running
        }
        guard let running else { return }
        running.context.shuttingDown.store(true, ordering: .relaxed)
        let grace = gracePeriod ?? configuration.shutdownGracePeriod
        running.listener.stop(drainDeadline: MonotonicClock.now.adding(grace))
    }

    /// Blocks until a shutdown has finished: the listener, every connection and every timer gone.
    /// Returns at once if the server never started.
    public func waitUntilStopped() {
        guard let context = state.withLock({ $0.running?.context }) else { return }
        context.lifecycle.wait()
    }

    /// Blocks like `waitUntilStopped()`, up to `timeout`; returns whether the server stopped.
    public func waitUntilStopped(timeout: Duration) -> Bool {
        guard let context = state.withLock({ $0.running?.context }) else { return true }
        return context.lifecycle.wait(timeout: .now() + .nanoseconds(Int(clamping: timeout.nanoseconds))) == .success
    }

    /// Installs SIGTERM/SIGINT handling (Dispatch signal sources) that starts a graceful shutdown.
    /// Pair with `waitUntilStopped()` and exit 0.
    public func shutdownOnSignals(_ signals: [Int32] = [SIGTERM, SIGINT]) {
        state.withLock { state in
            for number in signals {
                signal(number, SIG_IGN)  // let the source see it instead of the default action
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [weak self] in self?.shutdown() }
                source.activate()
                state.signalSources.append(source)
            }
        }
    }
}
