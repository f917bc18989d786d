/// What a model keeps per sequence while it generates, layer by layer along the layout:
///
/// - Keys and values (FORMULAS §5): `2·b·s·k·hd` values per attention layer in the cache type. A
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

        let perTokenPerLayer = AttentionShape(spec).cachedValuesPerToken
        let s = CheckedInt(options.sequenceLength)
        let b = CheckedInt(options.batchSize)
        var keyValuesPerSequence: CheckedInt = 0
        var keyValuesPerToken: CheckedInt = 0
        var statePerSequence = StateValues()
        for run in spec.layout.distinctKinds {
            let layers = CheckedInt(run.count)
            if let span = run.kind.attention {
                let limit: Int? =
                    switch span {
                    case .full: nil
                    case .sliding: spec.slidingWindow
                    case .chunked: spec.attentionChunk
                    }
                let kept = limit.map { CheckedInt.min(s, CheckedInt($0)) } ?? s
                keyValuesPerSequence = keyValuesPerSequence + layers * kept * perTokenPerLayer
                keyValuesPerToken = keyValuesPerToken + layers * perTokenPerLayer
            }
            if let mixer = run.kind.recurrent {
                statePerSequence = statePerSequence + StateValues(spec, mixer) * layers
            }
        }
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

    /// A recurrent layer's state per sequence: values kept in the cache type and values kept in fp32.
    private struct StateValues {
        var cacheType: CheckedInt = 0
        var fp32: CheckedInt = 0

        init() {}

        init(_ spec: ModelSpec, _ mixer: LayerKind.Recurrent) {
            switch mixer {
            case .linearAttention:
                guard let l = spec.linearAttention else { return }
                let state = CheckedInt(l.valueHeads) * CheckedInt(l.keyHeadDim) * CheckedInt(l.valueHeadDim)
                switch l.kind {
                case .gatedDeltaNet:
                    let channels = 2 * CheckedInt(l.keyHeads) * CheckedInt(l.keyHeadDim)
                        + CheckedInt(l.valueHeads) * CheckedInt(l.valueHeadDim)
                    cacheType = channels * CheckedInt(l.convolutionKernel)
                    fp32 = state
                case .lightning:
                    cacheType = state
                }
            case .mamba2:
                guard let m = spec.mamba else { return }
                cacheType = CheckedInt(m.convolutionChannels) * CheckedInt(m.convolutionKernel)
                fp32 = CheckedInt(m.heads) * CheckedInt(m.headDim) * CheckedInt(m.stateSize)
            case .shortConvolution:
                guard let c = spec.shortConvolution else { return }
                cacheType = CheckedInt(spec.hiddenSize) * CheckedInt(c.convolutionKernel)
            }
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

        func bytes(_ dtype: DataType) -> CheckedInt {
            dtype.bytes(forValues: cacheType) + 4 * fp32
        }
    }
}
