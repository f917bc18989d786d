import Testing
@testable import Estimation

@Suite("ModelSpec validation")
struct ModelSpecValidationTests {
    private let valid = ModelSpec(layers: 12, hiddenSize: 768, attentionHeads: 12, vocabSize: 50257)

    private func issues(_ spec: ModelSpec) -> [EstimationError.Issue] {
        do {
            try spec.validate()
            return []
        } catch {
            return error.issues
        }
    }

    @Test func aValidSpecPasses() throws {
        try valid.validate()
        try #require(ModelPresets.all.count > 0)
        for preset in ModelPresets.all { try preset.spec.validate() }
    }

    @Test(arguments: [
        (\ModelSpec.layers, 0, "layers"), (\ModelSpec.layers, 10_001, "layers"),
        (\ModelSpec.hiddenSize, 0, "hidden_size"), (\ModelSpec.hiddenSize, (1 << 20) + 1, "hidden_size"),
        (\ModelSpec.attentionHeads, -3, "attention_heads"),
        (\ModelSpec.kvHeads, 0, "kv_heads"), (\ModelSpec.kvHeads, 5, "kv_heads"), (\ModelSpec.kvHeads, 24, "kv_heads"),
        (\ModelSpec.headDim, 0, "head_dim"), (\ModelSpec.vocabSize, 1 << 25, "vocab_size"),
        (\ModelSpec.intermediateSize, 0, "intermediate_size"), (\ModelSpec.normsPerLayer, 9, "norms_per_layer"),
        (\ModelSpec.positionEmbeddings, -1, "position_embeddings"),
        (\ModelSpec.embeddingProjection, Int.max, "embedding_projection"),
        (\ModelSpec.rotaryDim, -1, "rotary_dim"), (\ModelSpec.rotaryDim, 65, "rotary_dim"),
    ] as [(any WritableKeyPath<ModelSpec, Int> & Sendable, Int, String)])
    func eachRangeViolationNamesItsField(_ path: any WritableKeyPath<ModelSpec, Int> & Sendable, _ value: Int, _ field: String) {
        var spec = valid
        spec[keyPath: path] = value
        #expect(issues(spec).map(\.field) == [field])
    }

    @Test func windowFields() {
        var spec = valid
        spec.slidingWindow = 0
        #expect(issues(spec).map(\.field) == ["sliding_window"])
        spec.slidingWindow = nil
        spec.layout = LayerLayout(uniform: LayerKind(attention: .sliding), layers: spec.layers)
        #expect(issues(spec).map(\.field) == ["layout"])
        spec.layout = LayerLayout(uniform: .standard, layers: spec.layers + 1)
        #expect(issues(spec).map(\.field) == ["layout"])
    }

    @Test func mixtureOfExpertsFields() {
        var spec = valid
        spec.moe = .init(
            experts: 8, expertsPerToken: 9, sharedExperts: -1, expertIntermediateSize: 0, sharedExpertIntermediateSize: 0)
        #expect(issues(spec).map(\.field) == [
            "moe.experts_per_token", "moe.shared_experts", "moe.expert_intermediate_size",
            "moe.shared_expert_intermediate_size",
        ])
        spec.moe = .init(experts: 0, expertsPerToken: 1, expertIntermediateSize: 64)
        #expect(issues(spec).map(\.field) == ["moe.experts"])
    }

    @Test func latentAttentionFields() {
        var spec = valid
        spec.latentAttention = .init(qLoraRank: -1, kvLoraRank: 0, qkNopeHeadDim: 0, qkRopeHeadDim: 0, vHeadDim: 0)
        #expect(issues(spec).map(\.field) == [
            "latent_attention.q_lora_rank", "latent_attention.kv_lora_rank", "latent_attention.qk_rope_head_dim",
            "latent_attention.v_head_dim",
        ])
    }

    @Test func severalViolationsAreReportedTogether() {
        let spec = ModelSpec(
            layers: 0, hiddenSize: -1, attentionHeads: 4, vocabSize: 0, kvHeads: 3, headDim: 8,
            intermediateSize: 16)
        let found = issues(spec)
        #expect(found.map(\.field) == ["layers", "hidden_size", "kv_heads", "vocab_size"])
        #expect(found.allSatisfy { !$0.message.isEmpty })
        #expect(found.first?.message == "must be an integer from 1 to 10000, got 0")
    }

    /// Sizes far past any range (and that would overflow if multiplied) are an error, not a trap.
    @Test func hugeValuesAreRejected() {
        let spec = ModelSpec(
            layers: Int.max, hiddenSize: Int.max, attentionHeads: Int.max, vocabSize: Int.max,
            kvHeads: Int.min, headDim: Int.max, intermediateSize: Int.min)
        #expect(issues(spec).count == 7)
        #expect(throws: EstimationError.self) { try ParameterCounter.count(spec) }
    }
}
