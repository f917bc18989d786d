import Dispatch

/// One serial queue and the connections it owns: their registry, a shared scratch read buffer, the
/// Date cache, a gzip stream and the single sweep timer that enforces every connection's deadline.
/// Confined to `queue`: every method runs on it.
final class ConnectionQueue: @unchecked Sendable {
    /// One read's worth: bounds read-ahead per connection, and is reused by every connection here.
    static let scratchBytes = 64 * 1024

    let queue: DispatchQueue
    let context: ServerContext
    let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: scratchBytes)
    let dates = DateHeaderCache()
    private(set) lazy var gzip = GzipCompressor(level: context.configuration.compressionLevel)
    private var connections: [ObjectIdentifier: Connection] = [:]
    private var timer: DispatchSourceTimer?
    /// Set by `beginDrain`: new responses close their connections; at this time all are closed.
    private(set) var drainDeadline: UInt64?

    init(index: Int, context: ServerContext) {
        queue = DispatchQueue(label: "abacus.http.queue.\(index)")
        self.context = context
    }

    deinit {
        scratch.deallocate()
    }

    var isDraining: Bool { drainDeadline != nil }

    /// Starts the sweep timer. Called once, before any connection arrives.
    func start() {
        let interval = context.configuration.sweepInterval
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .nanoseconds(Int(clamping: interval.nanoseconds)),
                       repeating: .nanoseconds(Int(clamping: interval.nanoseconds)),
                       leeway: .nanoseconds(Int(clamping: interval.nanoseconds / 4)))
        timer.setEventHandler { [self] in sweep() }  // the cycle ends when the timer is cancelled
        let lifecycle = context.lifecycle
        timer.setCancelHandler { lifecycle.leave() }
        lifecycle.enter()
        self.timer = timer
        timer.activate()
    }

    /// Takes ownership of an accepted socket.
    func adopt(_ fd: Int32) {
        let connection: Connection
        if let tlsContext = context.tls {
            guard let session = TLSSession(context: tlsContext, fd: fd) else {
                Connection.release(fd: fd, context: context)
                return
            }
            connection = Connection(fd: fd, owner: self, tls: session)
        } else {
            connection = Connection(fd: fd, owner: self, tls: nil)
        }
        connections[ObjectIdentifier(connection)] = connection
        context.observer?.connectionOpened()
        connection.start()
    }

    /// Called by a connection when it closes (its descriptor is closed later, by its source).
    func remove(_ connection: Connection) {
        connections[ObjectIdentifier(connection)] = nil
        if isDraining, connections.isEmpty { stopTimer() }
    }

    /// Graceful shutdown: idle connections close now, busy ones after their response, and
    /// whatever remains at `deadline` is closed by the sweep.
    func beginDrain(deadline: UInt64) {
        drainDeadline = deadline
        for connection in Array(connections.values) { connection.drain() }
        if connections.isEmpty { stopTimer() }
    }

    private func sweep() {
        let now = MonotonicClock.now
        if let drainDeadline, now >= drainDeadline {
            for connection in Array(connections.values) { connection.close() }
            return
        }
        // Collect first: handling a deadline may close the connection and mutate the registry.
        for connection in connections.values.filter({ $0.deadline <= now }) {
            connection.deadlinePassed()
        }
    }

    private func stopTimer() {
        timer?.cancel()
        timer = nil
    }
}
