import CLinux
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One epoll instance: the readiness multiplexer of a worker. Descriptors are registered once, with
/// a 64-bit tag that says what each is, and leave it when they are closed. Confined to the worker's
/// thread, apart from `wake()`.
///
/// (epoll is Linux's; the package builds on Linux only, as its sockets use Glibc. A kqueue poller
/// with the same four operations is what another platform would add.)
final class EventPoller: @unchecked Sendable {
    struct Event {
        var tag: UInt64
        var readable: Bool
        var writable: Bool
        /// The peer will send nothing more (its FIN or a reset has arrived).
        var peerFinished: Bool
    }

    /// Connections: edge-triggered reading and writing, registered once for their whole life.
    static let connectionEvents = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
    /// The listener: level-triggered, and only one idle worker is woken per new connection.
    static let listenerEvents = EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue
    /// The tag of the wake-up descriptor.
    static let wakeTag = UInt64.max

    private let fd: Int32
    /// An eventfd that `wake()` makes readable, so another thread can interrupt `wait`.
    private let wakeFD: Int32
    private var events: [epoll_event]

    init(capacity: Int = 256) throws {
        fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw Socket.Failure(call: "epoll_create1", code: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            let code = errno
            close(fd)
            throw Socket.Failure(call: "eventfd", code: code)
        }
        events = [epoll_event](repeating: epoll_event(), count: capacity)
        guard add(wakeFD, events: EPOLLIN.rawValue | EPOLLET.rawValue, tag: Self.wakeTag) else {
            let code = errno
            close(wakeFD)
            close(fd)
            throw Socket.Failure(call: "epoll_ctl(eventfd)", code: code)
        }
    }

    deinit {
        close(wakeFD)
        close(fd)
    }

    func add(_ descriptor: Int32, events: UInt32, tag: UInt64) -> Bool {
        var event = epoll_event()
        event.events = events
        event.data.u64 = tag
        return epoll_ctl(fd, EPOLL_CTL_ADD, descriptor, &event) == 0
    }

    /// Only the listener is ever removed by hand; a connection leaves when its descriptor closes
    /// (the server never duplicates one).
    func remove(_ descriptor: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(fd, EPOLL_CTL_DEL, descriptor, &event)
    }

    /// Waits up to `timeoutMilliseconds` (-1: without limit) and hands each ready descriptor to
    /// `body`. A wake-up is reported as the wake tag, already reset.
    func wait(timeoutMilliseconds: Int32, _ body: (Event) -> Void) {
        let count = events.withUnsafeMutableBufferPointer { buffer in
            epoll_wait(fd, buffer.baseAddress, Int32(buffer.count), timeoutMilliseconds)
        }
        guard count > 0 else { return }  // a timeout, or EINTR: the caller's loop comes back
        for index in 0..<Int(count) {
            let event = events[index]
            let tag = event.data.u64
            if tag == Self.wakeTag {
                var value: UInt64 = 0
                _ = read(wakeFD, &value, MemoryLayout<UInt64>.size)
            }
            let finishedMask = EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue
            body(Event(
                tag: tag, readable: event.events & (EPOLLIN.rawValue | finishedMask) != 0,
                writable: event.events & (EPOLLOUT.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0,
                peerFinished: event.events & finishedMask != 0))
        }
    }

    /// Makes the next (or current) `wait` return; safe from any thread.
    func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, MemoryLayout<UInt64>.size)
    }
}
