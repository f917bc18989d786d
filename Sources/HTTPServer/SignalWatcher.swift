import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Signals, handled where no busy thread can swallow them. The handler itself only writes the
/// signal's number to a pipe (async-signal-safe); a thread of its own, which runs nothing else,
/// reads the pipe and calls what was registered. Neither an event loop stuck in a responder nor
/// Dispatch's threads stand between a SIGTERM and the shutdown it starts.
enum SignalWatcher {
    private struct State {
        var started = false
        var handlers: [Int32: [@Sendable (Int32) -> Void]] = [:]
    }

    private static let state = Mutex(State())

    /// Calls `handler` on the watcher's thread each time one of `signals` arrives. The signals'
    /// default actions (ending the process) are replaced for good.
    static func watch(_ signals: [Int32], _ handler: @escaping @Sendable (Int32) -> Void) throws {
        try state.withLock { state in
            if !state.started {
                var ends: [Int32] = [0, 0]
                guard pipe(&ends) == 0 else { throw Socket.Failure(call: "pipe", code: errno) }
                for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
                // A full pipe drops the signal rather than block inside the handler.
                _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
                signalPipeWriteEnd = ends[1]
                let readEnd = ends[0]
                _ = try PosixThread.start(name: "abacus-signals") { deliver(from: readEnd) }
                state.started = true
            }
            for signal in signals {
                if state.handlers[signal] == nil { _ = Glibc.signal(signal, forwardSignal) }
                state.handlers[signal, default: []].append(handler)
            }
        }
        // Threads often start with these signals blocked (Dispatch's block them, and a process
        // spawned from one inherits that), which would leave them pending for ever; the watcher
        // unblocks them on its own thread, so the kernel always has somewhere to deliver them.
        var request = unblockRequest
        _ = write(signalPipeWriteEnd, &request, 1)
    }

    /// A byte no signal has: asks the watcher to unblock every signal watched.
    private static let unblockRequest: UInt8 = 0

    private static func deliver(from readEnd: Int32) {
        var byte: UInt8 = 0
        while true {
            let count = read(readEnd, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { return }
            let signal = Int32(byte)
            let handlers = state.withLock { state in
                if byte == unblockRequest {
                    var set = sigset_t()
                    sigemptyset(&set)
                    for watched in state.handlers.keys { sigaddset(&set, watched) }
                    pthread_sigmask(SIG_UNBLOCK, &set, nil)
                }
                return state.handlers[signal] ?? []
            }
            for handler in handlers { handler(signal) }
        }
    }
}

/// The pipe's write end, set before any handler is installed; the handler only reads it.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

private func forwardSignal(_ signal: Int32) {
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(signalPipeWriteEnd, &byte, 1)
    errno = saved
}
