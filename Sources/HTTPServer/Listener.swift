import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The listening socket: accepts in bounded bursts and hands each connection to the next queue.
/// Out of descriptors, it sheds the waiting client instead of stopping (via a reserve descriptor).
/// Over `maxConnections`, it answers 503 and closes. Confined to `queue`.
final class Listener: @unchecked Sendable {
    /// Accepts per readiness event, so one busy listener cannot starve its queue.
    private static let acceptBurst = 64
    /// After shedding fails (not even the reserve descriptor helps), pause accepting this long.
    private static let exhaustedPause = DispatchTimeInterval.milliseconds(100)

    let fd: Int32
    private let queue = DispatchQueue(label: "abacus.http.listener")
    private let context: ServerContext
    private let queues: [ConnectionQueue]
    private var source: DispatchSourceRead?
    private var paused = false
    private var nextQueue = 0
    /// Held open so that, on EMFILE, closing it frees exactly one slot to accept and shed a client.
    private var reserveFD: Int32 = -1
    private let dates = DateHeaderCache()

    init(fd: Int32, context: ServerContext, queues: [ConnectionQueue]) {
        self.fd = fd
        self.context = context
        self.queues = queues
    }

    func start() {
        queue.sync {
            reserveFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
            let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
            source.setEventHandler { [self] in acceptBurst() }
            let (fd, lifecycle) = (fd, context.lifecycle)
            source.setCancelHandler { [self] in
                Glibc.close(fd)
                if reserveFD >= 0 { Glibc.close(reserveFD) }
                reserveFD = -1
                lifecycle.leave()
            }
            lifecycle.enter()
            self.source = source
            source.activate()
        }
    }

    /// Stops accepting, then (in order after any hand-off already made) tells every queue to drain.
    func stop(drainDeadline: UInt64) {
        queue.async { [self] in
            guard let source else { return }
            if paused {
                source.resume()
                paused = false
            }
            source.cancel()
            self.source = nil
            for connectionQueue in queues {
                connectionQueue.queue.async { connectionQueue.beginDrain(deadline: drainDeadline) }
            }
        }
    }

    private func acceptBurst() {
        for _ in 0..<Self.acceptBurst {
            switch Socket.accept(fd) {
            case let .accepted(client):
                hand(client)
            case .wouldBlock:
                return
            case .transient:
                continue
            case .outOfDescriptors:
                shedOne()
                return
            }
        }
    }

    private func hand(_ client: Int32) {
        let open = context.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
        guard open <= context.configuration.maxConnections else {
            context.openConnections.subtract(1, ordering: .relaxed)
            reject(client, status: 503, detail: "The server is at its connection limit; retry shortly.")
            return
        }
        context.lifecycle.enter()
        let owner = queues[nextQueue]
        nextQueue = (nextQueue + 1) % queues.count
        owner.queue.async { owner.adopt(client) }
    }

    /// Out of descriptors: use the reserve slot to accept one client and answer 503, so the
    /// backlog drains instead of the listener spinning; if even that fails, pause briefly.
    private func shedOne() {
        if reserveFD >= 0 {
            Glibc.close(reserveFD)
            reserveFD = -1
            if case let .accepted(client) = Socket.accept(fd) {
                reject(client, status: 503, detail: "The server is out of file descriptors; retry shortly.")
            }
            reserveFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
            if reserveFD >= 0 { return }
        }
        guard let source, !paused else { return }
        source.suspend()
        paused = true
        queue.asyncAfter(deadline: .now() + Self.exhaustedPause) { [self] in
            if paused, let source = self.source {
                source.resume()
                paused = false
            }
        }
    }

    /// Best effort and non-blocking: drain what the client already sent (so closing does not
    /// reset the connection before it reads), send a problem response, close. A TLS client could
    /// not read a plaintext answer (and a handshake here would block), so it is simply closed.
    private func reject(_ client: Int32, status: Int, detail: String) {
        guard context.tls == nil else {
            Glibc.close(client)
            return
        }
        var discard = [UInt8](repeating: 0, count: 4096)
        var reads = 0
        while reads < 16, recv(client, &discard, discard.count, Int32(MSG_DONTWAIT)) > 0 { reads += 1 }
        let problem = HTTPResponse.problem(status: status, detail: detail)
        let bytes = ResponseSerializer.serialize(
            status: status, headers: problem.headers, body: problem.body,
            framing: .init(contentLength: problem.body.count, includeBody: true, close: true, announceKeepAlive: false, gzipped: false),
            date: dates.current, serverName: context.configuration.serverName
        )
        _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        Glibc.shutdown(client, Int32(SHUT_WR))
        Glibc.close(client)
    }
}
