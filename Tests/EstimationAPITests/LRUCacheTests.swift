import Testing
@testable import EstimationAPI

@Suite("LRU cache")
struct LRUCacheTests {
    @Test func evictsTheLeastRecentlyUsedByEntryCount() {
        let cache = LRUCache<Int, [UInt8]>(maxEntries: 2, maxBytes: 1_000)
        cache.put(1, [1])
        cache.put(2, [2])
        #expect(cache.get(1) == [1])  // 1 is now more recent than 2
        cache.put(3, [3])
        #expect(cache.get(2) == nil)
        #expect(cache.get(1) == [1])
        #expect(cache.get(3) == [3])
        let statistics = cache.statistics
        #expect(statistics.entries == 2)
        #expect(statistics.bytes == 2)
        #expect(statistics.evictions == 1)
        #expect(statistics.hits == 3)
        #expect(statistics.misses == 1)
    }

    @Test func evictsByBytesUntilTheNewEntryFits() {
        let cache = LRUCache<String, [UInt8]>(maxEntries: 100, maxBytes: 10)
        cache.put("a", [UInt8](repeating: 0, count: 4))
        cache.put("b", [UInt8](repeating: 0, count: 4))
        cache.put("c", [UInt8](repeating: 0, count: 6))  // 14 > 10: a goes, then 10 fits
        #expect(cache.get("a") == nil)
        #expect(cache.get("b")?.count == 4)
        #expect(cache.get("c")?.count == 6)
        #expect(cache.statistics.bytes == 10)
        #expect(cache.statistics.evictions == 1)
    }

    @Test func anEntryLargerThanTheBoundIsNotStored() {
        let cache = LRUCache<Int, [UInt8]>(maxEntries: 10, maxBytes: 3)
        cache.put(1, [1, 2])
        cache.put(2, [1, 2, 3, 4])
        #expect(cache.get(2) == nil)
        #expect(cache.get(1) == [1, 2])
        #expect(cache.statistics.evictions == 0)
    }

    @Test func replacingAKeyUpdatesBytesAndRecency() {
        let cache = LRUCache<Int, [UInt8]>(maxEntries: 2, maxBytes: 100)
        cache.put(1, [1])
        cache.put(2, [2])
        cache.put(1, [1, 1, 1])
        cache.put(3, [3])  // 2 is the least recent now
        #expect(cache.get(2) == nil)
        #expect(cache.get(1) == [1, 1, 1])
        #expect(cache.statistics.bytes == 4)
        #expect(cache.statistics.entries == 2)
    }

    @Test func slotsAreReusedAcrossManyEvictions() {
        let cache = LRUCache<Int, [UInt8]>(maxEntries: 3, maxBytes: 1_000)
        for key in 0..<1_000 { cache.put(key, [UInt8(key % 256)]) }
        #expect(cache.statistics.entries == 3)
        #expect(cache.statistics.evictions == 997)
        #expect(cache.get(999) == [UInt8(999 % 256)])
        #expect(cache.get(996) == nil)
    }

    @Test func zeroEntriesDisablesCaching() {
        let cache = LRUCache<Int, [UInt8]>(maxEntries: 0, maxBytes: 1_000)
        cache.put(1, [1])
        #expect(cache.get(1) == nil)
        #expect(cache.statistics.entries == 0)
    }

    @Test func concurrentUseKeepsTheCountsConsistent() async {
        let cache = LRUCache<Int, [UInt8]>(maxEntries: 50, maxBytes: 10_000)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for step in 0..<500 {
                        let key = (worker * 31 + step) % 100
                        if cache.get(key) == nil { cache.put(key, [UInt8(key)]) }
                    }
                }
            }
        }
        let statistics = cache.statistics
        #expect(statistics.hits + statistics.misses == 4_000)
        #expect(statistics.entries <= 50)
        #expect(statistics.bytes == statistics.entries)
    }
}

extension LRUCache where Value == [UInt8] {
    /// Stores bytes at their own size, so that the tests' byte bounds read as lengths.
    func put(_ key: Key, _ value: [UInt8]) {
        put(key, value, cost: value.count)
    }
}
