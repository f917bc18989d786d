import Testing
@testable import EstimationAPI

/// `POST /v1/roofline` and `POST /v1/inference` through the service, as clients call them.
@Suite("Roofline and inference endpoints")
struct InferenceEndpointTests {
    let client = ServiceClient()

    /// Seed 004 over HTTP: ridge 48, OP4 at 4.9 % of peak, the measured ridge 38.6.
    @Test func rooflineSeedFour() {
        let response = client.post(
            "/v1/roofline", #"{"hardware": "i9-10980xe", "operators": [{"name": "OP4", "flops": 2.346e9, "bytes": 1e9}]}"#)
        #expect(response.status == 200, "\(response.text)")
        #expect(response["ridge_intensity"]?.doubleValue == 48)
        #expect(response["precision"]?.stringValue == "fp32")
        #expect(response["operators.0.bound"]?.stringValue == "memory")
        #expect(response["operators.0.fraction_of_peak"]?.doubleValue == 0.048875)
        #expect(response["measured_roofs.ridge_intensity"]?.doubleValue == 2.86e12 / 74e9)
        #expect(response["input.kind"]?.stringValue == "preset" && response["input.preset"]?.stringValue == "i9-10980xe")
        #expect(response["hardware.measured.bandwidth_bytes_per_second"]?.doubleValue == 74e9)
        #expect(response["options.operators.0.name"]?.stringValue == "OP4")
        // The old preset name answers with the measured figures as its roofs.
        let alias = client.post(
            "/v1/roofline", #"{"hardware": "i9-10980xe-measured", "operators": [{"name": "OP4", "flops": 1, "bytes": 1}]}"#)
        #expect(alias["ridge_intensity"]?.doubleValue == 2.86e12 / 74e9)
        #expect(alias["measured_roofs"] == .null)
    }

    /// Custom hardware with measured figures beside its spec sheet's.
    @Test func rooflineCustomMeasuredRoofs() {
        let response = client.post("/v1/roofline", #"""
            {"hardware": {"memory_bytes": 1000, "bandwidth_bytes_per_second": 1e11, "peak_flops_per_second": {"fp32": 1e13},
                          "measured": {"peak_flops_per_second": {"fp32": 5e12}, "bandwidth_bytes_per_second": 5e10}},
             "operators": [{"name": "gemm", "flops": 1e12, "bytes": 1e9}]}
            """#)
        #expect(response.status == 200, "\(response.text)")
        #expect(response["roofs.ridge_intensity"]?.doubleValue == 100)
        #expect(response["measured_roofs.ridge_intensity"]?.doubleValue == 100)
        #expect(response["operators.0.bound"]?.stringValue == "compute")
        #expect(response["operators.0.measured.seconds"]?.doubleValue == 0.2)
        #expect(response["totals.measured_seconds"]?.doubleValue == 0.2)
    }

    @Test func rooflineMistakesAreNamed() {
        #expect(client.post("/v1/roofline", #"{"operators": [{"name": "a", "flops": 1, "bytes": 1}]}"#).issueFields == ["hardware"])
        #expect(client.post("/v1/roofline", #"{"hardware": "h100-sxm", "operators": []}"#).issueFields == ["operators"])
        let response = client.post(
            "/v1/roofline", #"{"hardware": "h100-sxm", "precision": "fp4", "operators": [{"name": "a", "flops": -1, "bytes": 0}, {"flops": 1}]}"#)
        #expect(response.status == 422)
        #expect(Set(response.issueFields) == ["precision", "operators[1].name", "operators[1].bytes"])
        let ranges = client.post("/v1/roofline", #"{"hardware": "h100-sxm", "operators": [{"name": "a", "flops": -1, "bytes": 0}]}"#)
        #expect(ranges.issueFields == ["operators[0].flops", "operators[0].bytes"])
    }

    /// By default the prefill's FLOPs are `/v1/flops`'s forward at the same shape and mask, over HTTP.
    @Test func inferencePrefillIsTheFlopsForward() {
        let flops = client.post("/v1/flops", #"{"model": "qwen3-8b", "batch_size": 2, "sequence_length": 900, "causal": true}"#)
        let inference = client.post("/v1/inference", #"""
            {"model": "qwen3-8b", "hardware": "h100-sxm", "batch_size": 2, "prompt_tokens": 900}
            """#)
        #expect(inference.status == 200, "\(inference.text)")
        #expect(inference["options.causal"]?.boolValue == true)
        #expect(inference["prefill.matrix_flops"]?.doubleValue == flops["forward.total"]?.doubleValue)
        #expect(inference["decode.prefix_tokens"]?.intValue == 900)
    }

    /// A hybrid over HTTP: nemotron_h's Mamba-2, MLP-only and attention-only layers as groups in
    /// the layout's vocabulary, their operators, and by default the prefill is `/v1/flops`'s forward
    /// (its convolutions counted with the recurrent rows' vector FLOPs).
    @Test func hybridLayerGroups() {
        let body = #"{"model": "nemotron-nano-9b-v2", "hardware": "h200-sxm", "prompt_tokens": 700, "batch_sweep": {"max_batch": 2}}"#
        let response = client.post("/v1/inference", body)
        #expect(response.status == 200, "\(response.text)")
        #expect(response["options.prefill_logits"]?.stringValue == "all")
        guard case .array(let groups)? = response["layer_groups"], case .array(let operators)? = response["prefill.operators"] else {
            Issue.record("no layer groups or operators")
            return
        }
        let kinds = Set(groups.map { group in
            ["attention", "recurrent", "mlp"].map { group[$0]?.stringValue ?? "?" }.joined(separator: " ")
        })
        #expect(kinds == ["none mamba2 none", "none none dense", "full none none"])
        let convolutions = operators.filter { $0["kind"]?.stringValue == "recurrent" }
            .reduce(0.0) { $0 + ($1["vector_flops"]?.doubleValue ?? 0) }
        let flops = client.post("/v1/flops", #"{"model": "nemotron-nano-9b-v2", "sequence_length": 700, "causal": true}"#)
        let matrix = response["prefill.matrix_flops"]?.doubleValue ?? 0
        #expect(matrix + convolutions == flops["forward.total"]?.doubleValue)
        #expect(operators.contains { $0["name"]?.stringValue == "mamba2.scan" })
    }

    @Test func inferenceAnswersEverySection() {
        let response = client.post("/v1/inference", #"""
            {"model": "mixtral-8x7b", "hardware": "h200-sxm", "tensor_parallel": {"degree": 2}, "weight_dtype": "int4",
             "kv_cache_dtype": "fp8", "batch_sweep": {"max_batch": 16}, "training": {"sequence_length": 1024}}
            """#)
        #expect(response.status == 200, "\(response.text)")
        for path in [
            "ideal.time_to_first_token_seconds", "expected.time_per_output_token_seconds.mean",
            "expected.tokens_per_second.aggregate", "memory.weight_bytes", "crossover.weight_bytes",
            "serving.1.kv_cache_budget_bytes", "prefill.tensor_parallel.link_bytes", "batch_sweep.4.tokens_per_second",
            "training.fewest_gpus.3.zero_stage",
        ] {
            #expect(response[path]?.doubleValue != nil, "\(path)")
        }
        #expect(response["batch_sweep.4.batch"]?.intValue == 16)
        #expect(response["options.hardware.interconnect_bandwidth_bytes_per_second"]?.doubleValue == 450e9)
        #expect(response["serving.0.engine"]?.stringValue == "vllm")
        #expect(response["layer_groups.0.mlp"]?.stringValue == "moe")
    }

    /// At a 1k context the cache keeps Llama 3 8B's decode memory-bound at any batch: `"none"`.
    @Test func crossoverNone() {
        let response = client.post("/v1/inference", #"{"model": "llama-3-8b", "hardware": "h200-sxm"}"#)
        #expect(response["crossover.batch"]?.stringValue == "none")
        let short = client.post("/v1/inference", #"{"model": "llama-3-8b", "hardware": "h200-sxm", "prompt_tokens": 64, "generated_tokens": 2}"#)
        #expect(short["crossover.batch"]?.doubleValue != nil)
    }

    /// A config.json answers like its preset.
    @Test func hfConfigInput() {
        let config = #"""
            {"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
             "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256, "rms_norm_eps": 1e-05,
             "hidden_act": "silu", "attention_bias": false, "tie_word_embeddings": false}
            """#
        let fromConfig = client.post("/v1/inference", #"{"hf_config": \#(config), "hardware": "h200-sxm"}"#)
        let fromPreset = client.post("/v1/inference", #"{"model": "llama-3-8b", "hardware": "h200-sxm"}"#)
        #expect(fromConfig.status == 200, "\(fromConfig.text)")
        #expect(fromConfig["expected.end_to_end_seconds"] == fromPreset["expected.end_to_end_seconds"])
    }

    @Test func inferenceMistakesAreNamed() {
        #expect(client.post("/v1/inference", #"{"model": "gpt2"}"#).issueFields == ["hardware"])
        let response = client.post("/v1/inference", #"""
            {"model": "llama-3-8b", "hardware": "h100-sxm", "tensor_parallel": {"degree": 3}, "activation_dtype": "int4",
             "efficiency": {"compute": 2}, "batch_sweep": {"max_batch": 0}, "speculative": true}
            """#)
        #expect(response.status == 422)
        #expect(Set(response.issueFields) == [
            "speculative", "activation_dtype", "tensor_parallel.degree", "efficiency.compute", "batch_sweep.max_batch",
        ])
        let noLink = client.post("/v1/inference", #"""
            {"model": "gpt2", "hardware": {"memory_bytes": 1e10, "bandwidth_bytes_per_second": 1e11, "peak_flops_per_second": {"bf16": 1e14}},
             "tensor_parallel": {"degree": 2}}
            """#)
        #expect(noLink.issueFields == ["hardware.interconnect_bandwidth_bytes_per_second"])
        let withLink = client.post("/v1/inference", #"""
            {"model": "gpt2", "hardware": {"memory_bytes": 1e10, "bandwidth_bytes_per_second": 1e11, "peak_flops_per_second": {"bf16": 1e14},
                                           "interconnect_bandwidth_bytes_per_second": 5e10},
             "tensor_parallel": {"degree": 2}}
            """#)
        #expect(withLink.status == 200, "\(withLink.text)")
    }

    @Test func textTables() {
        let response = client.post(
            "/v1/inference", #"{"model": "gemma-2-9b", "hardware": "h100-sxm", "batch_size": 4}"#, accept: "text/plain")
        #expect(response.status == 200)
        for heading in ["Prefill (4 × 1,024 tokens)", "Decode step", "Latency", "Decode batch sweep", "What fits for serving", "[1] attention"] {
            #expect(response.text.contains(heading), "\(heading)")
        }
        let roofline = client.post(
            "/v1/roofline", #"{"hardware": "h200-sxm", "operators": [{"name": "gemm", "flops": 1e12, "bytes": 1e8}]}"#,
            accept: "text/plain")
        #expect(roofline.text.contains("measured ridge") && roofline.text.contains("gemm"))
    }

    @Test func hardwareCatalogueListsLinksAndMeasuredRoofs() {
        let response = client.get("/v1/hardware")
        guard case .array(let presets)? = response["hardware"] else {
            Issue.record("no hardware list")
            return
        }
        let h200 = presets.first { $0["name"]?.stringValue == "h200-sxm" }
        #expect(h200?["measured.peak_flops_per_second.bf16"]?.doubleValue == 774.5e12)
        #expect(h200?["interconnect.kind"]?.stringValue == "nvlink")
        #expect(h200?["interconnect.bandwidth_bytes_per_second"]?.doubleValue == 450e9)
        let cpu = presets.first { $0["name"]?.stringValue == "i9-10980xe" }
        #expect(cpu?["interconnect"] == nil && cpu?["measured.bandwidth_bytes_per_second"]?.doubleValue == 74e9)
    }
}
