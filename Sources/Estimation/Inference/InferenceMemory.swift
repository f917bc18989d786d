/// What one GPU of a replica holds (docs/inference.md, "Memory"): its share of the weights, of the
/// KV cache and of the largest set of intermediates a prefill keeps alive at once. Exact counts;
/// a count beyond `Int` is an issue naming the option that drove it.
struct InferenceMemory {
    let spec: ModelSpec
    let view: InferenceLayerView
    let footprint: KVCacheFootprint
    let types: InferenceDataTypes
    let tensor: Int
    let flashAttention: Bool
    /// The weights on one GPU, computed once.
    let weightBytes: Int

    init(_ counted: CountedSpec, view: InferenceLayerView, options: InferenceOptions) throws(EstimationError) {
        spec = counted.spec
        self.view = view
        footprint = KVCacheFootprint(counted.spec)
        types = options.types
        tensor = options.tensorParallel
        flashAttention = options.flashAttention
        let placement = StagePlacement(spec: spec, parameters: counted.parameters, tensor: tensor)
        let held = placement.parametersPerRank(layers: 0..<spec.layers, first: true, last: true)
        weightBytes = try types.weightBytes(values: held).resolve(field: "weight_dtype")
    }

    /// The cache of `batch` sequences of `tokens` tokens on one GPU: split by heads, or whole on
    /// every GPU for a latent cache.
    func kvCacheBytes(batch: Int, tokens: Int) -> CheckedInt {
        types.kvCache.bytes(forValues: footprint.keyValues(tokens: tokens) * CheckedInt(batch))
            .dividedRoundingUp(by: view.latentCache ? 1 : tensor)
    }

    /// The largest live set of a prefill of `batch` prompts of `prompt` tokens, on one GPU: the
    /// hidden state and its normalised copy, plus the larger of the attention's intermediates (Q,
    /// K, V and the output; without FlashAttention the full `s×s` scores and probabilities) and
    /// the MLP's (its first matrices' outputs and the activation's; for a mixture of experts also
    /// the router's logits and the tokens dispatched to `K` experts); or, at the end, the hidden
    /// state and the fp32 logits of `logitTokens` tokens.
    func activationBytes(batch: Int, prompt: Int, logitTokens: Int) -> CheckedInt {
        let tokens = CheckedInt(batch) * CheckedInt(prompt)
        let element = CheckedInt(types.activations.bitsPerValue / 8)
        let d = CheckedInt(view.hidden)
        let shape = view.attention
        func split(_ value: CheckedInt) -> CheckedInt { value.dividedRoundingUp(by: tensor) }

        let hidden = 2 * tokens * d
        var attention = split(tokens * (shape.queryWidth + shape.keyWidth + shape.valueWidth + shape.outputInputWidth))
        if !flashAttention {
            let s = CheckedInt(prompt)
            attention = attention + split(2 * CheckedInt(batch) * CheckedInt(shape.heads) * s * s)
        }
        let matrices = CheckedInt(view.gated ? 3 : 2)
        var mlp = CheckedInt(0)
        for group in view.groups {
            let groupMLP: CheckedInt
            switch (group.mlp, view.experts) {
            case (.mixtureOfExperts, let experts?):
                let routed = CheckedInt(experts.perToken)
                groupMLP = tokens * CheckedInt(experts.count) + tokens * routed * d
                    + split(tokens * matrices * (routed + CheckedInt(experts.shared)) * CheckedInt(experts.width))
            default:
                groupMLP = split(tokens * matrices * CheckedInt(view.denseWidth))
            }
            mlp = CheckedInt.max(mlp, groupMLP)
        }
        let layers = element * (hidden + CheckedInt.max(attention, mlp))
        let logits = element * tokens * d
            + 4 * split(CheckedInt(batch) * CheckedInt(logitTokens) * CheckedInt(view.vocabulary))
        return CheckedInt.max(layers, logits)
    }
}
