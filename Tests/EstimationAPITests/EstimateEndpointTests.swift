import Testing
import TransformersReference
@testable import EstimationAPI

/// Every estimate endpoint's happy path, checked against the reference numbers from transformers
/// (models.json) or against docs/formulas.md worked by hand.
@Suite("Estimate endpoints")
struct EstimateEndpointTests {
    let client = ServiceClient()

    @Test(arguments: ReferenceCase.all(in: .models))
    func parametersOfEveryReferenceConfig(_ reference: ReferenceCase) throws {
        let response = client.post("/v1/parameters", reference.body())
        #expect(response.status == 200, "\(response.text)")
        #expect(response["parameters.total"]?.intValue == reference.parameters)
        #expect(response["input.kind"]?.stringValue == "hf_config")
    }

    @Test(arguments: ReferenceCase.all(in: .models))
    func kvCacheOfEveryReferenceConfig(_ reference: ReferenceCase) throws {
        let expected = try #require(reference.kvCacheBytesBF16["b2_s1024"])
        let response = client.post(
            "/v1/kv-cache", reference.body(#""batch_size":2,"sequence_length":1024"#))
        #expect(response.status == 200, "\(response.text)")
        #expect(response["bytes"]?.intValue == expected)
    }

    @Test(arguments: ReferenceCase.all(in: .models).filter { !$0.forwardFlops.isEmpty })
    func forwardFlopsOfEveryDenseReferenceConfig(_ reference: ReferenceCase) throws {
        for (shape, expected) in reference.forwardFlops {
            let size = try #require(ReferenceCase.shape(shape))
            let body = reference.body(#""batch_size":\#(size.batch),"sequence_length":\#(size.sequence)"#)
            let response = client.post("/v1/flops", body)
            #expect(response.status == 200, "\(response.text)")
            #expect(response["forward.total"]?.doubleValue == Double(expected), "\(reference.name) \(shape)")
            #expect(response["backward.total"]?.doubleValue == 2 * Double(expected))
            #expect(response["training_step.total"]?.doubleValue == 3 * Double(expected))
            #expect(response["macs"]?.doubleValue == Double(expected) / 2)
        }
    }

    @Test func nativeSpecParametersMatchTheReference() throws {
        let response = client.post("/v1/parameters", #"{"model":\#(llama2NativeSpec)}"#)
        #expect(response.status == 200, "\(response.text)")
        #expect(response["parameters.total"]?.intValue == 6_738_415_616)
        // Untied head and embedding: 2·V·d = 262,144,000 outside the non-embedding count.
        #expect(response["parameters.non_embedding"]?.intValue == 6_738_415_616 - 262_144_000)
        #expect(response["parameters.active"]?.intValue == 6_738_415_616)
        #expect(response["parameters.components.token_embedding"]?.intValue == 131_072_000)
        #expect(response["model.kv_heads"]?.intValue == 32)
        #expect(response["model.head_dim"]?.intValue == 128)
        #expect(response["input.kind"]?.stringValue == "spec")
        #expect(response["spec_hash"]?.stringValue?.count == 64)
    }

    @Test func seedDefaultsGiveTheSeedFormula() {
        // l(12d² + 13d) + Vd with l = 2, d = 64, V = 100: 2·(49152 + 832) + 6400 = 106368.
        let response = client.post("/v1/parameters", #"{"model":{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100}}"#)
        #expect(response["parameters.total"]?.intValue == 106_368)
        #expect(response["model.intermediate_size"]?.intValue == 256)
        #expect(response["model.moe"] == .null)
    }

    @Test func trainingMemoryFollowsTheSeed() throws {
        // Seed model, l = 2, d = 64, a = 4, V = 100 (106,368 parameters), b = 1, s = 8, adamw-16:
        // weights 2 × 106368 = 212736, gradients 212736, master 425472, Adam 850944;
        // activations per layer 34·b·s·d + 5·b·a·s² = 17408 + 1280 = 18688, two layers 37376;
        // logits 4·b·s·V = 3200; embedding dropout b·s·d = 512.
        let body = #"{"model":{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100},"batch_size":1,"sequence_length":8}"#
        let response = client.post("/v1/memory/training", body)
        #expect(response.status == 200, "\(response.text)")
        #expect(response["per_gpu.weights"]?.intValue == 212_736)
        #expect(response["per_gpu.gradients"]?.intValue == 212_736)
        #expect(response["per_gpu.master_weights"]?.intValue == 425_472)
        #expect(response["per_gpu.optimizer_states"]?.intValue == 850_944)
        #expect(response["per_gpu.activations"]?.intValue == 37_376)
        #expect(response["per_gpu.logits"]?.intValue == 3_200)
        #expect(response["per_gpu.embedding_dropout"]?.intValue == 512)
        #expect(response["per_gpu.total"]?.intValue == 1_701_888 + 37_376 + 3_200 + 512)
        #expect(response["bytes_per_parameter"]?.intValue == 16)
        #expect(response["fit"] == .null)
        #expect(response["options.optimizer"]?.stringValue == "adamw-16")
        #expect(response["options.parallelism.micro_batches"] == .null)
    }

    @Test func trainingMemoryFitOnHardware() throws {
        let body = #"{"model":\#(llama2NativeSpec),"batch_size":1,"sequence_length":4096,"hardware":"a100-sxm-80gb","headroom":0.1}"#
        let response = client.post("/v1/memory/training", body)
        #expect(response.status == 200, "\(response.text)")
        // 16 bytes × 6,738,415,616 parameters alone exceed 81,920 MiB.
        #expect(response["fit.fits"]?.boolValue == false)
        #expect(response["fit.memory_bytes"]?.intValue == 85_899_345_920)
        #expect(response["fit.usable_bytes"]?.intValue == 77_309_411_328)
        #expect(response["input.hardware"]?.stringValue == "a100-sxm-80gb")
    }

    @Test func kvCacheFitBesideTheWeights() throws {
        // llama-2-7b bf16: 2·l·k·hd·2 = 524,288 bytes per token; weights 2 × 6,738,415,616.
        let body = #"{"model":\#(llama2NativeSpec),"batch_size":2,"sequence_length":1024,"hardware":"h100-sxm"}"#
        let response = client.post("/v1/kv-cache", body)
        #expect(response.status == 200, "\(response.text)")
        #expect(response["bytes"]?.intValue == 1_073_741_824)
        #expect(response["bytes_per_token"]?.intValue == 524_288)
        #expect(response["bytes_per_sequence"]?.intValue == 536_870_912)
        #expect(response["fit.weight_bytes"]?.intValue == 13_476_831_232)
        let available = 85_520_809_984 - 13_476_831_232
        #expect(response["fit.available_bytes"]?.intValue == available)
        #expect(response["fit.tokens"]?.intValue == available / 524_288)
        #expect(response["fit.request_fits"]?.boolValue == true)
    }

    @Test func trainingTimeOfGPT3MatchesNarayanan() throws {
        // GPT-3 175B, 300B tokens, 1024 A100 at 140 TFLOP/s achieved, full recompute: about 34 days
        // (Narayanan et al. 2021 eq. 4, 8·T·P / (n·X)); the exact count with attention is ~35.
        let body = """
            {"model":{"layers":96,"hidden_size":12288,"attention_heads":96,"vocab_size":51200},
            "tokens":3e11,"sequence_length":2048,"hardware":"a100-sxm-80gb","gpus":1024,
            "achieved_tflops_per_gpu":140,"activation_recompute":"full"}
            """
        let response = client.post("/v1/training-time", body)
        #expect(response.status == 200, "\(response.text)")
        let days = try #require(response["days"]?.doubleValue)
        #expect(days > 33 && days < 37)
        #expect(response["flops_kind"]?.stringValue == "hardware")
        let seconds = try #require(response["seconds"]?.doubleValue)
        let flops = try #require(response["flops"]?.doubleValue)
        #expect(Swift.abs(seconds - flops / (1024 * 140e12)) / seconds < 1e-12)
        #expect(response["range.low.mfu"]?.doubleValue == 0.35)
        #expect(response["options.tokens"]?.intValue == 300_000_000_000)
    }

    @Test func trainingTimeAtDefaultMFU() throws {
        // 6·N·D-style check: model FLOPs / (gpus × peak × 0.4).
        let body = #"{"model":\#(llama2NativeSpec),"tokens":1000000000,"hardware":"h100-sxm","gpus":8}"#
        let response = client.post("/v1/training-time", body)
        #expect(response.status == 200, "\(response.text)")
        let flops = try #require(response["flops"]?.doubleValue)
        let seconds = try #require(response["seconds"]?.doubleValue)
        #expect(Swift.abs(seconds - flops / (8 * 989.4e12 * 0.4)) / seconds < 1e-12)
        #expect(response["mfu"]?.doubleValue == 0.4)
        #expect(response["flops_kind"]?.stringValue == "model")
        #expect(response["options.mfu"]?.doubleValue == 0.4)
        #expect(response["options.achieved_tflops_per_gpu"] == .null)
    }

    @Test func everythingAtOnce() throws {
        let body = #"{"model":\#(llama2NativeSpec),"batch_size":2,"sequence_length":1024}"#
        let response = client.post("/v1/estimate", body)
        #expect(response.status == 200, "\(response.text)")
        #expect(response["parameters.total"]?.intValue == 6_738_415_616)
        #expect(response["kv_cache.bytes"]?.intValue == 1_073_741_824)
        #expect(response["training_memory.bytes_per_parameter"]?.intValue == 16)
        #expect(response["flops.forward.total"]?.doubleValue != nil)
        #expect(response["training_time"] == .null)
        #expect(response["options.training_time"] == .null)

        let timed = client.post("/v1/estimate", #"{"model":\#(llama2NativeSpec),"tokens":1e9,"hardware":"h100-sxm"}"#)
        #expect(timed.status == 200, "\(timed.text)")
        #expect(timed["training_time.days"]?.doubleValue != nil)
        #expect(timed["training_memory.fit.fits"]?.boolValue != nil)
        #expect(timed["kv_cache.fit"] != .null)
    }

    @Test func everythingMatchesTheSingleEndpoints() {
        let extra = #""batch_size":2,"sequence_length":512"#
        let body = #"{"model":\#(llama2NativeSpec),\#(extra)}"#
        let combined = client.post("/v1/estimate", body)
        let flops = client.post("/v1/flops", body)
        let memory = client.post("/v1/memory/training", body)
        #expect(combined["flops.forward"] == flops["forward"])
        #expect(combined["training_memory.per_gpu"] == memory["per_gpu"])
    }
}
