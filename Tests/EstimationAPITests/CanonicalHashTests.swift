import Testing
import TransformersReference
@testable import EstimationAPI

/// Requests that mean the same hash the same; anything that changes the answer changes the hash.
@Suite("Canonical hash")
struct CanonicalHashTests {
    let client = ServiceClient()

    private func hash(_ path: String, _ body: String) -> String? {
        let response = client.post(path, body)
        #expect(response.status == 200, "\(response.text)")
        return response["spec_hash"]?.stringValue
    }

    @Test func presetNativeSpecAndConfigJSONAreOneEntry() throws {
        let reference = try #require(ReferenceCase.named("llama-2-7b"))
        let fromPreset = client.post("/v1/parameters", #"{"model":"llama-2-7b"}"#)
        let fromSpec = client.post("/v1/parameters", #"{"model":\#(llama2NativeSpec)}"#)
        let fromConfig = client.post("/v1/parameters", reference.body())
        for response in [fromPreset, fromSpec, fromConfig] { #expect(response.status == 200, "\(response.text)") }
        #expect(fromPreset["spec_hash"] == fromSpec["spec_hash"])
        #expect(fromSpec["spec_hash"] == fromConfig["spec_hash"])
        #expect(fromPreset.header("X-Cache") == "miss")
        #expect(fromSpec.header("X-Cache") == "hit")
        #expect(fromConfig.header("X-Cache") == "hit")
        #expect(fromPreset.header("ETag") == fromConfig.header("ETag"))
        // Each still says how it was asked.
        #expect(fromPreset["input.kind"]?.stringValue == "preset")
        #expect(fromPreset["input.preset"]?.stringValue == "llama-2-7b")
        #expect(fromSpec["input.kind"]?.stringValue == "spec")
        #expect(fromConfig["input.kind"]?.stringValue == "hf_config")
        #expect(fromConfig["input.family"]?.stringValue == "llama")
        #expect(client.service.metrics.cache.statistics.entries == 1)
    }

    @Test func keyOrderWhitespaceAndNumberSpellingDoNotMatter() {
        let a = hash("/v1/kv-cache", #"{"model":{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100},"batch_size":2,"sequence_length":1000}"#)
        let b = hash("/v1/kv-cache", """
            { "sequence_length" : 1e3, "batch_size": 2.0,
              "model": {"vocab_size": 100, "attention_heads": 4, "hidden_size": 64, "layers": 2} }
            """)
        #expect(a != nil)
        #expect(a == b)
    }

    @Test func spelledOutDefaultsHashLikeOmittedOnes() {
        let short = hash("/v1/memory/training", #"{"model":{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100}}"#)
        let long = hash("/v1/memory/training", """
            {"model":{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100,"kv_heads":4,
            "head_dim":16,"intermediate_size":256,"mlp":"standard","norm":"layernorm","moe":null,
            "sliding_window":null},
            "batch_size":1,"sequence_length":2048,"optimizer":"adamw-16","activation_recompute":"none",
            "flash_attention":false,"dropout":true,"parallelism":{"data":1,"tensor":1,"pipeline":1,
            "sequence_parallel":false,"zero_stage":0,"micro_batches":null}}
            """)
        #expect(short != nil)
        #expect(short == long)
    }

    @Test func presetHardwareAndItsFiguresHashTheSame() {
        let model = #""model":"llama-2-7b""#
        let preset = hash("/v1/kv-cache", #"{\#(model),"hardware":"h100-sxm"}"#)
        let figures = hash("/v1/kv-cache", """
            {\(model),"hardware":{"memory_bytes":85520809984,"bandwidth_bytes_per_second":3.35e12,
            "peak_flops_per_second":{"fp32":67e12,"tf32":494.7e12,"bf16":989.4e12,"fp16":989.4e12,"fp8":1978.9e12,"int8":1978.9e12}}}
            """)
        #expect(preset != nil)
        #expect(preset == figures)
    }

    @Test func anythingThatChangesTheAnswerChangesTheHash() {
        let model = #"{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100}"#
        let base = hash("/v1/flops", #"{"model":\#(model)}"#)
        let variants = [
            hash("/v1/flops", #"{"model":\#(model),"causal":true}"#),
            hash("/v1/flops", #"{"model":\#(model),"batch_size":2}"#),
            hash("/v1/flops", #"{"model":\#(model),"activation_recompute":"full"}"#),
            hash("/v1/flops", #"{"model":{"layers":3,"hidden_size":64,"attention_heads":4,"vocab_size":100}}"#),
            hash("/v1/flops", #"{"model":{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100,"qkv_bias":false}}"#),
            hash("/v1/kv-cache", #"{"model":\#(model)}"#),  // another endpoint, same options
        ]
        let all = [base] + variants
        #expect(!all.contains(nil))
        #expect(Set(all.compactMap { $0 }).count == all.count)
    }

    @Test func hashIsSHA256OfTheCanonicalBytes() {
        // The empty input's SHA-256, a published constant, proves the digest is wired correctly.
        #expect(SpecHash(of: []).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SpecHash(of: Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
