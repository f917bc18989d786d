import Synchronization

/// The bytes of request bodies all connections together may hold in memory. A connection reserves
/// a body's bytes as the client announces them (the whole `Content-Length` at once, a chunk's size
/// when its line arrives), before reading them, and returns them once its responder has answered.
/// A reservation that does not fit is refused: the connection answers 503 and closes rather than
/// read the body, so thousands of half-sent bodies cannot take the process's memory.
public final class BodyBudget: Sendable {
    public let capacity: Int
    private let reserved = Atomic<Int>(0)

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// Bytes reserved now, by every connection.
    public var inUse: Int { reserved.load(ordering: .relaxed) }

    /// Takes `bytes` if they fit; false (and nothing taken) otherwise.
    public func reserve(_ bytes: Int) -> Bool {
        guard bytes > 0 else { return true }
        var current = reserved.load(ordering: .relaxed)
        while true {
            guard bytes <= capacity - current else { return false }
            let (exchanged, original) = reserved.compareExchange(
                expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    public func release(_ bytes: Int) {
        if bytes > 0 { reserved.subtract(bytes, ordering: .relaxed) }
    }
}
