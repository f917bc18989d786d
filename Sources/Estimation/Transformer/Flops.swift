/// Matrix-multiplication FLOPs of a transformer (FORMULAS §3): 2 FLOPs per multiply-accumulate,
/// counted per operation; elementwise work apart; backward `2×` and a training step `3×` forward.
///
/// Sliding windows: with the default full `s×s` count every layer is charged `s²` pairs, as an
/// eager or SDPA kernel computes the masked scores anyway (and as PyTorch's FLOP counter reports);
/// with `causal` a sliding layer is charged the pairs its window keeps, `s²/2` while `s ≤ w`, else
/// `s·w − w²/2`, the same continuous halving a global layer gets (`s²/2`).
public enum Flops {
    /// Validates the spec (through `ParameterCounter`) and `options`.
    public static func estimate(_ spec: ModelSpec, _ options: FlopsOptions) throws(EstimationError) -> FlopsEstimate {
        try estimate(CountedSpec(spec), options)
    }

    /// For a spec already validated and counted: validates `options`.
    public static func estimate(_ counted: CountedSpec, _ options: FlopsOptions) throws(EstimationError) -> FlopsEstimate {
        let spec = counted.spec
        let parameters = counted.parameters
        try options.validate(for: spec)
        let model = TransformerFlops(spec)
        let b = Double(options.batchSize)
        let s = Double(options.sequenceLength)
        let forward = model.forward(batch: b, sequence: s, causal: options.causal)
        let recompute: Double =
            switch options.recompute {
            case .none: 0
            case .selective: forward.attentionCore
            case .full: forward.layers
            }
        let trainingStep = 3 * forward.total
        // b ≤ 2^20 and s ≤ 2^24 (validated), so b·s cannot overflow.
        let tokens = options.batchSize * options.sequenceLength
        let sixNDFlops = 6 * Double(parameters.active) * Double(tokens)
        let generation = model.generation(prefix: s, causal: options.causal)
        return FlopsEstimate(
            forward: forward, backward: 2 * forward.total, trainingStep: trainingStep, recompute: recompute,
            hardwareTrainingStep: trainingStep + recompute, macs: forward.total / 2, causal: options.causal,
            sixND: FlopsEstimate.SixND(
                parameters: parameters.active, tokens: tokens, flops: sixNDFlops, ratio: trainingStep / sixNDFlops),
            generation: generation)
    }
}

/// Per-token and per-pair costs of one model, from which every FLOPs figure is assembled: the
/// totals here and the inference operator tables (docs/inference.md), so that both count alike.
struct TransformerFlops {
    let layout: LayerLayout
    let window: Double?
    let heads: Double
    /// Per attended pair, per layer.
    let scoresPerPair: Double
    let valuesPerPair: Double
    /// Per token, per layer of the kind.
    let projectionsPerToken: Double
    let outputPerToken: Double
    let densePerToken: Double
    let expertsPerToken: Double
    let routerPerToken: Double
    /// Matrices of one MLP (or expert): 3 gated (gate, up, down), 2 standard; each costs the same,
    /// `2·d·width` per token, so `1/mlpMatrices` of an MLP's FLOPs are its last (down) matrix.
    let mlpMatrices: Double
    /// The `K` routed experts' share of `expertsPerToken`; the rest is the `S` shared experts'.
    let routedExpertsPerToken: Double
    /// Per token, once.
    let logitsPerToken: Double
    let embeddingProjectionPerToken: Double
    /// Values normalised per token in one layer (its norms, per-head q/k norms, latent norms), and
    /// outside the layers (the embedding and final norms).
    let normalisedPerLayerToken: Double
    let normalisedOutsideLayersPerToken: Double
    /// Values normalised per token, whole model.
    let normalisedPerToken: Double

    /// `≈5` elementwise FLOPs per attention score per head (max, subtract, exp, sum, divide).
    static let softmaxFlopsPerScore: Double = 5
    /// `≈5` elementwise FLOPs per normalised value.
    static let normFlopsPerValue: Double = 5

    init(_ spec: ModelSpec) {
        layout = LayerLayout(spec)
        window = spec.slidingWindow.map(Double.init)
        let shape = AttentionShape(spec)
        let d = Double(spec.hiddenSize)
        let l = Double(spec.layers)
        heads = Double(shape.heads)
        scoresPerPair = 2 * heads * Double(shape.scoreHeadDim)
        valuesPerPair = 2 * heads * Double(shape.valueHeadDim)
        projectionsPerToken = 2 * shape.projectionMACsPerToken
        outputPerToken = 2 * shape.outputMACsPerToken
        // Experts have the spec's MLP kind (gated in every real MoE), as ParameterCounter counts them.
        let mlpFlopsPerWidth: Double = spec.mlp == .gated ? 6 : 4
        densePerToken = mlpFlopsPerWidth * d * Double(spec.intermediateSize)
        mlpMatrices = mlpFlopsPerWidth / 2
        if let moe = spec.moe {
            let experts = Double(moe.expertsPerToken + moe.sharedExperts)
            expertsPerToken = mlpFlopsPerWidth * experts * d * Double(moe.expertIntermediateSize)
            routedExpertsPerToken = mlpFlopsPerWidth * Double(moe.expertsPerToken) * d * Double(moe.expertIntermediateSize)
            routerPerToken = 2 * d * Double(moe.experts)
        } else {
            expertsPerToken = 0
            routedExpertsPerToken = 0
            routerPerToken = 0
        }
        let projection = Double(spec.embeddingProjection)
        logitsPerToken = 2 * (projection > 0 ? projection : d) * Double(spec.vocabSize)
        embeddingProjectionPerToken = 2 * 2 * d * projection
        let layerNorms = Double(spec.normsPerLayer) * d
        let qkNorms = spec.qkNorm ? Double(shape.heads + shape.keyValueHeads) * Double(shape.scoreHeadDim) : 0
        let latentNorms = Double(shape.queryLatentWidth + shape.keyValueLatentWidth)
        normalisedPerLayerToken = layerNorms + qkNorms + latentNorms
        normalisedOutsideLayersPerToken = (spec.finalNorm ? d : 0) + (spec.embeddingNorm ? d : 0)
        normalisedPerToken = l * normalisedPerLayerToken + normalisedOutsideLayersPerToken
    }

    /// (query, key) pairs one layer attends over a sequence of `s` tokens.
    func pairs(sequence s: Double, sliding: Bool, causal: Bool) -> Double {
        guard causal else { return s * s }
        guard sliding, let window, s > window else { return s * s / 2 }
        return s * window - window * window / 2
    }

    func forward(batch b: Double, sequence s: Double, causal: Bool) -> FlopsBreakdown {
        let tokens = b * s
        let l = Double(layout.layers)
        let dense = Double(layout.denseLayers)
        let moe = Double(layout.moeLayers)
        let attendedPairs =
            b * (Double(layout.globalLayers) * pairs(sequence: s, sliding: false, causal: causal)
                + Double(layout.slidingLayers) * pairs(sequence: s, sliding: true, causal: causal))
        var f = FlopsBreakdown(
            attentionProjections: l * tokens * projectionsPerToken,
            attentionScores: attendedPairs * scoresPerPair,
            attentionValues: attendedPairs * valuesPerPair,
            attentionOutput: l * tokens * outputPerToken,
            mlp: dense * tokens * densePerToken,
            experts: moe * tokens * expertsPerToken,
            router: moe * tokens * routerPerToken,
            embeddingProjection: tokens * embeddingProjectionPerToken,
            logits: tokens * logitsPerToken,
            total: 0,
            elementwise: FlopsBreakdown.Elementwise(
                softmax: Self.softmaxFlopsPerScore * heads * attendedPairs,
                norms: Self.normFlopsPerValue * tokens * normalisedPerToken, total: 0))
        f.total =
            f.attentionProjections + f.attentionScores + f.attentionValues + f.attentionOutput + f.mlp
            + f.experts + f.router + f.embeddingProjection + f.logits
        f.elementwise.total = f.elementwise.softmax + f.elementwise.norms
        return f
    }

    /// Keys one new token attends to after a prefix of `prefix` tokens: itself and the prefix, at
    /// most the window on a sliding layer.
    func keys(prefix: Double, sliding: Bool) -> Double {
        let keys = prefix + 1
        guard sliding, let window else { return keys }
        return Swift.min(keys, window)
    }

    /// One new token after a prefix of `prefix` tokens, for one sequence.
    func generation(prefix: Double, causal: Bool) -> FlopsEstimate.GenerationFlops {
        let keys = keys(prefix: prefix, sliding: false)
        let attention =
            (Double(layout.globalLayers) * keys + Double(layout.slidingLayers) * self.keys(prefix: prefix, sliding: true))
            * (scoresPerPair + valuesPerPair)
        let oneToken =
            Double(layout.layers) * (projectionsPerToken + outputPerToken) + Double(layout.denseLayers) * densePerToken
            + Double(layout.moeLayers) * (expertsPerToken + routerPerToken)
        let head = logitsPerToken + embeddingProjectionPerToken
        let withCache = oneToken + attention + head
        let withoutCache = forward(batch: 1, sequence: keys, causal: causal).layers + head
        return FlopsEstimate.GenerationFlops(
            withKVCache: withCache, withoutKVCache: withoutCache, savedByKVCache: withoutCache - withCache)
    }
}
