import CLinux
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A thread of our own, for a worker's event loop or the signal watcher: work that must go on
/// whatever Dispatch's threads are doing.
struct PosixThread: @unchecked Sendable {
    private let handle: pthread_t

    /// Starts `body` on a new thread named `name` (at most 15 bytes show in `top` and debuggers).
    static func start(name: String, _ body: @escaping @Sendable () -> Void) throws -> PosixThread {
        final class Start {
            let name: String
            let body: @Sendable () -> Void
            init(name: String, body: @escaping @Sendable () -> Void) {
                self.name = name
                self.body = body
            }
        }
        let start = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { argument in
            guard let argument else { return nil }
            let start = Unmanaged<Start>.fromOpaque(argument).takeRetainedValue()
            _ = clinux_name_current_thread(String(start.name.utf8.prefix(15)) ?? "abacus")
            start.body()
            return nil
        }, start)
        guard status == 0 else {
            Unmanaged<Start>.fromOpaque(start).release()
            throw Socket.Failure(call: "pthread_create", code: status)
        }
        return PosixThread(handle: handle)
    }

    /// Waits for the thread to finish.
    func join() {
        pthread_join(handle, nil)
    }
}
