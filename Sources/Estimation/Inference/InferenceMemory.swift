/// What one GPU of a replica holds (docs/inference.md, "Memory"): its share of the weights (at
/// their stored bytes), of the cache (keys and values, recurrent state) and of the largest set of
/// intermediates a prefill keeps alive at once. Exact counts; a count beyond `Int` is an issue
/// naming the option that drove it.
struct InferenceMemory {
    let view: InferenceLayerView
    let footprint: KVCacheFootprint
    let types: InferenceDataTypes
    let tensor: Int
    let flashAttention: Bool
    /// The weights on one GPU, computed once.
    let weightBytes: Int

    init(_ counted: CountedSpec, view: InferenceLayerView, options: InferenceOptions) throws(EstimationError) {
        let spec = counted.spec
        self.view = view
        footprint = KVCacheFootprint(spec)
        types = options.types
        tensor = options.tensorParallel
        flashAttention = options.flashAttention
        let placement = StagePlacement(spec: spec, parameters: counted.parameters, tensor: tensor)
        let held = placement.parametersPerRank(layers: 0..<spec.layers, first: true, last: true)
        // Weights the checkpoint stores in its own format (MXFP4 experts) keep it; tensor
        // parallelism splits them like every matrix.
        let quantized = WeightStorage.quantized(spec)
        let split = options.tensorParallel
        let quantizedValues = quantized.map { $0.values.dividedRoundingUp(by: split) } ?? 0
        let quantizedBytes = quantized.map { $0.bytes.dividedRoundingUp(by: split) } ?? 0
        weightBytes = try (types.weightBytes(values: held - quantizedValues) + quantizedBytes)
            .resolve(field: "weight_dtype")
    }

    /// The cache of `batch` sequences of `tokens` tokens on one GPU, as `/v1/kv-cache` counts it:
    /// keys and values split by heads (whole on every GPU for a latent cache), and the recurrent
    /// layers' state split by heads.
    func kvCacheBytes(batch: Int, tokens: Int) -> CheckedInt {
        let b = CheckedInt(batch)
        let keysAndValues = types.kvCache.bytes(forValues: footprint.keyValues(tokens: tokens) * b)
        return keysAndValues.dividedRoundingUp(by: view.latentCache ? 1 : tensor)
            + (footprint.state * b).bytes(types.kvCache).dividedRoundingUp(by: tensor)
    }

    /// The largest live set of a prefill of `batch` prompts of `prompt` tokens, on one GPU, over
    /// every kind of layer: the hidden state and its normalised copy, plus the larger of the
    /// sequence mixers' intermediates and the MLP's. Attention keeps Q, K, V, its output gate and
    /// its output (without FlashAttention also the full `s×s` scores and probabilities); a
    /// recurrent mixer its input projections' outputs, its convolution's and its output
    /// projection's input (its chunked scan's per-chunk intermediates are not counted); layers
    /// with both keep both. The MLP keeps its first matrices' outputs and the activation's, a
    /// mixture of experts also the router's logits and the tokens dispatched to `K` experts. Or,
    /// at the end, the hidden state and the logits of `logitTokens` tokens, in the activations'
    /// type as the head writes them (engines upcast only the rows they sample).
    func activationBytes(batch: Int, prompt: Int, logitTokens: Int) -> CheckedInt {
        let tokens = CheckedInt(batch) * CheckedInt(prompt)
        let element = CheckedInt(types.activations.bitsPerValue / 8)
        let d = CheckedInt(view.hidden)
        let shape = view.attention
        func split(_ value: CheckedInt) -> CheckedInt { value.dividedRoundingUp(by: tensor) }

        var attention = split(
            tokens * (shape.queryWidth + shape.keyWidth + shape.valueWidth + CheckedInt(shape.outputGateWidth)
                + shape.outputInputWidth))
        if !flashAttention {
            let s = CheckedInt(prompt)
            attention = attention + split(2 * CheckedInt(batch) * CheckedInt(shape.heads) * s * s)
        }
        let matrices = CheckedInt(view.gated ? 3 : 2)
        var largest = CheckedInt(0)
        for group in view.groups {
            var mixers = group.attention == nil ? CheckedInt(0) : attention
            if let mixer = group.recurrent.flatMap(view.mixer) {
                let live = CheckedInt(mixer.inputWidth) + CheckedInt(mixer.convolutionChannels) + CheckedInt(mixer.outputWidth)
                mixers = mixers + split(tokens * live)
            }
            var mlp = CheckedInt(0)
            switch (group.mlp, view.experts) {
            case (.moe, let experts?):
                let routed = CheckedInt(experts.perToken)
                mlp = tokens * CheckedInt(experts.count) + tokens * routed * d
                    + split(tokens * matrices * (routed * CheckedInt(experts.width) + CheckedInt(experts.sharedWidth)))
            case (.dense, _):
                mlp = split(tokens * matrices * CheckedInt(view.denseWidth))
            default:
                break
            }
            largest = CheckedInt.max(largest, CheckedInt.max(mixers, mlp))
        }
        let layers = element * (2 * tokens * d + largest)
        let logits = element * (tokens * d + split(CheckedInt(batch) * CheckedInt(logitTokens) * CheckedInt(view.vocabulary)))
        return CheckedInt.max(layers, logits)
    }
}
