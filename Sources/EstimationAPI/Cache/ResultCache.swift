import Synchronization

/// A bounded least-recently-used map from a request's meaning to the bytes computed for it.
///
/// Bounded twice: by entries and by the bytes of the stored values (an entry larger than the byte
/// bound is not stored at all). `get` and `put` are O(1): a dictionary finds a slot, and slots form a
/// doubly-linked recency list threaded through one array, so nothing is allocated per hit.
/// One mutex guards it all; the critical sections are a few loads and stores.
final class ResultCache<Key: Hashable & Sendable>: Sendable {
    struct Statistics: Hashable, Sendable {
        var hits = 0
        var misses = 0
        var evictions = 0
        var entries = 0
        var bytes = 0
    }

    private let state: Mutex<LRUState<Key>>

    init(maxEntries: Int, maxBytes: Int) {
        state = Mutex(LRUState(maxEntries: max(0, maxEntries), maxBytes: max(0, maxBytes)))
    }

    /// The stored bytes, marking them most recently used; counts a hit or a miss.
    func get(_ key: Key) -> [UInt8]? {
        state.withLock { $0.get(key) }
    }

    /// Stores `value`, evicting least-recently-used entries until both bounds hold.
    func put(_ key: Key, _ value: [UInt8]) {
        state.withLock { $0.put(key, value) }
    }

    var statistics: Statistics {
        state.withLock { $0.statistics }
    }
}

/// The cache's unsynchronised core, kept apart so that its invariants read in one place.
struct LRUState<Key: Hashable & Sendable>: Sendable {
    private struct Slot: Sendable {
        var key: Key
        var value: [UInt8]
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
    private(set) var statistics = ResultCache<Key>.Statistics()

    init(maxEntries: Int, maxBytes: Int) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    mutating func get(_ key: Key) -> [UInt8]? {
        guard let slot = index[key] else {
            statistics.misses += 1
            return nil
        }
        statistics.hits += 1
        moveToHead(slot)
        return slots[slot].value
    }

    mutating func put(_ key: Key, _ value: [UInt8]) {
        guard maxEntries > 0, value.count <= maxBytes else { return }
        if let existing = index[key] {
            statistics.bytes += value.count - slots[existing].value.count
            slots[existing].value = value
            moveToHead(existing)
        } else {
            let slot = Slot(key: key, value: value, newer: -1, older: -1)
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
            statistics.bytes += value.count
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
        statistics.bytes -= slots[victim].value.count
        statistics.evictions += 1
        slots[victim].value = []  // release the bytes now, not when the slot is reused
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
