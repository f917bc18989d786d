import HTTPCore
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The listening sockets (one per address the host resolves to). Every worker registers them in its
/// own poller; whichever worker is idle is woken for a new connection and accepts it (in bounded
/// bursts). Out of descriptors, a worker sheds the waiting client with a 503 through a reserve
/// descriptor instead of stopping; over `maxConnections`, clients are answered 503 and closed.
final class Listener: Sendable {
    /// Accepts per readiness event, so one busy listener cannot starve a worker's connections.
    static let acceptBurst = 64

    let fds: [Int32]
    /// Held open so that, on EMFILE, closing it frees exactly one slot to accept and shed a client.
    private let reserve: Mutex<Int32>
    /// Workers that still have the listener in their poller; the last to let go closes it.
    private let holders: Atomic<Int>

    init(fds: [Int32], holders: Int) {
        self.fds = fds
        reserve = Mutex(open("/dev/null", O_RDONLY | O_CLOEXEC))
        self.holders = Atomic(holders)
    }

    /// Stops new connections at once (the kernel refuses them); accepts then fail, which tells each
    /// worker to let go.
    func shutDown() {
        for fd in fds { _ = Glibc.shutdown(fd, Int32(SHUT_RD)) }
    }

    /// One worker has removed the listener from its poller. Each worker calls this exactly once.
    func release() {
        guard holders.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 else { return }
        for fd in fds { close(fd) }
        reserve.withLock { reserve in
            if reserve >= 0 { close(reserve) }
            reserve = -1
        }
    }

    /// Out of descriptors: spends the reserve slot on one waiting client, answered 503, so the
    /// backlog drains instead of the listener spinning. False when even that failed: the caller
    /// should pause accepting for a moment.
    func shed(from fd: Int32, tls: Bool, serverName: String, date: [UInt8]) -> Bool {
        reserve.withLock { reserve in
            guard reserve >= 0 else { return false }
            close(reserve)
            reserve = -1
            if case let .accepted(client) = Socket.accept(fd) {
                Self.reject(client, .outOfDescriptors, tls: tls, serverName: serverName, date: date)
                close(client)
            }
            reserve = open("/dev/null", O_RDONLY | O_CLOEXEC)
            return reserve >= 0
        }
    }

    /// Best effort and non-blocking: drain what the client already sent (so closing does not reset
    /// the connection before it reads), send the problem, shut our side; the caller closes. A TLS
    /// client could not read a plain-text answer (and a handshake here would block), so it gets none.
    static func reject(_ client: Int32, _ rejection: ServerRejection, tls: Bool, serverName: String, date: [UInt8]) {
        guard !tls else { return }
        var discard = [UInt8](repeating: 0, count: 4096)
        var reads = 0
        while reads < 16, recv(client, &discard, discard.count, Int32(MSG_DONTWAIT)) > 0 { reads += 1 }
        let problem = rejection.response
        var bytes: [UInt8] = []
        ResponseSerializer.serialize(
            status: problem.status, headers: problem.headers, body: problem.body,
            framing: .init(contentLength: problem.body.count, includeBody: true, close: true, announceKeepAlive: false, gzipped: false),
            date: date, serverName: serverName, into: &bytes)
        _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        _ = Glibc.shutdown(client, Int32(SHUT_WR))
    }
}
