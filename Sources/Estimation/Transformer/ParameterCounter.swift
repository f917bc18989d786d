/// Exact parameter counts of a `ModelSpec` (FORMULAS.md §1), component by component.
///
/// Where a part sits in the breakdown:
/// - per-head q/k norms and deepseek's latent-attention norms (`q_a_layernorm`, `kv_a_layernorm`)
///   belong to `attention`, because they live inside the attention module; `norms` holds the
///   layer, embedding and final norms;
/// - an output-head bias is counted in `lmHead` even when the head's matrix is tied;
/// - routed experts use the spec's MLP kind (gated for every real MoE) of width
///   `expert_intermediate_size`, without biases: every Hugging Face MoE family stores them as bare
///   weight tensors;
/// - the `S` shared experts are one MLP of width `S · expert_intermediate_size` (deepseek's
///   `shared_experts`), with the spec's MLP biases.
public enum ParameterCounter {
    /// Validates `spec`, then counts. Throws the validation issues, or an issue naming the field
    /// whose count would exceed `Int.max`.
    public static func count(_ spec: ModelSpec) throws(EstimationError) -> ParameterBreakdown {
        try spec.validate()
        let shape = LayerShape(spec: spec)

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
            (spec.embeddingNorm ? 1 : 0) + (spec.finalNorm ? 1 : 0), shape.normWidth(spec.hiddenSize),
            field: "hidden_size")

        let groups = try shape.layerGroups()
        func layerTotal(_ part: (ParameterBreakdown.LayerGroup) -> Int) throws(EstimationError) -> Int {
            var terms: [Int] = []
            for group in groups {
                terms.append(try CheckedArithmetic.product(group.count, part(group), field: "layers"))
            }
            return try CheckedArithmetic.sum(of: terms, field: "layers")
        }
        let attention = try layerTotal(\.attention)
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
            let perExpert = routedExperts / moe.experts
            inactiveExperts = perExpert * (moe.experts - moe.expertsPerToken)
        } else {
            inactiveExperts = 0
        }

        return ParameterBreakdown(
            total: total, tokenEmbedding: tokenEmbedding, positionEmbedding: positionEmbedding,
            embeddingProjection: embeddingProjection, attention: attention, mlp: mlp, router: router,
            routedExperts: routedExperts, sharedExperts: sharedExperts, norms: norms, lmHead: lmHead,
            nonEmbedding: nonEmbedding, active: total - inactiveExperts, layerGroups: groups
        )
    }
}

/// The parameters of one layer of a validated spec, by part.
private struct LayerShape {
    let spec: ModelSpec

    func normWidth(_ width: Int) -> Int {
        switch spec.norm {
        case .layernorm: 2 * width  // γ and β; widths are validated far below Int.max / 2
        case .rmsnorm: width
        }
    }

    func layerGroups() throws(EstimationError) -> [ParameterBreakdown.LayerGroup] {
        let attention = try attentionParameters()
        let norms = try CheckedArithmetic.product(spec.normsPerLayer, normWidth(spec.hiddenSize), field: "norms_per_layer")
        let denseMLP = try mlpParameters(width: spec.intermediateSize, biases: spec.mlpBias, field: "intermediate_size")
        guard let moe = spec.moe else {
            return [try group(.dense, count: spec.layers, attention: attention, mlp: denseMLP, norms: norms)]
        }
        let expert = try mlpParameters(
            width: moe.expertIntermediateSize, biases: false, field: "moe.expert_intermediate_size")
        let sharedWidth = try CheckedArithmetic.product(
            moe.sharedExperts, moe.expertIntermediateSize, field: "moe.shared_experts")
        let shared = sharedWidth > 0
            ? try mlpParameters(width: sharedWidth, biases: spec.mlpBias, field: "moe.shared_experts")
            : 0
        let routerWeights = try CheckedArithmetic.product(spec.hiddenSize, moe.experts, field: "moe.experts")
        let router = routerWeights + (moe.routerBias ? moe.experts : 0)  // experts ≤ 2^16: no overflow
        var groups: [ParameterBreakdown.LayerGroup] = []
        if moe.denseLayers > 0 {
            groups.append(try group(.dense, count: moe.denseLayers, attention: attention, mlp: denseMLP, norms: norms))
        }
        groups.append(try group(
            .moe, count: spec.layers - moe.denseLayers, attention: attention, mlp: 0, norms: norms,
            router: router,
            routedExperts: try CheckedArithmetic.product(moe.experts, expert, field: "moe.experts"),
            sharedExperts: shared
        ))
        return groups
    }

    private func group(
        _ kind: ParameterBreakdown.LayerGroup.Kind, count: Int, attention: Int, mlp: Int, norms: Int,
        router: Int = 0, routedExperts: Int = 0, sharedExperts: Int = 0
    ) throws(EstimationError) -> ParameterBreakdown.LayerGroup {
        let perLayer = try CheckedArithmetic.sum(
            attention, mlp, router, routedExperts, sharedExperts, norms, field: "hidden_size")
        return ParameterBreakdown.LayerGroup(
            kind: kind, count: count, attention: attention, mlp: mlp, router: router,
            routedExperts: routedExperts, sharedExperts: sharedExperts, norms: norms, perLayer: perLayer)
    }

    /// `d→f→d` (+ `f + d` biases), or gated `3·d·f` (+ `2f + d` biases: gate and up each have one).
    private func mlpParameters(width: Int, biases: Bool, field: String) throws(EstimationError) -> Int {
        let d = spec.hiddenSize
        switch spec.mlp {
        case .standard:
            let weights = try CheckedArithmetic.product(2, d, width, field: field)
            return try CheckedArithmetic.sum(weights, biases ? width + d : 0, field: field)
        case .gated:
            let weights = try CheckedArithmetic.product(3, d, width, field: field)
            return try CheckedArithmetic.sum(weights, biases ? 2 * width + d : 0, field: field)
        }
    }

    private func attentionParameters() throws(EstimationError) -> Int {
        if let latent = spec.latentAttention {
            return try latentAttentionParameters(latent)
        }
        let d = spec.hiddenSize
        let queryWidth = try CheckedArithmetic.product(spec.attentionHeads, spec.headDim, field: "head_dim")
        let keyValueWidth = try CheckedArithmetic.product(spec.kvHeads, spec.headDim, field: "head_dim")
        let projectedWidth = try CheckedArithmetic.sum(queryWidth, keyValueWidth, keyValueWidth, field: "head_dim")
        // q, k and v read d; o writes d from a·hd.
        let weights = try CheckedArithmetic.product(
            d, try CheckedArithmetic.sum(projectedWidth, queryWidth, field: "head_dim"), field: "hidden_size")
        let qkNorms = spec.qkNorm ? 2 * normWidth(spec.headDim) : 0
        return try CheckedArithmetic.sum(
            weights, spec.qkvBias ? projectedWidth : 0, spec.attentionOutputBias ? d : 0, qkNorms,
            field: "hidden_size")
    }

    /// deepseek_v2/v3 (`DeepseekV3Attention`): q through an optional low-rank bottleneck with an RMSNorm,
    /// a shared compressed kv (plus the rope key) with an RMSNorm, expanded per head to the no-rope key
    /// and the value. `qkv_bias` maps to the biases of `q_a_proj` and `kv_a_proj_with_mqa`
    /// (`attention_bias`), `attention_output_bias` to `o_proj`'s.
    private func latentAttentionParameters(_ latent: ModelSpec.LatentAttention) throws(EstimationError) -> Int {
        let d = spec.hiddenSize
        let a = spec.attentionHeads
        let field = "latent_attention"
        let qHeadDim = latent.qkNopeHeadDim + latent.qkRopeHeadDim
        let queryWidth = try CheckedArithmetic.product(a, qHeadDim, field: "\(field).qk_nope_head_dim")
        var terms: [Int] = []
        if latent.qLoraRank == 0 {
            terms.append(try CheckedArithmetic.product(d, queryWidth, field: "hidden_size"))
        } else {
            let r = latent.qLoraRank
            terms.append(try CheckedArithmetic.product(d, r, field: "\(field).q_lora_rank"))
            terms.append(spec.qkvBias ? r : 0)
            terms.append(normWidth(r))
            terms.append(try CheckedArithmetic.product(r, queryWidth, field: "\(field).q_lora_rank"))
        }
        let compressed = latent.kvLoraRank + latent.qkRopeHeadDim
        terms.append(try CheckedArithmetic.product(d, compressed, field: "\(field).kv_lora_rank"))
        terms.append(spec.qkvBias ? compressed : 0)
        terms.append(normWidth(latent.kvLoraRank))
        let expandedWidth = try CheckedArithmetic.product(
            a, latent.qkNopeHeadDim + latent.vHeadDim, field: "\(field).v_head_dim")
        terms.append(try CheckedArithmetic.product(latent.kvLoraRank, expandedWidth, field: "\(field).kv_lora_rank"))
        let valueWidth = try CheckedArithmetic.product(a, latent.vHeadDim, field: "\(field).v_head_dim")
        terms.append(try CheckedArithmetic.product(valueWidth, d, field: "\(field).v_head_dim"))
        terms.append(spec.attentionOutputBias ? d : 0)
        return try CheckedArithmetic.sum(of: terms, field: "hidden_size")
    }
}
