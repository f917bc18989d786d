/// What a model keeps per sequence while it generates, layer by layer along the layout:
///
/// - Keys and values (docs/formulas.md §5): `2·b·s·k·hd` values per attention layer in the cache type. A
///   sliding-window layer keeps `min(s, window)` tokens and a chunked layer `min(s, chunk)`: the
///   most a decoding step attends over. (transformers, after a forward pass past the window, holds
///   one token fewer: the next token's own.) Latent attention keeps `kv_lora_rank +
///   qk_rope_head_dim` values per token per layer, once.
/// - Recurrent state, independent of `s`, per sequence and recurrent layer: a causal convolution's
///   last `K` inputs per channel in the cache type (gated DeltaNet, Mamba-2, short convolutions),
///   and the linear-attention or state-space state: fp32 for the gated delta rule (`Hv·dk·dv`) and
///   Mamba-2 (`H·P·N`), as transformers and the fla and mamba_ssm kernels keep them; the cache type
///   for lightning attention (`H·dh²`), as transformers keeps it.
///
/// Packed int4 rounds up to a whole byte once per part (keys and values, state).
public enum KVCache {
    /// Validates the spec (through `ParameterCounter`) and `options` (an accelerator included).
    public static func estimate(_ spec: ModelSpec, _ options: KVCacheOptions) throws(EstimationError) -> KVCacheEstimate {
        try estimate(CountedSpec(spec), options)
    }

    /// For a spec already validated and counted: validates `options` (an accelerator included).
    public static func estimate(_ counted: CountedSpec, _ options: KVCacheOptions) throws(EstimationError) -> KVCacheEstimate {
        let spec = counted.spec
        let parameters = counted.parameters
        try options.validate(for: spec)

        let footprint = KVCacheFootprint(spec)
        let b = CheckedInt(options.batchSize)
        let keyValuesPerSequence = footprint.keyValues(tokens: options.sequenceLength)
        let keyValuesPerToken = footprint.keyValuesPerToken
        let statePerSequence = footprint.state
        let dtype = options.dtype
        let field = "sequence_length"
        let keyValueBytesPerSequence = try dtype.bytes(forValues: keyValuesPerSequence).resolve(field: field)
        let stateBytesPerSequence = try statePerSequence.bytes(dtype).resolve(field: "batch_size")
        let keyValueBytes = try dtype.bytes(forValues: keyValuesPerSequence * b).resolve(field: "batch_size")
        let stateBytes = try (statePerSequence * b).bytes(dtype).resolve(field: "batch_size")
        let bytesPerToken = try dtype.bytes(forValues: keyValuesPerToken).resolve(field: field)
        let bytes = try (CheckedInt(keyValueBytes) + CheckedInt(stateBytes)).resolve(field: "batch_size")
        let bytesPerSequence = keyValueBytesPerSequence + stateBytesPerSequence  // at most `bytes`

        var estimate = KVCacheEstimate(
            bytes: bytes, bytesPerSequence: bytesPerSequence, bytesPerToken: bytesPerToken,
            keyValueBytes: keyValueBytes, stateBytes: stateBytes, stateBytesPerSequence: stateBytesPerSequence)
        if let accelerator = options.accelerator {
            let usable = try MemoryFit.usableBytes(
                memoryBytes: accelerator.memoryBytes, headroom: options.headroom)
            let weightBytes = try WeightStorage.bytes(spec, parameters, dtype: options.weightDType)
                .resolve(field: "weight_dtype")
            // Both are non-negative, so the difference cannot overflow.
            let available = Swift.max(0, usable - weightBytes)
            estimate.fit = KVCacheEstimate.Fit(
                memoryBytes: accelerator.memoryBytes, usableBytes: usable, weightBytes: weightBytes,
                availableBytes: available, shortBytes: Swift.max(0, weightBytes - usable),
                requestFits: weightBytes <= usable && bytes <= available,
                tokens: bytesPerToken > 0 ? Swift.max(0, available - stateBytesPerSequence) / bytesPerToken : 0,
                sequences: bytesPerSequence > 0 ? available / bytesPerSequence : 0)
        }
        return estimate
    }
}

/// What one sequence keeps, layer kind by layer kind along the layout, as `KVCache` counts it and
/// the inference tables read and write it (docs/inference.md): keys and values at a length, and the
/// recurrent layers' state, which does not grow.
struct KVCacheFootprint {
    /// Values one attention layer keeps per token.
    let valuesPerTokenPerLayer: CheckedInt
    /// Values a token adds over every attention layer (while shorter than every window and chunk).
    let keyValuesPerToken: CheckedInt
    /// Every recurrent layer's state, per sequence.
    let state: StateValues
    /// Attention layers by the most tokens they keep (nil: every token).
    private let spans: [(limit: Int?, layers: CheckedInt)]

    init(_ spec: ModelSpec) {
        valuesPerTokenPerLayer = AttentionShape(spec).cachedValuesPerToken
        var spans: [(limit: Int?, layers: CheckedInt)] = []
        var attentionLayers: CheckedInt = 0
        var state = StateValues()
        for run in spec.layout.distinctKinds {
            let layers = CheckedInt(run.count)
            if let span = run.kind.attention {
                spans.append((Self.limit(span, spec), layers))
                attentionLayers = attentionLayers + layers
            }
            if let mixer = run.kind.recurrent {
                state = state + StateValues(RecurrentCache(spec, mixer)) * layers
            }
        }
        self.spans = spans
        self.state = state
        keyValuesPerToken = attentionLayers * valuesPerTokenPerLayer
    }

    /// Tokens a layer of `span` keeps at most: a sliding layer its window, a chunked layer its chunk.
    static func limit(_ span: LayerKind.Attention, _ spec: ModelSpec) -> Int? {
        switch span {
        case .full: nil
        case .sliding: spec.slidingWindow
        case .chunked: spec.attentionChunk
        }
    }

    /// Keys and values (or latents) of one sequence of `tokens` tokens.
    func keyValues(tokens: Int) -> CheckedInt {
        let s = CheckedInt(tokens)
        var values: CheckedInt = 0
        for (limit, layers) in spans {
            let kept = limit.map { CheckedInt.min(s, CheckedInt($0)) } ?? s
            values = values + layers * kept * valuesPerTokenPerLayer
        }
        return values
    }

    /// State values of any number of recurrent layers: kept in the cache type, and kept in fp32.
    struct StateValues {
        var cacheType: CheckedInt = 0
        var fp32: CheckedInt = 0

        init() {}

        init(_ layer: RecurrentCache) {
            cacheType = layer.convolution + (layer.stateInFP32 ? 0 : layer.state)
            fp32 = layer.stateInFP32 ? layer.state : 0
        }

        static func + (lhs: StateValues, rhs: StateValues) -> StateValues {
            var sum = StateValues()
            sum.cacheType = lhs.cacheType + rhs.cacheType
            sum.fp32 = lhs.fp32 + rhs.fp32
            return sum
        }

        static func * (lhs: StateValues, factor: CheckedInt) -> StateValues {
            var product = StateValues()
            product.cacheType = lhs.cacheType * factor
            product.fp32 = lhs.fp32 * factor
            return product
        }

        /// Packed int4 rounds up to a whole byte once; fp32 values are 4 bytes each.
        func bytes(_ dtype: DataType) -> CheckedInt {
            dtype.bytes(forValues: cacheType) + 4 * fp32
        }
    }
}

/// One recurrent layer's cache per sequence: the causal convolution's last `K` inputs per channel
/// (in the cache type), and the linear-attention or state-space state (fp32 for the gated delta
/// rule and Mamba-2, the cache type for lightning attention; see `KVCache`).
struct RecurrentCache {
    var convolution: CheckedInt = 0
    var state: CheckedInt = 0
    var stateInFP32 = false

    init(_ spec: ModelSpec, _ mixer: LayerKind.Recurrent) {
        switch mixer {
        case .linearAttention:
            guard let l = spec.linearAttention else { return }
            state = CheckedInt(l.valueHeads) * CheckedInt(l.keyHeadDim) * CheckedInt(l.valueHeadDim)
            switch l.kind {
            case .gatedDeltaNet:
                let channels = 2 * CheckedInt(l.keyHeads) * CheckedInt(l.keyHeadDim)
                    + CheckedInt(l.valueHeads) * CheckedInt(l.valueHeadDim)
                convolution = channels * CheckedInt(l.convolutionKernel)
                stateInFP32 = true
            case .lightning:
                stateInFP32 = false
            }
        case .mamba2:
            guard let m = spec.mamba else { return }
            convolution = CheckedInt(m.convolutionChannels) * CheckedInt(m.convolutionKernel)
            state = CheckedInt(m.heads) * CheckedInt(m.headDim) * CheckedInt(m.stateSize)
            stateInFP32 = true
        case .shortConvolution:
            guard let c = spec.shortConvolution else { return }
            convolution = CheckedInt(spec.hiddenSize) * CheckedInt(c.convolutionKernel)
        }
    }
}
