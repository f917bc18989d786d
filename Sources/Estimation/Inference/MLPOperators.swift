extension StepOperators {
    /// Bytes one GPU reads for a dense MLP's first matrices and its last.
    var denseWeights: (first: Double, last: Double) {
        let perMatrix = Double(view.hidden) * Double(view.denseWidth) * types.weightBytesPerValue / tensor
        return ((costs.mlpMatrices - 1) * perMatrix, perMatrix)
    }

    /// A mixture of experts: the router (and the shared experts' gate), the routed experts the
    /// step's tokens are expected to touch (`ExpertRouting`), and the shared experts.
    func appendExperts(to layer: inout LayerRows) {
        guard let experts = view.experts else { return }
        let tokens = layer.step.tokens
        let a = types.activationBytes
        layer.add("moe.router", .matmul, kernels: 1) {
            $0.matrixFlops = costs.routerPerToken * tokens
            $0.weightBytes = costs.routerPerToken / 2 * types.weightBytesPerValue
            $0.activationBytes = tokens * Double(view.hidden) * a
            $0.bytesWritten = tokens * Double(experts.count) * a
        }
        let k = Double(experts.perToken)
        let touched = ExpertRouting.expectedExpertsTouched(experts: Double(experts.count), perToken: k, tokens: tokens)
        appendMLP(
            "experts", width: k * Double(experts.width), inputs: k,
            weights: (touched * expertBytes.first, touched * expertBytes.last), to: &layer)
        if experts.sharedWidth > 0 {
            let perMatrix = Double(view.hidden) * Double(experts.sharedWidth) * types.weightBytesPerValue / tensor
            appendMLP(
                "shared_experts", width: Double(experts.sharedWidth), inputs: 1,
                weights: ((costs.mlpMatrices - 1) * perMatrix, perMatrix), to: &layer)
        }
    }

    /// An MLP's first matrices (gate and up, or up), its activation and its last matrix (down),
    /// for `width` intermediate values per token; `inputs` copies of each token go in (`K` for
    /// routed experts) and come out; `weights` are the bytes its first and last matrices read.
    func appendMLP(
        _ prefix: String, width: Double, inputs: Double, weights: (first: Double, last: Double),
        to layer: inout LayerRows
    ) {
        let tokens = layer.step.tokens
        let a = types.activationBytes
        let d = Double(view.hidden)
        let first = costs.mlpMatrices - 1
        let intermediate = tokens * width / tensor * a
        // Each matrix: 2·d·width FLOPs per token.
        let perMatrix = 2 * d * width * tokens / tensor
        layer.add(prefix + ".up", .matmul, kernels: 1) {
            $0.matrixFlops = first * perMatrix
            $0.weightBytes = weights.first
            $0.activationBytes = tokens * inputs * d * a
            $0.bytesWritten = first * intermediate
        }
        layer.add(prefix + ".activation", .elementwise, kernels: 1) {
            $0.vectorFlops = view.activationFlopsPerValue * tokens * width / tensor
            $0.activationBytes = first * intermediate
            $0.bytesWritten = intermediate
        }
        layer.add(prefix + ".down", .matmul, kernels: 1) {
            $0.matrixFlops = perMatrix
            $0.weightBytes = weights.last
            $0.activationBytes = intermediate
            $0.bytesWritten = tokens * inputs * d * a
        }
    }
}
