import HTTPCore
import Testing
@testable import EstimationAPI

/// No input crashes the service: random bytes and mutated valid requests always get a response
/// from the documented set. (A trap would end the test process, failing the run.)
@Suite("Robustness")
struct RobustnessTests {
    /// SplitMix64: deterministic, so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    let service = EstimationService(configuration: ServiceConfiguration(cacheMaxEntries: 64))
    let paths = EstimateEndpoints.all.map(\.path)

    @Test func randomBytesAreRefusedCleanly() {
        var generator = Generator(state: 1)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<64, using: &generator)
            let body = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let path = paths[Int.random(in: 0..<paths.count, using: &generator)]
            let response = service.handle(.post, path, contentType: "application/json", body: body)
            #expect([400, 422].contains(response.status))
        }
    }

    @Test func mutatedRequestsGetDocumentedStatuses() {
        let seeds = [
            #"{"model":"llama-3-8b","batch_size":2,"sequence_length":1024,"tokens":1e12,"hardware":"h100-sxm","gpus":64}"#,
            #"{"model":{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100,"moe":{"experts":4,"experts_per_token":2,"expert_intermediate_size":32}},"parallelism":{"tensor":2,"pipeline":2,"zero_stage":3,"data":4}}"#,
            #"{"model":"deepseek-v3","dtype":"int4","hardware":{"preset":"h100-sxm","memory_bytes":1e11},"headroom":0.1}"#,
            // Digits only, so that a whole rate can become 1e-300 (a time that overflows).
            #"{"model":"gpt2","tokens":1000000000000000000,"hardware":{"memory_bytes":7000,"bandwidth_bytes_per_second":5,"peak_flops_per_second":{"bf16":2000000000000000}},"mfu":1}"#,
        ]
        // Numbers that must never come back null (JSON's stand-in for an infinity or NaN).
        let alwaysNumbers = ["seconds", "days", "gpu_hours", "flops", "total", "bytes"].map { Array("\"\($0)\":null".utf8) }
        // Replacement tokens chosen to hit edges: zero, negatives, huge, wrong types, nulls.
        let replacements = ["0", "-1", "1e308", "9223372036854775807", "-9223372036854775808", "0.5", "null",
                            "true", "\"x\"", "[]", "{}", "65536", "4294967296", "1e-300"]
        var generator = Generator(state: 2)
        for _ in 0..<800 {
            var text = Array(seeds[Int.random(in: 0..<seeds.count, using: &generator)].utf8)
            // Replace one run of digits (or a short span) with an edge value.
            let start = Int.random(in: 0..<text.count, using: &generator)
            var end = start
            while end < text.count, text[end] >= UInt8(ascii: "0"), text[end] <= UInt8(ascii: "9") { end += 1 }
            if end == start { end = Swift.min(text.count, start + Int.random(in: 0...3, using: &generator)) }
            let replacement = Array(replacements[Int.random(in: 0..<replacements.count, using: &generator)].utf8)
            text.replaceSubrange(start..<end, with: replacement)
            for path in paths {
                let response = service.handle(
                    .post, path, accept: Bool.random(using: &generator) ? "text/plain" : nil,
                    contentType: "application/json", body: text)
                #expect([200, 400, 422].contains(response.status), "\(path) \(String(decoding: text, as: UTF8.self))")
                if response.status == 200 {
                    #expect(!alwaysNumbers.contains { response.body.firstRange(of: $0) != nil }, "\(path) \(String(decoding: text, as: UTF8.self))")
                }
            }
        }
    }

    @Test func everyPresetThroughEveryEndpoint() throws {
        let presets = try #require(service.handle(.get, "/v1/models")["models"])
        guard case .array(let models) = presets else {
            Issue.record("no models")
            return
        }
        #expect(models.count >= 30)
        for model in models {
            let name = try #require(model["name"]?.stringValue)
            let body = #"{"model":"\#(name)","batch_size":1,"sequence_length":4096,"tokens":1e12,"hardware":"h100-sxm","gpus":1024}"#
            for accept in [nil, "text/plain"] {
                let response = service.handle(
                    .post, "/v1/estimate", accept: accept, contentType: "application/json", body: Array(body.utf8))
                #expect(response.status == 200, "\(name): \(String(decoding: response.body, as: UTF8.self))")
            }
        }
    }
}
