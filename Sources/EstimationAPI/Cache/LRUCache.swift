import Synchronization

/// A bounded least-recently-used map, thread-safe. The service keeps two: results by their meaning
/// (`CacheKey` → `CachedResult`) and request bodies by their exact bytes (→ their meaning).
///
/// Bounded twice: by entries and by the cost (bytes) the caller assigns each entry (an entry whose
/// cost exceeds the byte bound is not stored at all). `get` and `put` are O(1): a dictionary finds a
/// slot, and slots form a doubly-linked recency list threaded through one array, so nothing is
/// allocated per hit. One mutex guards it all; the critical sections are a few loads and stores.
final class LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    struct Statistics: Hashable, Sendable {
        var hits = 0
        var misses = 0
        var evictions = 0
        var entries = 0
        var bytes = 0
    }

    private let state: Mutex<LRUState<Key, Value>>

    init(maxEntries: Int, maxBytes: Int) {
        state = Mutex(LRUState(maxEntries: max(0, maxEntries), maxBytes: max(0, maxBytes)))
    }

    /// The stored value, marking it most recently used; counts a hit or a miss.
    func get(_ key: Key) -> Value? {
        state.withLock { $0.get(key) }
    }

    /// Stores `value` at `cost` bytes, evicting least-recently-used entries until both bounds hold.
    func put(_ key: Key, _ value: Value, cost: Int) {
        state.withLock { $0.put(key, value, cost: max(0, cost)) }
    }

    var statistics: Statistics {
        state.withLock { $0.statistics }
    }
}

/// The cache's unsynchronised core, kept apart so that its invariants read in one place.
struct LRUState<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Slot: Sendable {
        var key: Key
        var value: Value?
        var cost: Int
        var newer: Int  // towards the head (most recent); -1 at the head
        var older: Int  // towards the tail (least recent); -1 at the tail
    }

    private let maxEntries: Int
    private let maxBytes: Int
    private var index: [Key: Int] = [:]
    private var slots: [Slot] = []
    private var freeSlots: [Int] = []
    private var head = -1
    private var tail = -1
    private(set) var statistics = LRUCache<Key, Value>.Statistics()

    init(maxEntries: Int, maxBytes: Int) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    mutating func get(_ key: Key) -> Value? {
        guard let slot = index[key] else {
            statistics.misses += 1
            return nil
        }
        statistics.hits += 1
        moveToHead(slot)
        return slots[slot].value
    }

    mutating func put(_ key: Key, _ value: Value, cost: Int) {
        guard maxEntries > 0, cost <= maxBytes else { return }
        if let existing = index[key] {
            statistics.bytes += cost - slots[existing].cost
            slots[existing].value = value
            slots[existing].cost = cost
            moveToHead(existing)
        } else {
            let slot = Slot(key: key, value: value, cost: cost, newer: -1, older: -1)
            let position: Int
            if let free = freeSlots.popLast() {
                slots[free] = slot
                position = free
            } else {
                slots.append(slot)
                position = slots.count - 1
            }
            index[key] = position
            linkAtHead(position)
            statistics.entries += 1
            statistics.bytes += cost
        }
        while statistics.entries > maxEntries || statistics.bytes > maxBytes, tail != -1 {
            evictTail()
        }
    }

    private mutating func evictTail() {
        let victim = tail
        unlink(victim)
        index[slots[victim].key] = nil
        statistics.entries -= 1
        statistics.bytes -= slots[victim].cost
        statistics.evictions += 1
        slots[victim].value = nil  // release the value now, not when the slot is reused
        freeSlots.append(victim)
    }

    private mutating func moveToHead(_ slot: Int) {
        guard slot != head else { return }
        unlink(slot)
        linkAtHead(slot)
    }

    private mutating func linkAtHead(_ slot: Int) {
        slots[slot].newer = -1
        slots[slot].older = head
        if head != -1 { slots[head].newer = slot }
        head = slot
        if tail == -1 { tail = slot }
    }

    private mutating func unlink(_ slot: Int) {
        let newer = slots[slot].newer
        let older = slots[slot].older
        if newer != -1 { slots[newer].older = older } else { head = older }
        if older != -1 { slots[older].newer = newer } else { tail = newer }
        slots[slot].newer = -1
        slots[slot].older = -1
    }
}
