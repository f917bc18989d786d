import Foundation
import Testing

/// The result cache as seen over HTTP: one identity for one model however it is named, and
/// bounded eviction reported in /metrics.
@Suite struct CacheTests {
    @Test func presetNativeSpecAndConfigShareOneHash() throws {
        try withHost { client, _ in
            let preset = try client.post("/v1/kv-cache", #"{"model":"llama-2-7b","batch_size":2,"sequence_length":1024}"#)
            #expect(preset.status == 200)
            #expect(preset.headers["x-cache"] == "miss")
            let presetBody = try preset.json()
            let hash = try #require(presetBody.string("spec_hash"))

            // The canonical spec the preset resolved to, sent back as a native spec, with the
            // options in another order.
            let spec = try #require(presetBody["model"])
            let specJSON = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
            let native = try client.post("/v1/kv-cache", #"{"sequence_length":1024,"model":\#(specJSON),"batch_size":2}"#)
            #expect(native.status == 200)
            #expect(try native.json().string("spec_hash") == hash)
            #expect(native.headers["x-cache"] == "hit")

            // The checkpoint's own config.json, with the default dtype spelled out.
            let config = try client.post(
                "/v1/kv-cache", #"{"hf_config":\#(Reference.llama2ConfigJSON),"batch_size":2,"sequence_length":1024,"dtype":"bf16"}"#)
            #expect(config.status == 200)
            let configBody = try config.json()
            #expect(configBody.string("spec_hash") == hash)
            #expect(config.headers["x-cache"] == "hit")
            #expect(configBody.integer("bytes") == Reference.llama2KVCacheB2S1024BF16)
            #expect(preset.headers["etag"] == config.headers["etag"])
        }
    }

    @Test func aTinyCacheEvictsAndMetricsShowIt() throws {
        try withHost({ $0.service.cacheMaxEntries = 1 }) { client, _ in
            let gpt2 = #"{"model":"gpt2"}"#
            let llama = #"{"model":"llama-2-7b"}"#
            // gpt2 miss; llama miss, evicting gpt2; gpt2 miss again, evicting llama.
            #expect(try client.post("/v1/parameters", gpt2).headers["x-cache"] == "miss")
            #expect(try client.post("/v1/parameters", llama).headers["x-cache"] == "miss")
            #expect(try client.post("/v1/parameters", gpt2).headers["x-cache"] == "miss")
            #expect(try client.post("/v1/parameters", gpt2).headers["x-cache"] == "hit")
            let metrics = try client.get("/metrics").text
            #expect(MetricsText(metrics).value("abacus_cache_evictions_total") == 2)
            #expect(MetricsText(metrics).value("abacus_cache_misses_total") == 3)
            #expect(MetricsText(metrics).value("abacus_cache_hits_total") == 1)
            #expect(MetricsText(metrics).value("abacus_cache_entries") == 1)
        }
    }
}

/// Samples of a Prometheus text exposition, by their full series name (`name{labels}`).
struct MetricsText {
    let samples: [String: Double]

    init(_ text: String) {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        self.samples = samples
    }

    func value(_ series: String) -> Double? { samples[series] }
}
