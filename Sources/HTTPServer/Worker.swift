import CLinux
import HTTPCore
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One event loop: a thread of its own, blocked in its epoll instance, and the connections it owns.
///
/// A connection is registered once (edge-triggered, reading and writing) when the worker adopts it
/// and leaves the poller when its descriptor closes; nothing is registered or cancelled per request
/// or per blocked write, and no Dispatch source exists per connection. Other threads reach a worker
/// only through its mailbox (an eventfd wakes the loop): connections handed over by another
/// worker's accept, answers from the work pool, the drain. Everything else is confined to the
/// worker's thread.
final class Worker: @unchecked Sendable {
    /// What other threads ask of a worker.
    enum Job: Sendable {
        /// Take these accepted sockets.
        case adopt([Int32])
        /// The work pool's answer for a connection.
        case respond(HTTPResponse, ConnectionSlot)
        /// Graceful shutdown: close idle connections, finish the rest, close all at the deadline.
        case drain(MonotonicInstant)
    }

    /// Names one connection across threads: a descriptor's number is reused as soon as it is
    /// closed, so the generation tells this connection from a later one on the same number.
    struct ConnectionSlot: Sendable, Equatable {
        var fd: Int32
        var generation: UInt32

        var tag: UInt64 { UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd)) }
    }

    /// One read's worth: bounds read-ahead per connection, and is reused by every connection here.
    static let scratchBytes = 64 * 1024
    /// Reads one connection may make per turn of the loop before the others get theirs.
    static let readsPerTurn = 16
    /// Listening socket `i` has tag `firstListenerTag - i`; connection tags never come near.
    static let firstListenerTag = UInt64.max - 1
    /// After shedding fails (not even the reserve descriptor helps), stop accepting this long.
    static let exhaustedPause = Duration.milliseconds(100)

    let index: Int
    let context: ServerContext
    let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: scratchBytes)
    let dates = DateHeaderCache()
    private(set) lazy var gzip = GzipCompressor(level: context.configuration.compressionLevel)
    /// Requests answered here, read by worker 0 to tell when a burst is over.
    let requestsAnswered = Atomic<Int>(0)
    private let poller: EventPoller
    private let mailbox = Mutex(Mailbox())
    private var jobs: [Job] = []
    /// By descriptor number, for the poller's events; and densely, for the sweep.
    private var table: [Connection?] = []
    private var connections: [Connection] = []
    /// Connections cut off by `readsPerTurn` while they still had input: served before waiting again.
    private var ready: [Connection] = []
    private var nextGeneration: UInt32 = 0
    /// The buffer the next response is serialized into: lent to a connection and given back once
    /// that response has gone, so a steady stream of responses allocates no output buffers.
    private var spareOutput: [UInt8] = []
    private var listening = false
    private var listenerReleased = false
    private var listenerPausedUntil: MonotonicInstant?
    private var drainDeadline: MonotonicInstant?
    private var nextSweep: MonotonicInstant
    private var trimmer = MemoryTrimmer()

    init(index: Int, context: ServerContext) throws {
        self.index = index
        self.context = context
        poller = try EventPoller()
        nextSweep = MonotonicInstant.now.advanced(by: context.configuration.sweepInterval)
    }

    deinit {
        scratch.deallocate()
    }

    /// Starts the loop on its own thread; the server's lifecycle group is left when it ends.
    func start() throws {
        context.lifecycle.enter()
        do {
            _ = try PosixThread.start(name: "abacus-http-\(index)") { [self] in
                run()
                context.lifecycle.leave()
            }
        } catch {
            context.lifecycle.leave()
            throw error
        }
    }

    /// Jobs waiting for the worker's thread; closed once its loop has ended.
    private struct Mailbox {
        var jobs: [Job] = []
        var closed = false
    }

    /// Queues a job for the worker's thread and wakes it; safe from any thread. A job for a worker
    /// that has already stopped is discarded here (sockets handed over are closed).
    func post(_ job: Job) {
        let (accepted, wasEmpty) = mailbox.withLock { mailbox in
            guard !mailbox.closed else { return (false, false) }
            mailbox.jobs.append(job)
            return (true, mailbox.jobs.count == 1)
        }
        if !accepted { discard(job) }
        if wasEmpty { poller.wake() }
    }

    private func discard(_ job: Job) {
        guard case .adopt(let descriptors) = job else { return }  // answers for closed connections
        for fd in descriptors { release(fd) }
    }

    // MARK: - The loop

    private func run() {
        listening = registerListeners()
        if !listening { releaseListener() }
        while drainDeadline == nil || !connections.isEmpty {
            let timeout = ready.isEmpty ? millisecondsUntilNextTimer() : 0
            poller.wait(timeoutMilliseconds: timeout) { event in
                if event.tag == EventPoller.wakeTag {
                    runJobs()
                } else if let listener = listenerIndex(event.tag) {
                    acceptBurst(from: context.listener.fds[listener])
                } else {
                    connection(withTag: event.tag)?.handle(event)
                }
            }
            serveReady()
            let now = MonotonicInstant.now
            if let pausedUntil = listenerPausedUntil, now >= pausedUntil { resumeListener() }
            if let drainDeadline, now >= drainDeadline {
                for connection in connections { connection.abort() }  // each one removes itself
            } else if now >= nextSweep {
                sweep(now: now)
            }
        }
        releaseListener()
        // Jobs that came too late: answers for connections the drain deadline closed, sockets
        // another worker accepted just before it heard of the drain.
        let leftovers = mailbox.withLock { mailbox in
            mailbox.closed = true
            return mailbox.jobs
        }
        for job in leftovers { discard(job) }
    }

    /// Until the next sweep, the end of a listener pause or the drain deadline, in whole
    /// milliseconds rounded up.
    private func millisecondsUntilNextTimer() -> Int32 {
        let now = MonotonicInstant.now
        var next = nextSweep
        if let pausedUntil = listenerPausedUntil { next = min(next, pausedUntil) }
        if let drainDeadline { next = min(next, drainDeadline) }
        guard next > now else { return 0 }
        let nanoseconds = next.nanoseconds - now.nanoseconds
        return Int32(clamping: (nanoseconds + 999_999) / 1_000_000)
    }

    private func runJobs() {
        mailbox.withLock { swap(&$0.jobs, &jobs) }
        for job in jobs {
            switch job {
            case .adopt(let descriptors):
                for fd in descriptors { adopt(fd) }
            case .respond(let response, let slot):
                connection(withTag: slot.tag)?.responderAnswered(response)
            case .drain(let deadline):
                beginDrain(deadline: deadline)
            }
        }
        jobs.removeAll(keepingCapacity: true)
    }

    private func serveReady() {
        guard !ready.isEmpty else { return }
        let turn = ready
        ready = []
        for connection in turn where !connection.isClosed { connection.pump() }
    }

    /// A connection still had input when its reads for this turn ran out.
    func markReady(_ connection: Connection) {
        ready.append(connection)
    }

    // MARK: - Accepting

    private func listenerIndex(_ tag: UInt64) -> Int? {
        let index = Self.firstListenerTag &- tag
        return index < context.listener.fds.count ? Int(index) : nil
    }

    private func registerListeners() -> Bool {
        for (index, fd) in context.listener.fds.enumerated() {
            guard poller.add(fd, events: EventPoller.listenerEvents, tag: Self.firstListenerTag - UInt64(index)) else {
                for registered in context.listener.fds[..<index] { poller.remove(registered) }
                return false
            }
        }
        return true
    }

    private func unregisterListeners() {
        for fd in context.listener.fds { poller.remove(fd) }
    }

    private func acceptBurst(from listener: Int32) {
        var handOver = [[Int32]](repeating: [], count: context.workers.count)
        defer {
            for (target, descriptors) in handOver.enumerated() where !descriptors.isEmpty {
                context.workers[target].post(.adopt(descriptors))
            }
        }
        for _ in 0..<Listener.acceptBurst {
            switch Socket.accept(listener) {
            case .accepted(let fd):
                let open = context.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
                guard open <= context.configuration.maxConnections else {
                    context.openConnections.subtract(1, ordering: .relaxed)
                    Listener.reject(
                        fd, .connectionLimit, tls: context.tls != nil, serverName: context.configuration.serverName,
                        date: dates.current)
                    close(fd)
                    continue
                }
                // Round robin over the workers, whichever accepted: an idle worker is woken first,
                // and would otherwise take a whole burst of new clients for itself.
                let target = context.nextWorker.wrappingAdd(1, ordering: .relaxed).oldValue % context.workers.count
                if target == index { adopt(fd) } else { handOver[target].append(fd) }
            case .wouldBlock:
                return
            case .transient:
                continue
            case .outOfDescriptors:
                let shed = context.listener.shed(
                    from: listener, tls: context.tls != nil, serverName: context.configuration.serverName,
                    date: dates.current)
                if !shed { pauseListener() }
                return
            case .listenerClosed:
                releaseListener()
                return
            }
        }
    }

    /// Takes ownership of an accepted socket (counted in `openConnections` already).
    private func adopt(_ fd: Int32) {
        var session: TLSSession?
        if let tls = context.tls {
            session = TLSSession(context: tls, fd: fd)
            if session == nil {
                release(fd)
                return
            }
        }
        nextGeneration = nextGeneration >= 0x7FFF_FFFF ? 1 : nextGeneration + 1
        let slot = ConnectionSlot(fd: fd, generation: nextGeneration)
        guard poller.add(fd, events: EventPoller.connectionEvents, tag: slot.tag) else {
            release(fd)
            return
        }
        let connection = Connection(slot: slot, worker: self, tls: session, now: .now)
        let number = Int(fd)
        if number >= table.count { table += [Connection?](repeating: nil, count: max(number + 1 - table.count, table.count)) }
        table[number] = connection
        connection.position = connections.count
        connections.append(connection)
        context.observer?.connectionOpened()
        if drainDeadline != nil { connection.drain(now: .now) }
    }

    /// Closes a descriptor no connection owns and gives back its slot.
    private func release(_ fd: Int32) {
        close(fd)
        context.openConnections.subtract(1, ordering: .relaxed)
    }

    private func connection(withTag tag: UInt64) -> Connection? {
        let number = Int(tag & 0xFFFF_FFFF)
        guard number < table.count, let connection = table[number], connection.slot.tag == tag else { return nil }
        return connection
    }

    /// Called by a connection as it closes its descriptor.
    func remove(_ connection: Connection) {
        table[Int(connection.slot.fd)] = nil
        let last = connections.removeLast()
        if last !== connection {
            connections[connection.position] = last
            last.position = connection.position
        }
    }

    private func pauseListener() {
        guard listening, listenerPausedUntil == nil else { return }
        unregisterListeners()
        listenerPausedUntil = MonotonicInstant.now.advanced(by: Self.exhaustedPause)
    }

    private func resumeListener() {
        listenerPausedUntil = nil
        guard listening, drainDeadline == nil else { return }
        if !registerListeners() { releaseListener() }
    }

    /// Stops accepting for good; the last worker to do so closes the listening socket.
    private func releaseListener() {
        guard !listenerReleased else { return }
        listenerReleased = true
        if listening, listenerPausedUntil == nil { unregisterListeners() }
        listening = false
        context.listener.release()
    }

    // MARK: - Output buffers

    /// Lends the spare output buffer (or an empty one when it is out on loan).
    func borrowOutputBuffer() -> [UInt8] {
        var buffer: [UInt8] = []
        swap(&buffer, &spareOutput)
        return buffer
    }

    /// Takes a sent response's buffer back as the spare, unless it is smaller than the one held or
    /// too large to keep around.
    func recycleOutputBuffer(_ buffer: inout [UInt8]) {
        if buffer.capacity > spareOutput.capacity, buffer.capacity <= Self.scratchBytes {
            swap(&buffer, &spareOutput)
        }
        buffer = []
    }

    // MARK: - Time

    /// Every connection past its deadline is told so.
    private func sweep(now: MonotonicInstant) {
        nextSweep = now.advanced(by: context.configuration.sweepInterval)
        let snapshot = connections
        for connection in snapshot where connection.deadline <= now && !connection.isClosed {
            connection.deadlineReached(now: now)
        }
        if index == 0,
            trimmer.shouldTrim(answered: context.workers.reduce(0) { $0 + $1.requestsAnswered.load(ordering: .relaxed) }, now: now) {
            _ = malloc_trim(0)
        }
    }

    private func beginDrain(deadline: MonotonicInstant) {
        drainDeadline = deadline
        releaseListener()
        let now = MonotonicInstant.now
        for connection in connections where !connection.isClosed { connection.drain(now: now) }
    }
}

/// Gives the heap that a burst of requests freed back to the system once the burst is over: glibc
/// keeps freed memory in its arenas, so without this a server's RSS only ever grows to its busiest
/// moment. Checked by worker 0 on each sweep; trims at most every few seconds.
struct MemoryTrimmer {
    static let minimumInterval = Duration.seconds(2)
    private var lastCount = 0
    private var busy = false
    private var lastTrim = MonotonicInstant(nanoseconds: 0)

    /// Whether to trim now, given how many requests have been answered so far: once the count has
    /// stopped moving after it moved.
    mutating func shouldTrim(answered: Int, now: MonotonicInstant) -> Bool {
        if answered != lastCount {
            lastCount = answered
            busy = true
            return false
        }
        guard busy, now >= lastTrim.advanced(by: Self.minimumInterval) else { return false }
        busy = false
        lastTrim = now
        return true
    }
}
