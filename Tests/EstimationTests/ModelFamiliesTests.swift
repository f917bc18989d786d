import Testing
@testable import Estimation

/// What the importer reads from the round-2 families beyond the counts cases.json checks: the
/// layouts, the blocks, the refusals and the warnings.
@Suite("Model families")
struct ModelFamiliesTests {
    private func preset(_ name: String) throws -> ModelSpec {
        try #require(ModelPresets.named(name)).spec
    }

    private func run(_ kind: LayerKind, _ count: Int) -> LayerLayout.Run { LayerLayout.Run(kind, count: count) }

    // MARK: layouts

    /// Gemma 3 27B's 62 layers: ten times five sliding layers and a full one, then two sliding.
    @Test func gemma3SlidesFiveLayersInSix() throws {
        let spec = try preset("gemma-3-27b")
        let sliding = LayerKind(attention: .sliding)
        #expect(spec.layout.entries == [
            LayerLayout.Entry(repeats: 10, runs: [run(sliding, 5), run(.standard, 1)]),
            LayerLayout.Entry(runs: [run(sliding, 2)]),
        ])
        #expect(spec.slidingWindow == 1024 && spec.normsPerLayer == 4)
        #expect(spec.qkNorm == .init(scope: .head, norm: .rmsnorm))
    }

    /// Maverick: chunked attention with rotary positions but every fourth layer, experts every second.
    @Test func llama4InterleavesExpertsAndNoPELayers() throws {
        let spec = try preset("llama-4-maverick")
        let chunkedDense = LayerKind(attention: .chunked, mlp: .dense)
        let chunkedExperts = LayerKind(attention: .chunked, mlp: .moe)
        let fullNoPEExperts = LayerKind(attention: .full, rotary: false, mlp: .moe)
        #expect(spec.layout.entries == [
            LayerLayout.Entry(
                repeats: 12, runs: [run(chunkedDense, 1), run(chunkedExperts, 1), run(chunkedDense, 1), run(fullNoPEExperts, 1)]),
        ])
        #expect(spec.attentionChunk == 8192 && spec.intermediateSize == 16384)
        #expect(spec.moe?.sharedExperts == 1 && spec.moe?.expertIntermediateSize == 8192)
    }

    /// Nemotron Nano 9B v2's pattern string: one block per layer, one norm each.
    @Test func nemotronHReadsItsPattern() throws {
        let spec = try preset("nemotron-nano-9b-v2")
        let kinds = spec.layout.runs.flatMap { repeatElement($0.kind, count: $0.count) }
        #expect(kinds.count == 56 && spec.layers == 56)
        #expect(kinds.filter { $0.recurrent == .mamba2 }.count == 27)
        #expect(kinds.filter { $0.attention == .full }.count == 4)
        #expect(kinds.filter { $0.mlp == .dense }.count == 25)
        #expect(kinds.allSatisfy { [$0.attention != nil, $0.recurrent != nil, $0.mlp != nil].filter { $0 }.count == 1 })
        #expect(spec.normsPerLayer == 1 && spec.mlp == .standard && spec.activation == .relu2 && spec.rotaryDim == 0)
        #expect(rejectedFields([
            "model_type": .string("nemotron_h"), "hybrid_override_pattern": .string("M*X-"),
        ]) == ["hybrid_override_pattern"])
        #expect(rejectedFields(["model_type": .string("nemotron_h"), "moe_latent_size": .integer(1024)]) == ["moe_latent_size"])
    }

    /// Qwen3-Next: three gated-DeltaNet layers to one gated attention layer, experts everywhere.
    @Test func qwen3NextMixesLinearAndGatedAttention() throws {
        let spec = try preset("qwen3-next-80b-a3b")
        let linear = LayerKind(attention: nil, recurrent: .linearAttention, mlp: .moe)
        #expect(spec.layout.entries == [LayerLayout.Entry(repeats: 12, runs: [run(linear, 3), run(LayerKind(mlp: .moe), 1)])])
        #expect(spec.attentionOutputGate && spec.rotaryDim == 64)
        #expect(spec.moe?.sharedExpertGate == true && spec.moe?.sharedExpertIntermediateSize == 512)
        #expect(spec.linearAttention == .init(
            kind: .gatedDeltaNet, keyHeads: 16, valueHeads: 32, keyHeadDim: 128, valueHeadDim: 128, convolutionKernel: 4,
            chunkSize: 64))
    }

    /// Falcon-H1: attention and Mamba-2 side by side in every layer.
    @Test func falconH1RunsAttentionBesideMamba() throws {
        let spec = try preset("falcon-h1-7b")
        #expect(spec.layout.entries == [
            LayerLayout.Entry(runs: [run(LayerKind(attention: .full, recurrent: .mamba2, mlp: .dense), 44)]),
        ])
        #expect(spec.mamba?.heads == 24 && spec.mamba?.headDim == 128 && spec.mamba?.stateSize == 256)
    }

    // MARK: state and cache

    /// The recurrent state is per sequence and does not grow with the sequence; a hybrid's keys and
    /// values grow only in its attention layers. Qwen3-Next per sequence and linear layer: the
    /// convolution's last 4 inputs over q, k and v ((2·16·128 + 32·128)·4 bf16 values) and the fp32
    /// state 32·128·128; 36 such layers.
    @Test func recurrentStateIsIndependentOfTheSequence() throws {
        let spec = try preset("qwen3-next-80b-a3b")
        let perSequence = 36 * ((2 * 16 * 128 + 32 * 128) * 4 * 2 + 32 * 128 * 128 * 4)
        for tokens in [1, 4096, 1 << 20] {
            let estimate = try KVCache.estimate(spec, KVCacheOptions(batchSize: 3, sequenceLength: tokens))
            #expect(estimate.stateBytesPerSequence == perSequence)
            #expect(estimate.stateBytes == 3 * perSequence)
            // 12 attention layers, 2 key/value heads of 256.
            #expect(estimate.keyValueBytes == 3 * tokens * 12 * 2 * 2 * 256 * 2)
        }
        // The state's fp32 part stays fp32 whatever the cache type; the convolution's follows it.
        let fp8 = try KVCache.estimate(spec, KVCacheOptions(sequenceLength: 1, dtype: .fp8))
        #expect(fp8.stateBytes == 36 * ((2 * 16 * 128 + 32 * 128) * 4 + 32 * 128 * 128 * 4))
    }

    /// gpt-oss-20b's weights: 24 layers × 32 experts × 3 · 2880² expert weights in MXFP4 (17 bytes per
    /// 32 values), everything else in bf16: 13 761 264 768 bytes, the size of its checkpoint.
    @Test func gptOSSExpertsStayMXFP4() throws {
        let spec = try preset("gpt-oss-20b")
        #expect(spec.quantizedWeights == .init(format: .mxfp4, scope: .routedExperts))
        #expect(spec.attentionSinks && spec.activation == .clampedSwiglu && spec.moe?.expertBias == true)
        let parameters = try ParameterCounter.count(spec)
        let quantized = 24 * 32 * 3 * 2880 * 2880
        #expect(WeightStorage.bytes(spec, parameters, dtype: .bf16) == CheckedInt((parameters.total - quantized) * 2 + quantized / 32 * 17))
        #expect(WeightStorage.bytes(spec, parameters, dtype: .bf16) == 13_761_264_768)
        let h100 = try #require(HardwareCatalogue.named("h100-sxm"))
        let fit = try #require(try KVCache.estimate(spec, KVCacheOptions(accelerator: h100)).fit)
        #expect(fit.weightBytes == 13_761_264_768)
    }

    // MARK: multimodal, encoders, fallback

    /// A multimodal config is read through its text_config; its tower is named, not counted.
    @Test func multimodalConfigsReadTheirLanguageModel() throws {
        let config = try #require(PresetCatalogue.entries.first { $0.name == "gemma-3-27b" }).config
        let imported = try HFConfigImporter.importConfig(config)
        #expect(imported.family == "gemma3" && imported.approximate)
        #expect(imported.warnings == [
            "vision_config (siglip_vision_model) is not counted: the estimate covers the language model (text_config) only",
        ])
        guard case .object(let text)? = config["text_config"] else {
            Issue.record("gemma-3-27b has no text_config")
            return
        }
        // The language model alone gives the same spec, so the same hash.
        #expect(try HFConfigImporter.importConfig(text).spec == imported.spec)
        // Its keys are named under text_config.
        var broken = config
        broken["text_config"] = .object(text.merging(["num_hidden_layers": .integer(0)]) { $1 })
        #expect(rejectedFields(broken) == ["text_config.num_hidden_layers"])
    }

    @Test(arguments: ["bert", "t5", "roberta", "whisper", "bart"])
    func encodersAreRefused(_ family: String) {
        #expect(rejectedFields(["model_type": .string(family), "hidden_size": .integer(768)]) == ["model_type"])
    }

    @Test func encoderDecoderFlagIsRefused() {
        #expect(rejectedFields(["model_type": .string("my_seq2seq"), "is_encoder_decoder": .bool(true)]) == ["model_type"])
        #expect(rejectedFields(["is_encoder_decoder": .bool(true), "hidden_size": .integer(64)]) == ["is_encoder_decoder"])
    }

    /// The llama-style fallback names every assumption, the activation included.
    @Test func fallbackNamesItsAssumptions() throws {
        let imported = try HFConfigImporter.importConfig([
            "model_type": .string("mystery"), "hidden_size": .integer(512), "num_hidden_layers": .integer(2),
            "num_attention_heads": .integer(8), "vocab_size": .integer(1000), "hidden_act": .string("xielu"),
        ])
        #expect(imported.approximate)
        #expect(imported.spec.activation == .silu)
        #expect(imported.warnings.count == 5)
        #expect(imported.warnings.contains { $0.contains("hidden_act") })
    }

    /// An exact family refuses what it cannot express, naming the key.
    @Test func exactFamiliesRefuseWhatTheyCannotExpress() {
        #expect(rejectedFields(["model_type": .string("llama"), "hidden_act": .string("xielu")]) == ["hidden_act"])
        #expect(rejectedFields([
            "model_type": .string("hunyuan_v1_moe"), "num_hidden_layers": .integer(2),
            "moe_topk": .array([.integer(2), .integer(4)]),
        ]) == ["moe_topk"])
        #expect(rejectedFields(["model_type": .string("gemma3_text"), "sliding_window_pattern": .integer(0)]) == ["sliding_window_pattern"])
        #expect(rejectedFields(["model_type": .string("lfm2"), "block_multiple_of": .integer(0)]) == ["block_multiple_of"])
        #expect(rejectedFields(["model_type": .string("phi"), "partial_rotary_factor": .number(1.5)]) == ["partial_rotary_factor"])
    }

    /// A quantisation the spec cannot express is named; the weights are then counted in the type asked.
    @Test func unmodelledQuantisationIsNamed() throws {
        let imported = try HFConfigImporter.importConfig([
            "model_type": .string("qwen3"),
            "quantization_config": .object(["quant_method": .string("fp8"), "weight_block_size": .array([.integer(128), .integer(128)])]),
        ])
        #expect(imported.spec.quantizedWeights == nil)
        #expect(imported.warnings.count == 1 && imported.warnings[0].contains("fp8"))
    }
}
