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

/// Per-token and per-pair costs of one model, from which every FLOPs figure is assembled.
struct TransformerFlops {
    private let layout: LayerLayout
    private let window: Double?
    private let heads: Double
    /// Per attended pair, per layer.
    private let scoresPerPair: Double
    private let valuesPerPair: Double
    /// Per token, per layer of the kind.
    private let projectionsPerToken: Double
    private let outputPerToken: Double
    private let densePerToken: Double
    private let expertsPerToken: Double
    private let routerPerToken: Double
    /// Per token, once.
    private let logitsPerToken: Double
    private let embeddingProjectionPerToken: Double
    /// Values normalised per token, whole model.
    private let normalisedPerToken: Double

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
        if let moe = spec.moe {
            let experts = Double(moe.expertsPerToken + moe.sharedExperts)
            expertsPerToken = mlpFlopsPerWidth * experts * d * Double(moe.expertIntermediateSize)
            routerPerToken = 2 * d * Double(moe.experts)
        } else {
            expertsPerToken = 0
            routerPerToken = 0
        }
        let projection = Double(spec.embeddingProjection)
        logitsPerToken = 2 * (projection > 0 ? projection : d) * Double(spec.vocabSize)
        embeddingProjectionPerToken = 2 * 2 * d * projection
        let layerNorms = Double(spec.normsPerLayer) * d
        let qkNorms = spec.qkNorm ? Double(shape.heads + shape.keyValueHeads) * Double(shape.scoreHeadDim) : 0
        let latentNorms = Double(shape.queryLatentWidth + shape.keyValueLatentWidth)
        normalisedPerToken =
            l * (layerNorms + qkNorms + latentNorms) + (spec.finalNorm ? d : 0) + (spec.embeddingNorm ? d : 0)
    }

    /// (query, key) pairs one layer attends over a sequence of `s` tokens.
    private func pairs(sequence s: Double, sliding: Bool, causal: Bool) -> Double {
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
                softmax: 5 * heads * attendedPairs, norms: 5 * tokens * normalisedPerToken, total: 0))
        f.total =
            f.attentionProjections + f.attentionScores + f.attentionValues + f.attentionOutput + f.mlp
            + f.experts + f.router + f.embeddingProjection + f.logits
        f.elementwise.total = f.elementwise.softmax + f.elementwise.norms
        return f
    }

    /// One new token after a prefix of `prefix` tokens, for one sequence.
    func generation(prefix: Double, causal: Bool) -> FlopsEstimate.GenerationFlops {
        let keys = prefix + 1
        let slidingKeys = window.map { Swift.min(keys, $0) } ?? keys
        let attention =
            (Double(layout.globalLayers) * keys + Double(layout.slidingLayers) * slidingKeys)
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
