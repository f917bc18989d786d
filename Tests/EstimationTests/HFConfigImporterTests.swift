import Testing
@testable import Estimation

@Suite("Hugging Face config import")
struct HFConfigImporterTests {
    private func spec(_ config: [String: ConfigValue]) throws -> ModelSpec {
        try HFConfigImporter.importConfig(config).spec
    }

    // MARK: family defaults

    /// An absent key takes the config class's default: `LlamaConfig()` is llama-2-7b's shape.
    @Test func absentKeysTakeTheClassDefaults() throws {
        let llama = try spec(["model_type": .string("llama")])
        #expect(try ParameterCounter.count(llama).total == 6_738_415_616)
        let gpt2 = try spec(["model_type": .string("gpt2")])
        #expect(try ParameterCounter.count(gpt2).total == 124_439_808)
    }

    /// tie_word_embeddings defaults differ by family.
    @Test(arguments: [
        ("gpt2", true), ("gpt_bigcode", true), ("opt", true), ("bloom", true), ("falcon", true),
        ("gemma", true), ("gemma2", true), ("gptj", false), ("gpt_neox", false), ("phi", false),
        ("phi3", false), ("llama", false), ("mistral", false), ("mixtral", false), ("qwen2", false),
        ("qwen3", false), ("qwen3_moe", false), ("deepseek_v3", false),
    ])
    func tiedHeadDefault(_ family: String, _ tied: Bool) throws {
        #expect(try spec(["model_type": .string(family)]).tiedEmbeddings == tied)
        #expect(try spec(["model_type": .string(family), "tie_word_embeddings": .bool(!tied)]).tiedEmbeddings == !tied)
    }

    @Test func qwen2AlwaysHasQKVBiasAndNoOutputBias() throws {
        let qwen = try spec(["model_type": .string("qwen2"), "attention_bias": .bool(false)])
        #expect(qwen.qkvBias && !qwen.attentionOutputBias && !qwen.mlpBias)
    }

    @Test func llamaBiasSwitches() throws {
        let plain = try spec(["model_type": .string("llama")])
        let biased = try spec(["model_type": .string("llama"), "attention_bias": .bool(true), "mlp_bias": .bool(true)])
        // 32 layers · (q, k, v, o: 4 · 4096) and (gate, up: 2 · 11008, down: 4096).
        let extra = 32 * (4 * 4096 + 2 * 11008 + 4096)
        #expect(try ParameterCounter.count(biased).total - ParameterCounter.count(plain).total == extra)
    }

    @Test func headDimDefaults() throws {
        // qwen3's class has head_dim 128; Qwen3MoeConfig has none, so hidden / heads.
        #expect(try spec([
            "model_type": .string("qwen3"), "hidden_size": .integer(1024), "num_attention_heads": .integer(16),
            "num_key_value_heads": .integer(8),
        ]).headDim == 128)
        #expect(try spec(["model_type": .string("qwen3_moe"), "hidden_size": .integer(1024), "num_attention_heads": .integer(16)]).headDim == 64)
        #expect(try spec(["model_type": .string("gemma")]).headDim == 256)
        #expect(try spec(["model_type": .string("llama"), "head_dim": .null]).headDim == 128)
    }

    @Test func keyValueHeadDefaults() throws {
        #expect(try spec(["model_type": .string("mistral")]).kvHeads == 8)
        // null is Python's None, which the class resolves to num_attention_heads.
        #expect(try spec(["model_type": .string("mistral"), "num_key_value_heads": .null]).kvHeads == 32)
        #expect(try spec(["model_type": .string("gpt_bigcode")]).kvHeads == 1)
        #expect(try spec(["model_type": .string("gpt_bigcode"), "multi_query": .bool(false)]).kvHeads == 12)
    }

    @Test func falconVariants() throws {
        let falcon40b = try spec([
            "model_type": .string("falcon"), "hidden_size": .integer(8192), "num_attention_heads": .integer(128),
            "num_hidden_layers": .integer(60), "num_kv_heads": .integer(8), "new_decoder_architecture": .bool(true),
        ])
        #expect(falcon40b.kvHeads == 8 && falcon40b.normsPerLayer == 2 && falcon40b.headDim == 64)
        let falcon11b = try spec([
            "model_type": .string("falcon"), "new_decoder_architecture": .bool(true),
            "num_ln_in_parallel_attn": .integer(1), "n_head_kv": .integer(1),
        ])
        #expect(falcon11b.normsPerLayer == 1 && falcon11b.kvHeads == 1)
        let sequential = try spec(["model_type": .string("falcon"), "parallel_attn": .bool(false), "multi_query": .bool(false), "bias": .bool(true)])
        #expect(sequential.normsPerLayer == 2 && sequential.kvHeads == 71 && sequential.qkvBias && sequential.mlpBias)
    }

    /// facebook/opt-350m: a 512-wide embedding projected to 1024, post-norm (no final norm).
    /// 24 · (12 · 1024² + 13 · 1024) + 50272 · 512 + 2050 · 1024 + 2 · 512 · 1024 = 331 196 416,
    /// the published count.
    @Test func optProjectionAndPostNorm() throws {
        let opt350m = try spec([
            "model_type": .string("opt"), "hidden_size": .integer(1024), "ffn_dim": .integer(4096),
            "num_hidden_layers": .integer(24), "num_attention_heads": .integer(16),
            "word_embed_proj_dim": .integer(512), "do_layer_norm_before": .bool(false),
        ])
        #expect(opt350m.embeddingProjection == 512 && !opt350m.finalNorm && opt350m.positionEmbeddings == 2050)
        #expect(try ParameterCounter.count(opt350m).total == 331_196_416)
    }

    private func spans(_ spec: ModelSpec) -> [LayerKind.Attention?] {
        spec.layout.runs.flatMap { repeatElement($0.kind.attention, count: $0.count) }
    }

    @Test func gemma2SlidesOnAlternateLayers() throws {
        let gemma2 = try spec(["model_type": .string("gemma2")])
        #expect(gemma2.slidingWindow == 4096 && gemma2.normsPerLayer == 4)
        // 26 layers, sliding then full, kept as one repeated pattern.
        let pair = [LayerLayout.Run(LayerKind(attention: .sliding), count: 1), LayerLayout.Run(.standard, count: 1)]
        #expect(gemma2.layout.entries == [LayerLayout.Entry(repeats: 13, runs: pair)])
        let listed = try spec([
            "model_type": .string("gemma2"), "num_hidden_layers": .integer(4),
            "layer_types": .array(["sliding_attention", "sliding_attention", "sliding_attention", "full_attention"].map { .string($0) }),
        ])
        #expect(spans(listed) == [.sliding, .sliding, .sliding, .full])
        let irregular = try spec([
            "model_type": .string("gemma2"), "num_hidden_layers": .integer(3),
            "layer_types": .array(["full_attention", "sliding_attention", "full_attention"].map { .string($0) }),
        ])
        #expect(spans(irregular) == [.full, .sliding, .full])
        #expect(rejectedFields([
            "model_type": .string("gemma2"), "num_hidden_layers": .integer(3),
            "layer_types": .array(["full_attention", "sliding_attention"].map { .string($0) }),
        ]) == ["layer_types"])
        #expect(rejectedFields([
            "model_type": .string("gemma2"), "num_hidden_layers": .integer(1),
            "layer_types": .array([.string("linear_attention")]),
        ]) == ["layer_types"])
    }

    @Test func slidingWindowLayouts() throws {
        #expect(try spec(["model_type": .string("mistral")]).slidingWindow == 4096)
        #expect(try spec(["model_type": .string("mistral"), "sliding_window": .null]).slidingWindow == nil)
        #expect(try spec(["model_type": .string("qwen2"), "sliding_window": .integer(4096)]).slidingWindow == nil)
        let allSlide = try spec(["model_type": .string("qwen2"), "use_sliding_window": .bool(true), "max_window_layers": .integer(0)])
        #expect(allSlide.slidingWindow == 4096 && spans(allSlide) == Array(repeating: .sliding, count: 32))
        // Layers from max_window_layers (default 28) on slide.
        let upper = try spec(["model_type": .string("qwen2"), "use_sliding_window": .bool(true)])
        #expect(spans(upper) == Array(repeating: .full, count: 28) + Array(repeating: .sliding, count: 4))
    }

    // MARK: errors

    /// Sparse-layer selections: every second layer, listed dense layers, DeepSeek's frequency.
    @Test func moeLayerSelections() throws {
        func mlps(_ spec: ModelSpec) -> [LayerKind.MLP?] {
            spec.layout.runs.flatMap { repeatElement($0.kind.mlp, count: $0.count) }
        }
        let everySecond = try spec(["model_type": .string("qwen3_moe"), "num_hidden_layers": .integer(4), "decoder_sparse_step": .integer(2)])
        #expect(mlps(everySecond) == [.dense, .moe, .dense, .moe])
        let listed = try spec(["model_type": .string("qwen3_moe"), "num_hidden_layers": .integer(3), "mlp_only_layers": .array([.integer(0)])])
        #expect(mlps(listed) == [.dense, .moe, .moe])
        let deepseek = try spec(["model_type": .string("deepseek_v3"), "num_hidden_layers": .integer(6), "moe_layer_freq": .integer(2)])
        #expect(mlps(deepseek) == [.dense, .dense, .dense, .dense, .moe, .dense])
    }

    @Test func unrepresentableLayoutsNameTheirKey() {
        #expect(rejectedFields(["model_type": .string("deepseek_v3"), "moe_layer_freq": .integer(0)]) == ["moe_layer_freq"])
        #expect(rejectedFields(["model_type": .string("qwen3_moe"), "decoder_sparse_step": .integer(0)]) == ["decoder_sparse_step"])
        #expect(rejectedFields(["model_type": .string("qwen3_moe"), "mlp_only_layers": .array([.integer(48)])]) == ["mlp_only_layers"])
        #expect(rejectedFields(["model_type": .string("gpt2"), "add_cross_attention": .bool(true)]) == ["add_cross_attention"])
    }

    @Test func contradictionsNameTheirKey() {
        #expect(rejectedFields(["model_type": .string("llama"), "hidden_size": .integer(4097)]) == ["num_attention_heads"])
        #expect(rejectedFields(["model_type": .string("llama"), "num_key_value_heads": .integer(5)]) == ["num_key_value_heads"])
        #expect(rejectedFields(["model_type": .string("gpt2"), "n_head": .integer(0)]) == ["n_head"])
        // deepseek_v2's class has no default for num_experts_per_tok.
        #expect(rejectedFields(["model_type": .string("deepseek_v2")]) == ["num_experts_per_tok"])
    }

    @Test func wrongTypesNameTheirKey() {
        #expect(rejectedFields(["model_type": .string("llama"), "hidden_size": .string("4096")]) == ["hidden_size"])
        #expect(rejectedFields(["model_type": .string("llama"), "hidden_size": .number(4096.5)]) == ["hidden_size"])
        #expect(rejectedFields(["model_type": .string("llama"), "hidden_size": .null]) == ["hidden_size"])
        #expect(rejectedFields(["model_type": .string("llama"), "tie_word_embeddings": .integer(1)]) == ["tie_word_embeddings"])
        #expect(rejectedFields(["model_type": .integer(5)]) == ["model_type"])
        #expect(rejectedFields(["model_type": .string("gemma2"), "layer_types": .string("sliding")]) == ["layer_types"])
        // Several at once.
        #expect(rejectedFields([
            "model_type": .string("llama"), "hidden_size": .bool(true), "vocab_size": .array([]),
        ]) == ["hidden_size", "vocab_size"])
    }

    @Test func wholeNumbersAreIntegers() throws {
        let spec = try spec(["model_type": .string("llama"), "num_hidden_layers": .number(1e1), "intermediate_size": .number(11008)])
        #expect(spec.layers == 10 && spec.intermediateSize == 11008)
        #expect(rejectedFields(["model_type": .string("llama"), "num_hidden_layers": .number(1e300)]) == ["num_hidden_layers"])
    }

    /// Out-of-range values are reported under the key the config used.
    @Test func rangeErrorsUseTheConfigKey() throws {
        do {
            _ = try HFConfigImporter.importConfig(["model_type": .string("gpt2"), "n_layer": .integer(0), "n_positions": .integer(-1)])
            Issue.record("expected an error")
        } catch {
            // n_positions twice: as the learned table's rows and as the declared context.
            #expect(error.issues.map(\.field) == ["n_layer", "n_positions", "n_positions"])
            #expect(error.issues.first?.message == "(as layers) must be an integer from 1 to 10000, got 0")
        }
        #expect(rejectedFields(["model_type": .string("llama"), "hidden_size": .integer(1 << 21)]) == ["hidden_size"])
        // Not divisible by the 32 heads: reported before any range.
        #expect(rejectedFields(["model_type": .string("llama"), "hidden_size": .integer(Int.max)]) == ["num_attention_heads"])
        #expect(!rejectedFields(["model_type": .string("gpt2"), "n_embd": .integer(Int.max)]).isEmpty)
        #expect(rejectedFields(["model_type": .string("opt"), "max_position_embeddings": .integer(Int.max)]) == ["max_position_embeddings"])
    }

    // MARK: unknown families

    @Test func unknownFamilyIsApproximateWithWarnings() throws {
        let imported = try HFConfigImporter.importConfig([
            "model_type": .string("internlm2"), "hidden_size": .integer(4096), "num_hidden_layers": .integer(32),
            "num_attention_heads": .integer(32), "num_key_value_heads": .integer(8), "vocab_size": .integer(92544),
            "intermediate_size": .integer(14336),
        ])
        #expect(imported.approximate)
        #expect(imported.family == "internlm2")
        #expect(imported.warnings.contains { $0.contains("internlm2") })
        #expect(imported.warnings.contains { $0.contains("tie_word_embeddings") })
        #expect(imported.spec.mlp == .gated && imported.spec.norm == .rmsnorm && imported.spec.kvHeads == 8)
        // Llama-3-8b's shape with this vocabulary, tied (PreTrainedConfig's default):
        // 32 · (2·4096² + 2·4096·1024 + 3·4096·14336 + 2·4096) + 92544 · 4096 + 4096.
        let expected = 32 * (2 * 4096 * 4096 + 2 * 4096 * 1024 + 3 * 4096 * 14336 + 2 * 4096) + 92544 * 4096 + 4096
        #expect(try ParameterCounter.count(imported.spec).total == expected)
    }

    @Test func missingModelTypeUsesTheGPTStyleKeysToo() throws {
        let imported = try HFConfigImporter.importConfig([
            "n_embd": .integer(768), "n_layer": .integer(12), "n_head": .integer(12), "vocab_size": .integer(50257),
        ])
        #expect(imported.family == "unknown" && imported.approximate)
        #expect(imported.warnings.contains { $0.contains("no model_type") })
        #expect(imported.warnings.contains { $0.contains("intermediate_size") })
        #expect(imported.spec.intermediateSize == 3072)
    }

    @Test func unknownFamilyWithoutTheUsualKeysNamesThem() {
        #expect(rejectedFields(["model_type": .string("mystery"), "hidden_size": .integer(64)])
            == ["num_hidden_layers", "num_attention_heads", "vocab_size"])
        #expect(rejectedFields([:]) == ["hidden_size", "num_hidden_layers", "num_attention_heads", "vocab_size"])
    }

    /// Every exact family imports from its config class's defaults alone, without a warning; a
    /// multimodal wrapper with one, naming the tower it leaves out.
    @Test func knownFamiliesAreExactAndQuiet() throws {
        for family in HFConfigImporter.exactFamilies where family != "deepseek_v2" {
            let imported = try HFConfigImporter.importConfig(["model_type": .string(family)])
            let wrapper = HFConfigImporter.multimodalFamilies[family] != nil
            #expect(imported.approximate == wrapper, "\(family)")
            #expect(imported.warnings.count == (wrapper ? 1 : 0), "\(family)")
            #expect(imported.family == family)
        }
    }
}
