/// Exact parameter counts of a `ModelSpec` (docs/formulas.md §1), component by component, layer kind by
/// layer kind (`BlockParameters` counts each block).
///
/// Where a part sits in the breakdown:
/// - q/k norms, attention sinks and deepseek's latent-attention norms (`q_a_layernorm`,
///   `kv_a_layernorm`) belong to `attention`, because they live inside the attention module;
///   recurrent mixers' inner norms to `recurrent`; `norms` holds the layer, embedding and final
///   norms;
/// - an output-head bias is counted in `lmHead` even when the head's matrix is tied;
/// - routed experts use the spec's MLP kind of width `expert_intermediate_size`, with biases only
///   where `expert_bias` says (gpt_oss): every other Hugging Face MoE family stores them as bare
///   weight tensors;
/// - the `S` shared experts are one MLP of width `S · shared_expert_intermediate_size` (deepseek's
///   `shared_experts`), with the spec's MLP biases, plus the shared-expert gate's `d`.
public enum ParameterCounter {
    /// Validates `spec`, then counts. Throws the validation issues, or an issue naming the field
    /// whose count would exceed `Int.max`.
    public static func count(_ spec: ModelSpec) throws(EstimationError) -> ParameterBreakdown {
        try spec.validate()
        let blocks = try BlockParameters(spec)

        let embeddingWidth = spec.embeddingProjection > 0 ? spec.embeddingProjection : spec.hiddenSize
        let tokenEmbedding = try CheckedArithmetic.product(spec.vocabSize, embeddingWidth, field: "vocab_size")
        let positionEmbedding = try CheckedArithmetic.product(
            spec.positionEmbeddings, spec.hiddenSize, field: "position_embeddings")
        let embeddingProjection = spec.embeddingProjection > 0
            ? try CheckedArithmetic.product(2, spec.embeddingProjection, spec.hiddenSize, field: "embedding_projection")
            : 0
        let headMatrix = spec.tiedEmbeddings ? 0 : tokenEmbedding
        let lmHead = try CheckedArithmetic.sum(headMatrix, spec.lmHeadBias ? spec.vocabSize : 0, field: "vocab_size")
        let outerNorms = try CheckedArithmetic.product(
            (spec.embeddingNorm ? 1 : 0) + (spec.finalNorm ? 1 : 0), spec.norm.parameters(width: spec.hiddenSize),
            field: "hidden_size")

        var groups: [ParameterBreakdown.LayerGroup] = []
        for run in spec.layout.distinctKinds { groups.append(try blocks.group(run)) }
        func layerTotal(_ part: (ParameterBreakdown.LayerGroup) -> Int) throws(EstimationError) -> Int {
            var terms: [Int] = []
            for group in groups {
                terms.append(try CheckedArithmetic.product(group.count, part(group), field: "layers"))
            }
            return try CheckedArithmetic.sum(of: terms, field: "layers")
        }
        let attention = try layerTotal(\.attention)
        let recurrent = try layerTotal(\.recurrent)
        let mlp = try layerTotal(\.mlp)
        let router = try layerTotal(\.router)
        let routedExperts = try layerTotal(\.routedExperts)
        let sharedExperts = try layerTotal(\.sharedExperts)
        let layerNorms = try layerTotal(\.norms)
        let allLayers = try layerTotal(\.perLayer)
        let norms = try CheckedArithmetic.sum(layerNorms, outerNorms, field: "layers")

        let nonEmbedding = try CheckedArithmetic.sum(allLayers, embeddingProjection, outerNorms, field: "layers")
        let total = try CheckedArithmetic.sum(
            nonEmbedding, tokenEmbedding, positionEmbedding, lmHead, field: "layers")
        // A token visits K of the E routed experts in each MoE layer; everything else is active.
        let inactiveExperts: Int
        if let moe = spec.moe {
            // One expert in every MoE layer, times the experts a token skips.
            let perExpert = routedExperts / moe.experts
            inactiveExperts = perExpert * (moe.experts - moe.expertsPerToken)
        } else {
            inactiveExperts = 0
        }

        return ParameterBreakdown(
            total: total, tokenEmbedding: tokenEmbedding, positionEmbedding: positionEmbedding,
            embeddingProjection: embeddingProjection, attention: attention, recurrent: recurrent, mlp: mlp,
            router: router, routedExperts: routedExperts, sharedExperts: sharedExperts, norms: norms, lmHead: lmHead,
            nonEmbedding: nonEmbedding, active: total - inactiveExperts, layerGroups: groups
        )
    }
}
