import Dispatch
import HTTPCore
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An HTTP/1.1 server on POSIX sockets and event loops of its own (docs/server.md).
///
/// A fixed set of workers, one per core by default, each a thread blocked in its own epoll
/// instance, owns the connections it is given: it reads, runs the responder (or hands slow requests
/// to the work pool), writes, and sweeps deadlines. Every decision about a connection is made by
/// HTTPCore's `ConnectionStateMachine`.
///
/// ```swift
/// let server = HTTPServer(configuration: config, responder: service, observer: AccessLogWriter())
/// let port = try server.start()
/// server.shutdownOnSignals()
/// server.waitUntilStopped()
/// ```
///
/// A started server runs until `shutdown`; dropping the last reference does not stop it.
public final class HTTPServer: Sendable {
    private struct Running {
        var context: ServerContext
        var port: Int
    }

    private struct State {
        var running: Running?
        var stopping = false
    }

    public let configuration: HTTPServerConfiguration
    private let responder: any HTTPResponder
    private let observer: (any HTTPServerObserver)?
    private let state = Mutex(State())

    /// - Parameters:
    ///   - responder: answers each request, on the connection's event loop or the work pool as it says.
    ///   - observer: connection and request hooks for metrics and access logs (e.g. `AccessLogWriter`).
    public init(
        configuration: HTTPServerConfiguration = HTTPServerConfiguration(), responder: any HTTPResponder,
        observer: (any HTTPServerObserver)? = nil
    ) {
        self.configuration = configuration
        self.responder = responder
        self.observer = observer
    }

    /// A server whose every request is answered by `handler`, on the event loop.
    public convenience init(
        configuration: HTTPServerConfiguration = HTTPServerConfiguration(), observer: (any HTTPServerObserver)? = nil,
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) {
        self.init(configuration: configuration, responder: ClosureResponder(handler), observer: observer)
    }

    /// Binds, listens and starts the workers. Returns the bound port (the chosen one when the
    /// configured port is 0). Throws if the address cannot be resolved or bound, the TLS files
    /// cannot be loaded, or the server was already started.
    @discardableResult
    public func start() throws -> Int {
        // Writes to a closed peer must fail with EPIPE, not kill the process (OpenSSL writes
        // without MSG_NOSIGNAL, so the process-wide setting is needed as well).
        signal(SIGPIPE, SIG_IGN)
        return try state.withLock { state in
            guard state.running == nil, !state.stopping else {
                throw Socket.Failure(call: "HTTPServer.start (already started)", code: EALREADY)
            }
            let tls = try configuration.tls.map(TLSContext.init)
            let fds = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            let port: Int
            do {
                port = try Socket.boundPort(fds[0])
            } catch {
                for fd in fds { close(fd) }
                throw error
            }
            let workerCount = max(1, configuration.workerCount)
            let listener = Listener(fds: fds, holders: workerCount)
            let context = ServerContext(
                configuration: configuration, responder: responder, observer: observer, tls: tls, listener: listener)
            do {
                context.workers = try (0..<workerCount).map { try Worker(index: $0, context: context) }
            } catch {
                for fd in fds { close(fd) }
                throw error
            }
            for (started, worker) in context.workers.enumerated() {
                do {
                    try worker.start()
                } catch {
                    // The workers already running stop; the rest never held the listener.
                    listener.shutDown()
                    for _ in started..<workerCount { listener.release() }
                    for running in context.workers[..<started] { running.post(.drain(.now)) }
                    throw error
                }
            }
            state.running = Running(context: context, port: port)
            return port
        }
    }

    /// The bound port while running.
    public var port: Int? {
        state.withLock { $0.running?.port }
    }

    /// Starts a graceful shutdown and returns at once: stop accepting, close idle connections
    /// (those that never sent a byte as well), let in-flight requests finish (answered with
    /// `Connection: close`), and close whatever is left after `gracePeriod` (default: the
    /// configuration's). Safe to call more than once.
    public func shutdown(gracePeriod: Duration? = nil) {
        let running: Running? = state.withLock { state in
            guard !state.stopping else { return nil }
            state.stopping = true
            return state.running
        }
        guard let context = running?.context else { return }
        context.draining.store(true, ordering: .relaxed)
        context.listener.shutDown()
        let deadline = MonotonicInstant.now.advanced(by: gracePeriod ?? configuration.shutdownGracePeriod)
        for worker in context.workers { worker.post(.drain(deadline)) }
    }

    /// Blocks until a shutdown has finished: every worker, connection and the listener gone.
    /// Returns at once if the server never started.
    public func waitUntilStopped() {
        guard let context = state.withLock({ $0.running?.context }) else { return }
        context.lifecycle.wait()
    }

    /// Blocks like `waitUntilStopped()`, up to `timeout`; returns whether the server stopped.
    public func waitUntilStopped(timeout: Duration) -> Bool {
        guard let context = state.withLock({ $0.running?.context }) else { return true }
        return context.lifecycle.wait(timeout: .now() + .nanoseconds(Int(clamping: timeout.saturatingNanoseconds))) == .success
    }

    /// SIGTERM and SIGINT (or `signals`) start a graceful shutdown; pair with `waitUntilStopped()`
    /// and exit 0. Signals are watched by a thread of their own, so a busy worker cannot delay
    /// them; and the process ends at the latest 2 s after the grace period even if a worker is
    /// stuck in a responder (exit status 1), or at once on a second signal.
    public func shutdownOnSignals(_ signals: [Int32] = [SIGTERM, SIGINT]) {
        do {
            try SignalWatcher.watch(signals) { [self] signal in signalled(signal) }
        } catch {
            LogLines().append("abacus: cannot watch signals: \(error)\n")
        }
    }

    private func signalled(_ signal: Int32) {
        let alreadyStopping = state.withLock { $0.stopping }
        if alreadyStopping {
            guard !waitUntilStopped(timeout: .zero) else { return }
            LogLines().append("abacus: second signal during shutdown; exiting now\n")
            _exit(128 + signal)
        }
        shutdown()
        let limit = configuration.shutdownGracePeriod + .seconds(2)
        do {
            _ = try PosixThread.start(name: "abacus-shutdown") { [self] in
                guard !waitUntilStopped(timeout: limit) else { return }
                LogLines().append("abacus: a worker did not stop within the grace period; exiting\n")
                _exit(1)
            }
        } catch {
            LogLines().append("abacus: cannot watch the shutdown: \(error)\n")
        }
    }
}
