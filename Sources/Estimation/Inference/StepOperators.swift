/// One forward pass of a served model: a prefill over the prompts, or one decode step that adds a
/// token to each sequence after `prefix` cached ones.
struct InferenceStep {
    enum Kind {
        case prefill
        case decode
    }

    var kind: Kind
    /// Sequences in the batch.
    var batch: Double
    /// New tokens per sequence: the prompt, or 1.
    var queries: Double
    /// Tokens each sequence has cached before the step (0 for a prefill).
    var prefix: Double
    /// Tokens per sequence whose logits are computed.
    var logitTokens: Double

    static func prefill(batch: Double, prompt: Double, logits: PrefillLogits) -> InferenceStep {
        InferenceStep(kind: .prefill, batch: batch, queries: prompt, prefix: 0, logitTokens: logits == .all ? prompt : 1)
    }

    static func decode(batch: Double, prefix: Double) -> InferenceStep {
        InferenceStep(kind: .decode, batch: batch, queries: 1, prefix: prefix, logitTokens: 1)
    }

    var tokens: Double { batch * queries }
}

/// An operator's work and traffic on one GPU, before it is placed on the roofline. Its reads are
/// split by what they read: weights (the same for any batch), the KV cache (per sequence) and
/// everything else (activations).
struct OperatorCost {
    var name: String
    var group: Int?
    var layers: Int
    var kind: InferenceOperator.Kind
    var matrixFlops: Double = 0
    var vectorFlops: Double = 0
    var weightBytes: Double = 0
    var cacheBytes: Double = 0
    var activationBytes: Double = 0
    var bytesWritten: Double = 0
    var kernels: Double

    var bytesRead: Double { weightBytes + cacheBytes + activationBytes }
    var bytes: Double { bytesRead + bytesWritten }
}

/// The operators of a step on one of `tensor` GPUs (docs/inference.md, "Operators"). FLOPs come
/// from `TransformerFlops`, per token and per attended pair, so the prefill's matrix FLOPs are
/// `/v1/flops`'s forward; a linear layer reads as many weights per step as it does
/// multiply-accumulates per token. Tensor parallelism splits the heads, the matrices' output
/// (column-parallel) or input (row-parallel) widths and the cache (a latent cache is kept whole
/// on every GPU); norms, residual additions, the router and the embedding are replicated.
struct StepOperators {
    let view: InferenceLayerView
    let costs: TransformerFlops
    let types: InferenceDataTypes
    let tensor: Double
    let flashAttention: Bool
    let causal: Bool

    init(_ spec: ModelSpec, types: InferenceDataTypes, tensor: Int, flashAttention: Bool, causal: Bool) {
        view = InferenceLayerView(spec)
        costs = TransformerFlops(spec)
        self.types = types
        self.tensor = Double(tensor)
        self.flashAttention = flashAttention
        self.causal = causal
    }

    /// GPUs the cache is split over: none for a latent cache.
    private var cacheSplit: Double { view.latentCache ? 1 : tensor }

    /// Weights of every routed expert of every mixture-of-experts layer, per expert and GPU: the
    /// bytes a step reads for each expert it touches.
    var routedBytesPerExpert: Double {
        guard let experts = view.experts else { return 0 }
        let layers = Double(view.groups.filter { $0.mlp == .mixtureOfExperts }.reduce(0) { $0 + $1.layers })
        return layers * costs.routedExpertsPerToken / Double(experts.perToken) / 2 * types.weightBytesPerValue / tensor
    }

    /// Every operator of `step`, in execution order.
    func operators(_ step: InferenceStep) -> [OperatorCost] {
        var rows: [OperatorCost] = []
        rows.reserveCapacity(4 + view.groups.count * 16)
        let tokens = step.tokens
        let a = types.activationBytes
        let d = Double(view.hidden)
        let e = Double(view.embeddingWidth)
        let embeddingRows = view.learnedPositions ? 2.0 : 1.0
        rows.append(OperatorCost(
            name: "embedding", layers: 1, kind: .memory,
            activationBytes: tokens * (e + (view.learnedPositions ? d : 0)) * types.weightBytesPerValue,
            bytesWritten: tokens * e * a, kernels: embeddingRows))
        if costs.embeddingProjectionPerToken > 0 {
            rows.append(projection("embedding_projection.in", tokens: tokens, input: e, output: d))
        }
        for (index, group) in view.groups.enumerated() {
            appendLayers(of: group, index: index, step: step, to: &rows)
        }
        let outer = costs.outerNormalised
        if outer > 0 {
            rows.append(OperatorCost(
                name: "outer_norms", layers: 1, kind: .elementwise,
                vectorFlops: TransformerFlops.normFlopsPerValue * tokens * outer, weightBytes: outer * types.weightBytesPerValue,
                activationBytes: tokens * outer * a, bytesWritten: tokens * outer * a, kernels: Double(view.outerNorms)))
        }
        if costs.embeddingProjectionPerToken > 0 {
            rows.append(projection("embedding_projection.out", tokens: tokens, input: d, output: e))
        }
        let logitTokens = step.batch * step.logitTokens
        rows.append(OperatorCost(
            name: "lm_head", layers: 1, kind: .matmul, matrixFlops: costs.logitsPerToken * logitTokens / tensor,
            weightBytes: costs.logitsPerToken / 2 * types.weightBytesPerValue / tensor,
            activationBytes: logitTokens * e * a, bytesWritten: logitTokens * Double(view.vocabulary) / tensor * a,
            kernels: 1))
        return rows
    }

    /// OPT's projection into or out of its narrower embedding: half of the pair's FLOPs each.
    private func projection(_ name: String, tokens: Double, input: Double, output: Double) -> OperatorCost {
        let perToken = costs.embeddingProjectionPerToken / 2
        return OperatorCost(
            name: name, layers: 1, kind: .matmul, matrixFlops: perToken * tokens / tensor,
            weightBytes: perToken / 2 * types.weightBytesPerValue / tensor,
            activationBytes: tokens * input * types.activationBytes, bytesWritten: tokens * output * types.activationBytes,
            kernels: 1)
    }

    private func appendLayers(
        of group: InferenceLayerView.Group, index: Int, step: InferenceStep, to rows: inout [OperatorCost]
    ) {
        let layers = Double(group.layers)
        let tokens = step.tokens
        let a = types.activationBytes
        let w = types.weightBytesPerValue
        let d = Double(view.hidden)
        let shape = view.attention
        func row(_ name: String, _ kind: InferenceOperator.Kind, kernelsPerLayer: Double, _ fill: (inout OperatorCost) -> Void) {
            var cost = OperatorCost(name: name, group: index, layers: group.layers, kind: kind, kernels: kernelsPerLayer * layers)
            fill(&cost)
            rows.append(cost)
        }

        let normalised = costs.layerNormalised + costs.attentionNormalised
        row("norms", .elementwise, kernelsPerLayer: Double(view.normKernelsPerLayer)) {
            $0.vectorFlops = TransformerFlops.normFlopsPerValue * tokens * normalised * layers
            $0.weightBytes = normalised * w * layers
            $0.activationBytes = tokens * normalised * a * layers
            $0.bytesWritten = $0.activationBytes
        }

        let latents = Double(shape.queryLatentWidth + shape.keyValueLatentWidth)
        let query = Double(shape.queryWidth.value ?? 0)
        let keysAndValues = Double((shape.keyWidth + shape.valueWidth).value ?? 0)
        let attentionOutput = Double(shape.outputInputWidth.value ?? 0)
        row("attention.qkv", .matmul, kernelsPerLayer: Double(view.projectionKernelsPerLayer)) {
            $0.matrixFlops = costs.projectionsPerToken * tokens * layers / tensor
            $0.weightBytes = costs.projectionsPerToken / 2 * w * layers / tensor
            $0.activationBytes = tokens * (d + latents) * a * layers
            $0.bytesWritten = tokens * ((query + keysAndValues) / tensor + latents) * a * layers
        }

        let cached = Double(shape.cachedValuesPerToken.value ?? 0)
        row("kv_cache.write", .memory, kernelsPerLayer: 1) {
            $0.activationBytes = tokens * cached * a * layers / cacheSplit
            $0.bytesWritten = tokens * cached * types.kvCacheBytes * layers / cacheSplit
        }

        let span: LayerKind.Attention = group.attention == .sliding ? .sliding : .full
        let pairs: Double
        switch step.kind {
        case .prefill: pairs = costs.pairs(sequence: step.queries, span: span, causal: causal)
        case .decode: pairs = costs.keys(prefix: step.prefix, span: span)
        }
        if step.kind == .decode {
            // One query attends to `pairs` keys, all read from the cache inside the attention kernel.
            row("kv_cache.read", .memory, kernelsPerLayer: 0) {
                $0.cacheBytes = step.batch * pairs * cached * types.kvCacheBytes * layers / cacheSplit
            }
        }
        appendAttentionCore(pairs: pairs, step: step, layers: layers, row: row)

        row("attention.output", .matmul, kernelsPerLayer: 1) {
            $0.matrixFlops = costs.outputPerToken * tokens * layers / tensor
            $0.weightBytes = costs.outputPerToken / 2 * w * layers / tensor
            $0.activationBytes = tokens * attentionOutput / tensor * a * layers
            $0.bytesWritten = tokens * d * a * layers
        }
        let residual = ElementwiseSum(elements: tokens * d, bytesPerValue: a)
        row("residual_add", .elementwise, kernelsPerLayer: 2) {
            $0.vectorFlops = 2 * layers * residual.flops
            $0.activationBytes = 2 * layers * residual.bytesRead
            $0.bytesWritten = 2 * layers * residual.bytesWritten
        }

        switch group.mlp {
        case .dense:
            appendMLP(
                "mlp", flopsPerToken: costs.densePerToken, width: Double(view.denseWidth),
                weightsPerLayer: costs.densePerToken / 2, inputs: 1, tokens: tokens, row: row)
        case .mixtureOfExperts:
            guard let experts = view.experts else { return }
            row("moe.router", .matmul, kernelsPerLayer: 1) {
                $0.matrixFlops = costs.routerPerToken * tokens * layers
                $0.weightBytes = costs.routerPerToken / 2 * w * layers
                $0.activationBytes = tokens * d * a * layers
                $0.bytesWritten = tokens * Double(experts.count) * a * layers
            }
            let k = Double(experts.perToken)
            let touched = ExpertRouting.expectedExpertsTouched(experts: Double(experts.count), perToken: k, tokens: tokens)
            appendMLP(
                "experts", flopsPerToken: costs.routedExpertsPerToken, width: k * Double(experts.width),
                weightsPerLayer: touched * costs.routedExpertsPerToken / k / 2, inputs: k, tokens: tokens, row: row)
            let shared = costs.sharedExpertsPerToken
            if shared > 0 {
                appendMLP(
                    "shared_experts", flopsPerToken: shared, width: Double(experts.shared * experts.width),
                    weightsPerLayer: shared / 2, inputs: 1, tokens: tokens, row: row)
            }
        }
    }

    /// Scores, softmax and values: one fused FlashAttention kernel that keeps the scores on chip,
    /// or three kernels that write the scores and read them back. In a prefill the keys and values
    /// come from the projections; in a decode step from the cache (`kv_cache.read`).
    private func appendAttentionCore(
        pairs: Double, step: InferenceStep, layers: Double,
        row: (String, InferenceOperator.Kind, Double, (inout OperatorCost) -> Void) -> Void
    ) {
        let a = types.activationBytes
        let shape = view.attention
        let attended = step.batch * pairs * layers
        let scores = costs.scoresPerPair * attended / tensor
        let values = costs.valuesPerPair * attended / tensor
        let softmax = TransformerFlops.softmaxFlopsPerScore * costs.heads * attended / tensor
        let tokens = step.tokens
        let queries = tokens * Double(shape.queryWidth.value ?? 0) / tensor * a * layers
        let output = tokens * Double(shape.outputInputWidth.value ?? 0) / tensor * a * layers
        let fromProjections = step.kind == .prefill ? tokens * a * layers / tensor : 0
        let keysRead = fromProjections * Double(shape.keyWidth.value ?? 0)
        let valuesRead = fromProjections * Double(shape.valueWidth.value ?? 0)
        if flashAttention {
            row("attention", .attention, 1) {
                $0.matrixFlops = scores + values
                $0.vectorFlops = softmax
                $0.activationBytes = queries + keysRead + valuesRead
                $0.bytesWritten = output
            }
            return
        }
        let scoreBytes = costs.heads * attended / tensor * a
        row("attention.scores", .attention, 1) {
            $0.matrixFlops = scores
            $0.activationBytes = queries + keysRead
            $0.bytesWritten = scoreBytes
        }
        row("attention.softmax", .elementwise, 1) {
            $0.vectorFlops = softmax
            $0.activationBytes = scoreBytes
            $0.bytesWritten = scoreBytes
        }
        row("attention.values", .attention, 1) {
            $0.matrixFlops = values
            $0.activationBytes = scoreBytes + valuesRead
            $0.bytesWritten = output
        }
    }

    /// An MLP's first matrices (gate and up, or up), its activation and its last matrix (down),
    /// for `width` intermediate values per token; `inputs` copies of each token go in (`K` for
    /// routed experts) and come out.
    private func appendMLP(
        _ prefix: String, flopsPerToken: Double, width: Double, weightsPerLayer: Double, inputs: Double,
        tokens: Double, row: (String, InferenceOperator.Kind, Double, (inout OperatorCost) -> Void) -> Void
    ) {
        let a = types.activationBytes
        let w = types.weightBytesPerValue
        let d = Double(view.hidden)
        let m = costs.mlpMatrices
        let firstShare = (m - 1) / m
        let intermediate = tokens * width / tensor * a
        row(prefix + ".up", .matmul, 1) { cost in
            cost.matrixFlops = flopsPerToken * firstShare * tokens * Double(cost.layers) / tensor
            cost.weightBytes = weightsPerLayer * firstShare * w * Double(cost.layers) / tensor
            cost.activationBytes = tokens * inputs * d * a * Double(cost.layers)
            cost.bytesWritten = (m - 1) * intermediate * Double(cost.layers)
        }
        row(prefix + ".activation", .elementwise, 1) { cost in
            cost.vectorFlops = view.activationFlopsPerValue * tokens * width / tensor * Double(cost.layers)
            cost.activationBytes = (m - 1) * intermediate * Double(cost.layers)
            cost.bytesWritten = intermediate * Double(cost.layers)
        }
        row(prefix + ".down", .matmul, 1) { cost in
            cost.matrixFlops = flopsPerToken / m * tokens * Double(cost.layers) / tensor
            cost.weightBytes = weightsPerLayer / m * w * Double(cost.layers) / tensor
            cost.activationBytes = intermediate * Double(cost.layers)
            cost.bytesWritten = tokens * inputs * d * a * Double(cost.layers)
        }
    }
}
