import Testing
@testable import EstimationAPI

@Suite("Caching and conditional requests")
struct CachingTests {
    let body = #"{"model":"gpt2","batch_size":2,"sequence_length":1024}"#

    @Test func secondRequestIsAHitWithTheSameBody() {
        let client = ServiceClient()
        let first = client.post("/v1/kv-cache", body)
        let second = client.post("/v1/kv-cache", body)
        #expect(first.header("X-Cache") == "miss")
        #expect(second.header("X-Cache") == "hit")
        #expect(first.body == second.body)
        #expect(second["bytes"]?.intValue == 75_497_472)
        let statistics = client.service.metrics.cache.statistics
        #expect(statistics.hits == 1)
        #expect(statistics.misses == 1)
    }

    @Test func etagIsWeakAndNamesTheHashAndRepresentation() throws {
        let client = ServiceClient()
        let response = client.post("/v1/kv-cache", body)
        let hash = try #require(response["spec_hash"]?.stringValue)
        #expect(response.header("ETag") == "W/\"\(hash)-json\"")
        #expect(response.header("Vary") == "Accept")
        #expect(response.header("Content-Type") == "application/json")
        let text = client.post("/v1/kv-cache", body, accept: "text/plain")
        #expect(text.header("ETag") == "W/\"\(hash)-text\"")
    }

    @Test func ifNoneMatchAnswers304WithoutABody() throws {
        let client = ServiceClient()
        let etag = try #require(client.post("/v1/kv-cache", body).header("ETag"))
        let conditional = client.post("/v1/kv-cache", body, ifNoneMatch: "\"other\", \(etag)")
        #expect(conditional.status == 304)
        #expect(conditional.body.isEmpty)
        #expect(conditional.header("ETag") == etag)
        // Weak comparison: the strong spelling of the same tag matches too.
        let strong = String(etag.dropFirst(2))
        #expect(client.post("/v1/kv-cache", body, ifNoneMatch: strong).status == 304)
        #expect(client.post("/v1/kv-cache", body, ifNoneMatch: "*").status == 304)
        #expect(client.post("/v1/kv-cache", body, ifNoneMatch: "W/\"nope\"").status == 200)
        #expect(conditional.header("X-Cache") == "hit")
    }

    @Test func ifNoneMatchStarNeverHidesAFailure() {
        let client = ServiceClient()
        let failing = client.post("/v1/kv-cache", #"{"model":"gpt2","batch_size":0}"#, ifNoneMatch: "*")
        #expect(failing.status == 422)
    }

    @Test func rememberedRequestsStillComputeAfterTheirResultIsEvicted() {
        // One result slot, many memo slots: the memo remembers a body whose result is gone.
        let client = ServiceClient(configuration: ServiceConfiguration(cacheMaxEntries: 1))
        let first = client.post("/v1/kv-cache", body)
        _ = client.post("/v1/kv-cache", #"{"model":"gpt2","batch_size":7}"#)
        let again = client.post("/v1/kv-cache", body)
        #expect(again.status == 200)
        #expect(again.header("X-Cache") == "miss")
        #expect(again.body == first.body)
        let hit = client.post("/v1/kv-cache", body)
        #expect(hit.header("X-Cache") == "hit")
        #expect(hit.body == first.body)
    }

    @Test func memoKeepsEachSpellingsProvenance() {
        let client = ServiceClient()
        let preset = #"{"model":"llama-2-7b"}"#
        let native = #"{"model":\#(llama2NativeSpec)}"#
        for _ in 0..<2 {
            #expect(client.post("/v1/parameters", preset)["input.kind"]?.stringValue == "preset")
            #expect(client.post("/v1/parameters", native)["input.kind"]?.stringValue == "spec")
        }
        let statistics = client.service.metrics.cache.statistics
        #expect(statistics.entries == 1)
        #expect(statistics.misses == 1)
        #expect(statistics.hits == 3)
    }

    @Test func errorsAreNeverCached() {
        let client = ServiceClient()
        let invalid = client.post("/v1/kv-cache", #"{"model":"gpt2","batch_size":0}"#)
        #expect(invalid.status == 422)
        #expect(invalid.header("ETag") == nil)
        let again = client.post("/v1/kv-cache", #"{"model":"gpt2","batch_size":0}"#)
        #expect(again.status == 422)
        #expect(client.service.metrics.cache.statistics.entries == 0)
        #expect(client.post("/v1/kv-cache", body).header("X-Cache") == "miss")
    }

    @Test func boundedCacheEvictsAndKeepsAnswering() {
        let client = ServiceClient(configuration: ServiceConfiguration(cacheMaxEntries: 2))
        for batch in 1...3 {
            let response = client.post("/v1/kv-cache", #"{"model":"gpt2","batch_size":\#(batch)}"#)
            #expect(response.status == 200)
        }
        let statistics = client.service.metrics.cache.statistics
        #expect(statistics.entries == 2)
        #expect(statistics.evictions == 1)
        #expect(client.post("/v1/kv-cache", #"{"model":"gpt2","batch_size":1}"#).header("X-Cache") == "miss")
        #expect(client.post("/v1/kv-cache", #"{"model":"gpt2","batch_size":3}"#).header("X-Cache") == "hit")
    }

    @Test func concurrentRequestsAgree() async {
        let client = ServiceClient()
        let expected = client.post("/v1/parameters", #"{"model":"llama-3-8b"}"#).body
        let bodies = await withTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<16 {
                group.addTask { client.post("/v1/parameters", #"{"model":"llama-3-8b"}"#).body }
            }
            var bodies: [[UInt8]] = []
            for await body in group { bodies.append(body) }
            return bodies
        }
        #expect(bodies.allSatisfy { $0 == expected })
        #expect(client.service.metrics.cache.statistics.misses == 1)
    }
}
