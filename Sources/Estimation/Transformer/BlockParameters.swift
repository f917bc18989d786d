/// The parameters of each block a layer can be built from, for one validated spec; a layer's count
/// is the sum of the blocks its `LayerKind` names plus its norms. Every product is checked and an
/// overflow names the field that drove it.
struct BlockParameters {
    /// Softmax attention: projections and their biases, an output gate, q/k norms, sinks.
    let attention: Int
    /// One layer's recurrent mixer of each kind (0 when the spec has none of that kind).
    let linearAttention: Int
    let mamba: Int
    let shortConvolution: Int
    let denseMLP: Int
    let router: Int
    let routedExperts: Int
    /// Shared experts and their gate.
    let sharedExperts: Int
    /// The norms inside one layer.
    let layerNorms: Int

    init(_ spec: ModelSpec) throws(EstimationError) {
        let d = spec.hiddenSize
        attention = try Self.attention(spec)
        linearAttention = try spec.linearAttention.map { l throws(EstimationError) in try Self.linearAttention(l, d: d) } ?? 0
        mamba = try spec.mamba.map { m throws(EstimationError) in try Self.mamba(m, d: d) } ?? 0
        shortConvolution = try spec.shortConvolution.map { c throws(EstimationError) in try Self.shortConvolution(c, d: d) } ?? 0
        denseMLP = try Self.mlp(spec, width: spec.intermediateSize, biases: spec.mlpBias, field: "intermediate_size")
        layerNorms = try CheckedArithmetic.product(
            spec.normsPerLayer, spec.norm.parameters(width: d), field: "norms_per_layer")
        if let moe = spec.moe {
            let expert = try Self.mlp(
                spec, width: moe.expertIntermediateSize, biases: moe.expertBias, field: "moe.expert_intermediate_size")
            routedExperts = try CheckedArithmetic.product(moe.experts, expert, field: "moe.experts")
            // experts ≤ 2^16 and d ≤ 2^20: no overflow.
            router = d * moe.experts + (moe.routerBias ? moe.experts : 0)
            let sharedWidth = try CheckedArithmetic.product(
                moe.sharedExperts, moe.sharedExpertIntermediateSize, field: "moe.shared_experts")
            let shared = sharedWidth > 0
                ? try Self.mlp(spec, width: sharedWidth, biases: spec.mlpBias, field: "moe.shared_experts") : 0
            sharedExperts = shared + (moe.sharedExpertGate ? d : 0)
        } else {
            routedExperts = 0
            router = 0
            sharedExperts = 0
        }
    }

    /// One layer of `kind`, by part.
    func group(_ run: LayerLayout.Run) throws(EstimationError) -> ParameterBreakdown.LayerGroup {
        let kind = run.kind
        let attention = kind.attention == nil ? 0 : self.attention
        let recurrent: Int =
            switch kind.recurrent {
            case nil: 0
            case .linearAttention: linearAttention
            case .mamba2: mamba
            case .shortConvolution: shortConvolution
            }
        let moe = kind.mlp == .moe
        let mlp = kind.mlp == .dense ? denseMLP : 0
        let perLayer = try CheckedArithmetic.sum(
            attention, recurrent, mlp, moe ? router : 0, moe ? routedExperts : 0, moe ? sharedExperts : 0, layerNorms,
            field: "hidden_size")
        return ParameterBreakdown.LayerGroup(
            layer: kind, count: run.count, attention: attention, recurrent: recurrent, mlp: mlp,
            router: moe ? router : 0, routedExperts: moe ? routedExperts : 0, sharedExperts: moe ? sharedExperts : 0,
            norms: layerNorms, perLayer: perLayer)
    }

    /// `d→f→d` (+ `f + d` biases), or gated `3·d·f` (+ `2f + d` biases: gate and up each have one).
    private static func mlp(_ spec: ModelSpec, width: Int, biases: Bool, field: String) throws(EstimationError) -> Int {
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

    /// q (twice as wide with an output gate), k, v and o, their biases, q/k norms, one sink per head.
    private static func attention(_ spec: ModelSpec) throws(EstimationError) -> Int {
        let shape = AttentionShape(spec)
        let projections: Int
        if let latent = spec.latentAttention {
            projections = try latentAttention(latent, spec)
        } else {
            let d = spec.hiddenSize
            let queryWidth = try CheckedArithmetic.product(spec.attentionHeads, spec.headDim, field: "head_dim")
            let keyValueWidth = try CheckedArithmetic.product(spec.kvHeads, spec.headDim, field: "head_dim")
            let projectedWidth = try CheckedArithmetic.sum(
                queryWidth, shape.outputGateWidth, keyValueWidth, keyValueWidth, field: "head_dim")
            // q (and gate), k and v read d; o writes d from a·hd.
            let weights = try CheckedArithmetic.product(
                d, try CheckedArithmetic.sum(projectedWidth, queryWidth, field: "head_dim"), field: "hidden_size")
            projections = try CheckedArithmetic.sum(
                weights, spec.qkvBias ? projectedWidth : 0, spec.attentionOutputBias ? d : 0, field: "hidden_size")
        }
        let qkNorms: Int
        if let qkNorm = spec.qkNorm {
            let hd = shape.scoreHeadDim
            switch qkNorm.scope {
            case .head:
                qkNorms = 2 * qkNorm.norm.parameters(width: hd)
            case .eachHead, .projection:
                // Per head each its own weight, or one weight over the whole projection: the same count.
                qkNorms = try CheckedArithmetic.product(
                    shape.heads + shape.keyValueHeads, qkNorm.norm.parameters(width: hd), field: "head_dim")
            }
        } else {
            qkNorms = 0
        }
        return try CheckedArithmetic.sum(
            projections, qkNorms, spec.attentionSinks ? spec.attentionHeads : 0, field: "hidden_size")
    }

    /// deepseek_v2/v3 (`DeepseekV3Attention`): q through an optional low-rank bottleneck with an RMSNorm,
    /// a shared compressed kv (plus the rope key) with an RMSNorm, expanded per head to the no-rope key
    /// and the value. `qkv_bias` maps to the biases of `q_a_proj` and `kv_a_proj_with_mqa`
    /// (`attention_bias`), `attention_output_bias` to `o_proj`'s.
    private static func latentAttention(
        _ latent: ModelSpec.LatentAttention, _ spec: ModelSpec
    ) throws(EstimationError) -> Int {
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
            terms.append(spec.norm.parameters(width: r))
            terms.append(try CheckedArithmetic.product(r, queryWidth, field: "\(field).q_lora_rank"))
        }
        let compressed = latent.kvLoraRank + latent.qkRopeHeadDim
        terms.append(try CheckedArithmetic.product(d, compressed, field: "\(field).kv_lora_rank"))
        terms.append(spec.qkvBias ? compressed : 0)
        terms.append(spec.norm.parameters(width: latent.kvLoraRank))
        let expandedWidth = try CheckedArithmetic.product(
            a, latent.qkNopeHeadDim + latent.vHeadDim, field: "\(field).v_head_dim")
        terms.append(try CheckedArithmetic.product(latent.kvLoraRank, expandedWidth, field: "\(field).kv_lora_rank"))
        let valueWidth = try CheckedArithmetic.product(a, latent.vHeadDim, field: "\(field).v_head_dim")
        terms.append(try CheckedArithmetic.product(valueWidth, d, field: "\(field).v_head_dim"))
        terms.append(spec.attentionOutputBias ? d : 0)
        return try CheckedArithmetic.sum(of: terms, field: "hidden_size")
    }

    /// See `ModelSpec.LinearAttention` for the modules counted.
    private static func linearAttention(_ l: ModelSpec.LinearAttention, d: Int) throws(EstimationError) -> Int {
        let field = "linear_attention"
        let keyWidth = try CheckedArithmetic.product(l.keyHeads, l.keyHeadDim, field: "\(field).key_head_dim")
        let valueWidth = try CheckedArithmetic.product(l.valueHeads, l.valueHeadDim, field: "\(field).value_head_dim")
        switch l.kind {
        case .gatedDeltaNet:
            // in_proj_qkvz and in_proj_ba read d; the convolution runs over q, k and v.
            let projected = try CheckedArithmetic.sum(keyWidth, keyWidth, valueWidth, valueWidth, 2 * l.valueHeads, field: field)
            let convolution = try CheckedArithmetic.product(
                keyWidth + keyWidth + valueWidth, l.convolutionKernel, field: "\(field).conv_kernel")
            return try CheckedArithmetic.sum(
                try CheckedArithmetic.product(d, projected, field: "hidden_size"), convolution,
                2 * l.valueHeads, l.valueHeadDim, try CheckedArithmetic.product(valueWidth, d, field: "hidden_size"),
                field: field)
        case .lightning:
            // qkv_proj, output_gate and out_proj, and the RMSNorm of H·dh.
            let matrices = try CheckedArithmetic.product(5, d, valueWidth, field: "hidden_size")
            return try CheckedArithmetic.sum(matrices, valueWidth, field: field)
        }
    }

    /// See `ModelSpec.Mamba2` for the modules counted.
    private static func mamba(_ m: ModelSpec.Mamba2, d: Int) throws(EstimationError) -> Int {
        let field = "mamba"
        let inner = try CheckedArithmetic.product(m.heads, m.headDim, field: "\(field).head_dim")
        let channels = try CheckedArithmetic.sum(
            inner, try CheckedArithmetic.product(2, m.groups, m.stateSize, field: "\(field).state_size"), field: field)
        let projected = try CheckedArithmetic.sum(inner, channels, m.heads, field: field)
        return try CheckedArithmetic.sum(
            try CheckedArithmetic.product(d, projected, field: "hidden_size"), m.inputProjectionBias ? projected : 0,
            try CheckedArithmetic.product(channels, m.convolutionKernel, field: "\(field).conv_kernel"),
            m.convolutionBias ? channels : 0, 3 * m.heads, m.gatedNorm ? inner : 0,
            try CheckedArithmetic.product(inner, d, field: "hidden_size"), m.outputProjectionBias ? d : 0,
            field: field)
    }

    /// See `ModelSpec.ShortConvolution` for the modules counted.
    private static func shortConvolution(_ c: ModelSpec.ShortConvolution, d: Int) throws(EstimationError) -> Int {
        let projections = try CheckedArithmetic.product(4, d, d, field: "hidden_size")
        let convolution = try CheckedArithmetic.product(d, c.convolutionKernel, field: "short_conv.conv_kernel")
        return try CheckedArithmetic.sum(projections, convolution, c.bias ? 5 * d : 0, field: "short_conv")
    }
}
