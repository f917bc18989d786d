/// The operators of a step on one of `tensor` GPUs (docs/inference.md, "Operators"), layer group by
/// layer group along the layout. FLOPs come from `TransformerFlops` and `RecurrentFlops`, per
/// token, per attended pair and per chunk, so the prefill's FLOPs are `/v1/flops`'s forward and a
/// decode step's its FLOPs per generated token; a linear layer reads as many weights per step as
/// it does multiply-accumulates per token, at their stored bytes. Tensor parallelism splits the
/// heads (attention's and the recurrent mixers'), the matrices' output (column-parallel) or input
/// (row-parallel) widths and the cache (a latent cache is kept whole on every GPU); norms,
/// residual additions, the router and the embedding are replicated.
struct StepOperators {
    let view: InferenceLayerView
    let costs: TransformerFlops
    let types: InferenceDataTypes
    let tensor: Double
    let flashAttention: Bool
    let causal: Bool
    /// One routed expert of one layer on one GPU: the bytes of its first matrices (gate and up,
    /// or up) and of its last (down), in the checkpoint's own format where it keeps one (MXFP4).
    let expertBytes: (first: Double, last: Double)
    /// Layers with a mixture of experts.
    private let moeLayers: Double

    init(_ spec: ModelSpec, types: InferenceDataTypes, tensor: Int, flashAttention: Bool, causal: Bool) {
        view = InferenceLayerView(spec)
        costs = TransformerFlops(spec)
        self.types = types
        self.tensor = Double(tensor)
        self.flashAttention = flashAttention
        self.causal = causal
        moeLayers = Double(spec.layout.count { $0.mlp == .moe })
        let width = Double(view.experts?.width ?? 0)
        let d = Double(view.hidden)
        if let quantized = WeightStorage.quantizedRoutedExpert(spec),
            let first = quantized.inputBytes.value, let last = quantized.outputBytes.value
        {
            expertBytes = (Double(first) / self.tensor, Double(last) / self.tensor)
        } else {
            let w = types.weightBytesPerValue
            expertBytes = ((costs.mlpMatrices - 1) * d * width * w / self.tensor, d * width * w / self.tensor)
        }
    }

    /// A decode step of `batch` sequences after `prefix` tokens.
    func decode(batch: Double, prefix: Double) -> InferenceStep {
        .decode(batch: batch, prefix: prefix, keys: InferenceStep.Keys(prefix: prefix, costs))
    }

    /// GPUs the attention cache is split over: none for a latent cache.
    var cacheSplit: Double { view.latentCache ? 1 : tensor }

    /// One routed expert in every mixture-of-experts layer, on one GPU: the bytes a step reads for
    /// each expert (per layer) it touches.
    var routedBytesPerExpert: Double { moeLayers * (expertBytes.first + expertBytes.last) }

    /// Every operator of `step`, in execution order.
    func operators(_ step: InferenceStep) -> [OperatorCost] {
        var rows: [OperatorCost] = []
        rows.reserveCapacity(6 + view.groups.count * 18)
        let tokens = step.tokens
        let a = types.activationBytes
        let d = Double(view.hidden)
        let e = Double(view.embeddingWidth)
        rows.append(OperatorCost(
            name: "embedding", layers: 1, kind: .memory,
            activationBytes: tokens * (e + (view.learnedPositions ? d : 0)) * types.weightBytesPerValue,
            bytesWritten: tokens * e * a, kernels: view.learnedPositions ? 2 : 1))
        if costs.embeddingProjectionPerToken > 0 {
            rows.append(projection("embedding_projection.in", tokens: tokens, input: e, output: d))
        }
        for (index, group) in view.groups.enumerated() {
            var layer = LayerRows(index: index, group: group, step: step)
            appendLayer(&layer)
            rows.append(contentsOf: layer.rows)
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

    /// One group's layers: its norms, its sequence mixers (attention, a recurrent mixer, or both
    /// side by side), the residual additions, and its MLP (dense, experts, or none).
    private func appendLayer(_ layer: inout LayerRows) {
        let group = layer.group
        let tokens = layer.step.tokens
        let a = types.activationBytes
        let normalised = costs.normalisedPerToken(view.kind(group))
        // One weight per normalised value (a LayerNorm's bias aside): a few kilobytes a layer.
        layer.add("norms", .elementwise, kernels: Double(view.normKernels(group))) {
            $0.vectorFlops = TransformerFlops.normFlopsPerValue * tokens * normalised
            $0.weightBytes = normalised * types.weightBytesPerValue
            $0.activationBytes = tokens * normalised * a
            $0.bytesWritten = $0.activationBytes
        }
        if let span = group.attention { appendAttention(span, to: &layer) }
        if let mixer = group.recurrent { appendRecurrent(mixer, to: &layer) }
        // The mixers' outputs (summed first when side by side) and the MLP's join the residual
        // stream: seed 003's element-wise sum of two `tokens × d` tensors each.
        let additions = Double(group.mixers + (group.mlp == nil ? 0 : 1))
        let residual = ElementwiseSum(elements: tokens * Double(view.hidden), bytesPerValue: a)
        layer.add("residual_add", .elementwise, kernels: additions) {
            $0.vectorFlops = additions * residual.flops
            $0.activationBytes = additions * residual.bytesRead
            $0.bytesWritten = additions * residual.bytesWritten
        }
        switch group.mlp {
        case .dense:
            appendMLP("mlp", width: Double(view.denseWidth), inputs: 1, weights: denseWeights, to: &layer)
        case .moe:
            appendExperts(to: &layer)
        case nil:
            break
        }
    }
}

/// The rows of one layer group, in execution order. Rows are filled per layer and added up over
/// the group's layers; a row that neither computes nor moves anything (a residual addition in a
/// layer without blocks, say) is left out.
struct LayerRows {
    let index: Int
    let group: InferenceLayerView.Group
    let step: InferenceStep
    private(set) var rows: [OperatorCost] = []

    init(index: Int, group: InferenceLayerView.Group, step: InferenceStep) {
        self.index = index
        self.group = group
        self.step = step
    }

    /// A row of `kernels` launches per layer whose figures `fill` sets for one layer; `span` when
    /// its cost grows with the keys a decode step attends to (such a row is always kept, so that
    /// tables at any keys list the same rows).
    mutating func add(
        _ name: String, _ kind: InferenceOperator.Kind, kernels: Double, span: LayerKind.Attention? = nil,
        _ fill: (inout OperatorCost) -> Void
    ) {
        var cost = OperatorCost(name: name, group: index, layers: group.layers, kind: kind, span: span, kernels: kernels)
        fill(&cost)
        guard span != nil || cost.bytes > 0 || cost.matrixFlops + cost.vectorFlops > 0 else { return }
        let layers = Double(group.layers)
        cost.matrixFlops *= layers
        cost.vectorFlops *= layers
        cost.weightBytes *= layers
        cost.cacheBytes *= layers
        cost.activationBytes *= layers
        cost.bytesWritten *= layers
        cost.cacheBytesWritten *= layers
        cost.kernels *= layers
        rows.append(cost)
    }
}
