/// Matrix-multiplication FLOPs of a model (docs/formulas.md §3): 2 FLOPs per multiply-accumulate, counted
/// per operation and layer by layer along the layout; elementwise work apart; backward `2×` and a
/// training step `3×` forward.
///
/// Attention spans: with the default full `s×s` count every attention layer is charged `s²` pairs,
/// as an eager or SDPA kernel computes the masked scores anyway (and as PyTorch's FLOP counter
/// reports); with `causal` a layer is charged the pairs its mask keeps: `s²/2` for full attention,
/// for a sliding window `s²/2` while `s ≤ w`, else `s·w − w²/2`, and for chunks of `c` the sum of
/// `c²/2` over the chunks (the same continuous halving).
///
/// Mixtures of experts: each token through its `K` routed experts and the `S` shared ones, as a
/// dropless top-K router sends it (`RecurrentFlops` for recurrent mixers).
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

/// Per-token and per-pair costs of one model, from which every FLOPs figure is assembled layer kind
/// by layer kind: the totals here and the inference operator tables (docs/inference.md), so that
/// both count alike.
struct TransformerFlops {
    let kinds: [LayerLayout.Run]
    let window: Double?
    let chunk: Double?
    let heads: Double
    /// Per attended pair, per attention layer.
    let scoresPerPair: Double
    let valuesPerPair: Double
    /// Per token, per layer holding the block.
    let projectionsPerToken: Double
    let outputPerToken: Double
    let densePerToken: Double
    /// The `K` routed experts, and the `S` shared experts with their gate's share left to the router.
    let routedExpertsPerToken: Double
    let sharedExpertsPerToken: Double
    let routerPerToken: Double
    /// Matrices of one MLP (or expert): 3 gated (gate, up, down), 2 standard; each costs the same,
    /// `2·d·width` per token, so `1/mlpMatrices` of an MLP's FLOPs are its last (down) matrix.
    let mlpMatrices: Double
    let recurrent: RecurrentFlops
    /// Per token, once.
    let logitsPerToken: Double
    let embeddingProjectionPerToken: Double
    /// Values normalised per token: in every layer, in a layer's attention (q/k and latent norms),
    /// and outside the layers (the embedding and final norms).
    let layerNormalised: Double
    let attentionNormalised: Double
    let outerNormalised: Double

    /// `≈5` elementwise FLOPs per attention score per head (max, subtract, exp, sum, divide).
    static let softmaxFlopsPerScore: Double = 5
    /// `≈5` elementwise FLOPs per normalised value.
    static let normFlopsPerValue: Double = 5

    init(_ spec: ModelSpec) {
        kinds = spec.layout.distinctKinds
        window = spec.slidingWindow.map(Double.init)
        chunk = spec.attentionChunk.map(Double.init)
        let shape = AttentionShape(spec)
        let d = Double(spec.hiddenSize)
        heads = Double(shape.heads)
        scoresPerPair = 2 * heads * Double(shape.scoreHeadDim)
        valuesPerPair = 2 * heads * Double(shape.valueHeadDim)
        projectionsPerToken = 2 * shape.projectionMACsPerToken
        outputPerToken = 2 * shape.outputMACsPerToken
        // Experts have the spec's MLP kind, as ParameterCounter counts them.
        let mlpFlopsPerWidth: Double = spec.mlp == .gated ? 6 : 4
        mlpMatrices = mlpFlopsPerWidth / 2
        densePerToken = mlpFlopsPerWidth * d * Double(spec.intermediateSize)
        if let moe = spec.moe {
            routedExpertsPerToken = mlpFlopsPerWidth * d * Double(moe.expertsPerToken) * Double(moe.expertIntermediateSize)
            sharedExpertsPerToken =
                mlpFlopsPerWidth * d * Double(moe.sharedExperts) * Double(moe.sharedExpertIntermediateSize)
            routerPerToken = 2 * d * Double(moe.experts) + (moe.sharedExpertGate ? 2 * d : 0)
        } else {
            routedExpertsPerToken = 0
            sharedExpertsPerToken = 0
            routerPerToken = 0
        }
        recurrent = RecurrentFlops(spec)
        let projection = Double(spec.embeddingProjection)
        logitsPerToken = 2 * (projection > 0 ? projection : d) * Double(spec.vocabSize)
        embeddingProjectionPerToken = 2 * 2 * d * projection
        layerNormalised = Double(spec.normsPerLayer) * d
        attentionNormalised =
            Double(shape.normalisedByQKNorms(spec) + shape.queryLatentWidth + shape.keyValueLatentWidth)
        outerNormalised = (spec.finalNorm ? d : 0) + (spec.embeddingNorm ? d : 0)
    }

    /// Both kinds of expert, per token.
    var expertsPerToken: Double { routedExpertsPerToken + sharedExpertsPerToken }

    /// Values one layer of `kind` normalises per token: its norms, its attention's and its mixer's.
    func normalisedPerToken(_ kind: LayerKind) -> Double {
        layerNormalised + (kind.attention == nil ? 0 : attentionNormalised)
            + (kind.recurrent.map(recurrent.normalisedPerToken) ?? 0)
    }

    /// (query, key) pairs one attention layer of `span` attends over a sequence of `s` tokens.
    func pairs(sequence s: Double, span: LayerKind.Attention, causal: Bool) -> Double {
        guard causal else { return s * s }
        switch span {
        case .full:
            return s * s / 2
        case .sliding:
            guard let window, s > window else { return s * s / 2 }
            return s * window - window * window / 2
        case .chunked:
            guard let chunk else { return s * s / 2 }
            let whole = (s / chunk).rounded(.down)
            let rest = s - whole * chunk
            return (whole * chunk * chunk + rest * rest) / 2
        }
    }

    /// Keys one new token attends to after a prefix of `prefix` tokens on a layer of `span`: itself
    /// and the prefix, at most the window on a sliding layer, its own chunk's on a chunked one.
    func keys(prefix: Double, span: LayerKind.Attention) -> Double {
        switch span {
        case .full: prefix + 1
        case .sliding: window.map { Swift.min(prefix + 1, $0) } ?? prefix + 1
        case .chunked: chunk.map { prefix.truncatingRemainder(dividingBy: $0) + 1 } ?? prefix + 1
        }
    }

    func forward(batch b: Double, sequence s: Double, causal: Bool) -> FlopsBreakdown {
        let tokens = b * s
        var f = FlopsBreakdown(
            attentionProjections: 0, attentionScores: 0, attentionValues: 0, attentionOutput: 0,
            recurrentProjections: 0, recurrentMixing: 0, mlp: 0, experts: 0, router: 0,
            embeddingProjection: tokens * embeddingProjectionPerToken, logits: tokens * logitsPerToken, total: 0,
            elementwise: FlopsBreakdown.Elementwise(
                softmax: 0, norms: Self.normFlopsPerValue * tokens * outerNormalised, total: 0))
        for run in kinds {
            let layers = Double(run.count)
            let kind = run.kind
            if let span = kind.attention {
                let attended = layers * b * pairs(sequence: s, span: span, causal: causal)
                f.attentionProjections += layers * tokens * projectionsPerToken
                f.attentionScores += attended * scoresPerPair
                f.attentionValues += attended * valuesPerPair
                f.attentionOutput += layers * tokens * outputPerToken
                f.elementwise.softmax += Self.softmaxFlopsPerScore * heads * attended
            }
            if let mixer = kind.recurrent {
                let cost = recurrent.forward(mixer, batch: b, sequence: s)
                f.recurrentProjections += layers * cost.projections
                f.recurrentMixing += layers * (cost.convolution + cost.scan)
            }
            switch kind.mlp {
            case .dense: f.mlp += layers * tokens * densePerToken
            case .moe:
                f.experts += layers * tokens * expertsPerToken
                f.router += layers * tokens * routerPerToken
            case nil: break
            }
            f.elementwise.norms += Self.normFlopsPerValue * layers * tokens * normalisedPerToken(kind)
        }
        f.total =
            f.attentionProjections + f.attentionScores + f.attentionValues + f.attentionOutput
            + f.recurrentProjections + f.recurrentMixing + f.mlp + f.experts + f.router + f.embeddingProjection
            + f.logits
        f.elementwise.total = f.elementwise.softmax + f.elementwise.norms
        return f
    }

    /// One new token after a prefix of `prefix` tokens, for one sequence.
    func generation(prefix: Double, causal: Bool) -> FlopsEstimate.GenerationFlops {
        var withCache = logitsPerToken + embeddingProjectionPerToken
        for run in kinds {
            let kind = run.kind
            var perLayer = 0.0
            if let span = kind.attention {
                perLayer +=
                    projectionsPerToken + outputPerToken + keys(prefix: prefix, span: span) * (scoresPerPair + valuesPerPair)
            }
            if let mixer = kind.recurrent { perLayer += recurrent.step(mixer).total }
            switch kind.mlp {
            case .dense: perLayer += densePerToken
            case .moe: perLayer += expertsPerToken + routerPerToken
            case nil: break
            }
            withCache += Double(run.count) * perLayer
        }
        let withoutCache = forward(batch: 1, sequence: prefix + 1, causal: causal).layers + logitsPerToken
            + embeddingProjectionPerToken
        return FlopsEstimate.GenerationFlops(
            withKVCache: withCache, withoutKVCache: withoutCache, savedByKVCache: withoutCache - withCache)
    }
}
