import Testing
@testable import EstimationAPI

/// Answers that explain themselves: the text tables open with the scenario they assume, and a valid
/// request that is probably not what its author meant carries a warning, cached with the result.
@Suite("Scenario and warnings")
struct ScenarioTests {
    let client = ServiceClient()

    /// The lines of the text answer's Scenario section, label and value.
    private func scenario(_ text: String) -> [String: String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "Scenario") else { return [:] }
        var rows: [String: String] = [:]
        for line in lines[(start + 1)...] {
            guard line.hasPrefix("  ") else { break }
            let parts = line.dropFirst(2).split(separator: " ", maxSplits: 1)
            rows[String(parts[0])] = parts.count > 1 ? parts[1].trimmingPrefix(while: { $0 == " " }).description : ""
        }
        return rows
    }

    @Test func trainingMemoryTableStartsWithItsScenario() {
        let body = #"{"model":"llama-3-8b","sequence_length":8192,"flash_attention":true,"parallelism":{"data":8,"zero_stage":3},"hardware":"h200-sxm","headroom":0.05}"#
        let text = client.post("/v1/memory/training", body, accept: "text/plain").text
        // The Model section (provenance) comes first, then the scenario, then the numbers.
        let model = text.range(of: "Model\n"), scenario = text.range(of: "\nScenario\n")
        let numbers = text.range(of: "\nTraining memory per GPU")
        #expect(model != nil && scenario != nil && numbers != nil)
        if let model, let scenario, let numbers {
            #expect(model.lowerBound < scenario.lowerBound && scenario.lowerBound < numbers.lowerBound)
        }
        #expect(self.scenario(text) == [
            "batch_size": "1",
            "sequence_length": "8,192",
            "optimizer": "adamw-16 (16 B per parameter, 16-bit weights and activations)",
            "activation_recompute": "none",
            "flash_attention": "true",
            "dropout": "true",
            "framework": "megatron",
            "parallelism": "data 8 × tensor 1 × pipeline 1 = 8 GPUs, ZeRO-3",
            "hardware": "150,754,820,096 B (140.40 GiB), 4,800 GB/s, headroom 0.05",
        ])
    }

    /// Every field the issue names (batch, sequence length, optimizer, recompute, flash attention,
    /// causal, parallelism, dtype, hardware), each once though several sections read it.
    @Test func everythingListsEachFieldOnce() {
        let body = #"{"model":"llama-3-8b","batch_size":2,"causal":true,"dtype":"fp8","hardware":"h100-sxm","tokens":1000000000,"gpus":8,"parallelism":{"data":4,"tensor":2,"pipeline":2,"micro_batches":8,"sequence_parallel":true}}"#
        let text = client.post("/v1/estimate", body, accept: "text/plain").text
        let rows = scenario(text)
        #expect(rows["batch_size"] == "2")
        #expect(rows["causal"] == "true")
        #expect(rows["dtype"] == "fp8")
        #expect(rows["weight_dtype"] == "bf16")
        #expect(rows["parallelism"] == "data 4 × tensor 2 × pipeline 2 = 16 GPUs, no ZeRO, sequence parallel, 8 micro-batches")
        #expect(rows["hardware"] == "85,520,809,984 B (79.65 GiB), 3,350 GB/s, headroom 0.00")
        #expect(rows["tokens"] == "1,000,000,000" && rows["gpus"] == "8" && rows["mfu"] == "0.400")
        // Once in the scenario (the Model section names the preset), though three sections read them.
        #expect(text.components(separatedBy: "\n  hardware  ").count == 3)
        #expect(text.components(separatedBy: "\n  batch_size ").count == 2)
    }

    @Test func parametersHaveNoScenario() {
        let text = client.post("/v1/parameters", #"{"model":"gpt2"}"#, accept: "text/plain").text
        #expect(!text.contains("Scenario"))
    }

    /// Llama 3 8B at s 8192 without FlashAttention: the s×s scores (l·5bas² bytes with dropout,
    /// 32·5·32·8192² = 343 597 383 680, less the fp32 softmax statistics FlashAttention keeps,
    /// 32·4·32·8192 = 33 554 432) are most of the 491.8 GB per GPU.
    @Test func flashAttentionOffAtALongContextIsWarnedAbout() throws {
        let body = #"{"model":"llama-3-8b","sequence_length":8192}"#
        let response = client.post("/v1/memory/training", body)
        let total = try #require(response["per_gpu.total"]?.intValue)
        let warning = try #require(response["warnings.0"]?.stringValue)
        let scores = 343_597_383_680 - 33_554_432
        #expect(warning.hasPrefix("flash_attention is false, so the s×s attention scores take "
            + TextReport.readableBytes(scores) + " of the " + TextReport.readableBytes(total) + " per GPU"))
        let withFlash = client.post("/v1/memory/training", #"{"model":"llama-3-8b","sequence_length":8192,"flash_attention":true}"#)
        #expect(withFlash["warnings"] == .array([]))
        #expect(warning.hasSuffix("with flash_attention true the total is \(TextReport.readableBytes(total - scores))"))
        #expect(withFlash["per_gpu.total"]?.intValue == total - scores)
    }

    /// Below the threshold, no warning: the seed's GPT-2 medium example (b 4, s 1024), whose scores
    /// (24·(5·4·16·1024² − 4·4·16·1024) = 8 046 772 224 B, less the fp32 softmax statistics
    /// FlashAttention keeps) are 45 % of its 17 963 581 440 B. At s 2048, 32 199 671 808 B of
    /// 46 372 929 536 B: 69 %.
    @Test func attentionScoresBelowHalfAreNotWarnedAbout() throws {
        let model = #""model":{"layers":24,"hidden_size":1024,"attention_heads":16,"vocab_size":50257},"batch_size":4"#
        let seed = client.post("/v1/memory/training", "{\(model),\"sequence_length\":1024}")
        #expect(seed["per_gpu.total"]?.intValue == 17_963_581_440)
        #expect(seed["warnings"] == .array([]))
        let longer = client.post("/v1/memory/training", "{\(model),\"sequence_length\":2048}")
        let warning = try #require(longer["warnings.0"]?.stringValue)
        #expect(warning.contains("take 29.99 GiB of the 43.19 GiB per GPU (69 %)"))
        // Recomputing the attention core drops the scores: nothing to warn about.
        let selective = client.post("/v1/memory/training", "{\(model),\"sequence_length\":2048,\"activation_recompute\":\"selective\"}")
        #expect(selective["warnings"] == .array([]))
    }

    @Test func gpusThatDisagreeWithTheLayoutAreWarnedAbout() throws {
        // GPT-2's own context (1,024), so that only the warning under test is given.
        let base = #""model":"gpt2","sequence_length":1024,"hardware":"h100-sxm","tokens":1000000000,"flash_attention":true"#
        let disagreeing = client.post("/v1/estimate", "{\(base),\"gpus\":64,\"parallelism\":{\"data\":8,\"tensor\":2}}")
        #expect(disagreeing.status == 200)
        #expect(disagreeing["warnings"] == .array([.string(
            "gpus is 64 but parallelism lays out 16 (data 8 × tensor 2 × pipeline 1): training_time counts gpus "
                + "and training_memory the layout; set gpus to 16, or parallelism.data to 32, so that both describe one run"),
        ]))
        let odd = client.post("/v1/estimate", "{\(base),\"gpus\":7,\"parallelism\":{\"tensor\":2}}")
        #expect(odd["warnings.0"]?.stringValue?.hasSuffix("set gpus to 2 so that both describe one run") == true)
        let agreeing = client.post("/v1/estimate", "{\(base),\"gpus\":16,\"parallelism\":{\"data\":8,\"tensor\":2}}")
        #expect(agreeing["warnings"] == .array([]))
        // Without tokens there is no training_time section, so nothing to disagree with.
        let memoryOnly = client.post("/v1/estimate", #"{"model":"gpt2","sequence_length":1024,"flash_attention":true,"parallelism":{"data":8}}"#)
        #expect(memoryOnly["warnings"] == .array([]))
    }

    /// The warnings depend only on what the hash covers, so they are cached with the result: a hit,
    /// even from a body spelled differently, says the same.
    @Test func warningsSurviveTheCache() throws {
        let first = client.post("/v1/memory/training", #"{"model":"llama-3-8b","sequence_length":8192}"#)
        let second = client.post("/v1/memory/training", #"{"sequence_length":8192.0,"model":"Llama_3_8B","flash_attention":false}"#)
        #expect(first.header("X-Cache") == "miss" && second.header("X-Cache") == "hit")
        let warning = try #require(first["warnings.0"]?.stringValue)
        #expect(second["warnings"] == .array([.string(warning)]))
        for _ in 0..<2 {
            let text = client.post("/v1/memory/training", #"{"model":"llama-3-8b","sequence_length":8192}"#, accept: "text/plain").text
            #expect(text.contains("\n  warning    " + warning + "\n"))
        }
    }

    /// A config.json's own warnings (provenance, not cached) come first, the options' after.
    @Test func modelWarningsPrecedeOptionWarnings() throws {
        let config = #"{"model_type":"unknown-family","hidden_size":1024,"num_hidden_layers":4,"num_attention_heads":16,"vocab_size":1000,"intermediate_size":4096}"#
        let response = client.post("/v1/memory/training", #"{"hf_config":\#(config),"sequence_length":16384}"#)
        #expect(response.status == 200, "\(response.text)")
        guard case .array(let warnings)? = response["warnings"] else {
            Issue.record("no warnings")
            return
        }
        #expect(warnings.count >= 2)
        #expect(warnings.last?.stringValue?.hasPrefix("flash_attention is false") == true)
        #expect(warnings.dropLast().allSatisfy { $0.stringValue?.hasPrefix("flash_attention") == false })
    }

    /// The context a spec declares: a native spec's own field, a config's `max_position_embeddings`
    /// or `n_positions`. Beyond it, training memory, the KV cache and `/v1/estimate` (once) warn;
    /// at it, or without a declared context, nothing is said.
    @Test func sequenceBeyondTheDeclaredContextIsWarnedAbout() throws {
        let spec = #""model":{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100,"max_position_embeddings":512}"#
        let warning = "sequence_length 1,024 is beyond the model's max_position_embeddings (512): the estimate counts "
            + "every token, but the model was not built for sequences that long; lower sequence_length or extend the "
            + "model's positions (RoPE scaling) first"
        // FlashAttention on, so that the attention-scores warning stays out of the way.
        for (path, flash) in [("/v1/memory/training", #","flash_attention":true"#), ("/v1/kv-cache", ""), ("/v1/estimate", #","flash_attention":true"#)] {
            let long = client.post(path, "{\(spec),\"sequence_length\":1024\(flash)}")
            #expect(long.status == 200, "\(long.text)")
            #expect(long["warnings"] == .array([.string(warning)]), "\(path)")
            #expect(long["model.max_position_embeddings"]?.intValue == 512)
            let within = client.post(path, "{\(spec),\"sequence_length\":512\(flash)}")
            #expect(within["warnings"] == .array([]), "\(path)")
        }
        let undeclared = client.post("/v1/kv-cache", #"{"model":{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100},"sequence_length":1000000}"#)
        #expect(undeclared["warnings"] == .array([]))
        #expect(undeclared["model.max_position_embeddings"] == .null)

        let config = #"{"model_type":"gpt2","n_embd":64,"n_layer":2,"n_head":4,"vocab_size":100,"n_positions":256}"#
        let imported = client.post("/v1/kv-cache", #"{"hf_config":\#(config),"sequence_length":300}"#)
        #expect(imported["model.max_position_embeddings"]?.intValue == 256)
        #expect(imported["warnings.0"]?.stringValue?.hasPrefix("sequence_length 300 is beyond the model's max_position_embeddings (256)") == true)

        let invalid = client.post("/v1/kv-cache", #"{"model":{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100,"max_position_embeddings":0}}"#)
        #expect(invalid.status == 422)
        #expect(invalid.issueFields == ["model.max_position_embeddings"])
    }
}
