/// `bytes = 2·b·s·l·k·hd·bytes(dtype)` (FORMULAS §5). A sliding-window layer keeps
/// `min(s, window)` tokens; latent attention keeps `kv_lora_rank + qk_rope_head_dim` values per
/// token per layer, once. Packed int4 rounds up to a whole byte once per cache (standard attention's
/// value count is even, so only an odd latent count rounds).
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
        let valuesPerSequence = footprint.values(tokens: options.sequenceLength)
        let dtype = options.dtype
        let field = "sequence_length"
        let bytesPerSequence = try dtype.bytes(forValues: valuesPerSequence).resolve(field: field)
        let bytes = try dtype.bytes(forValues: valuesPerSequence * CheckedInt(options.batchSize)).resolve(field: "batch_size")
        let bytesPerToken = try dtype.bytes(forValues: footprint.valuesPerTokenPerLayer * CheckedInt(spec.layers))
            .resolve(field: field)

        var estimate = KVCacheEstimate(bytes: bytes, bytesPerSequence: bytesPerSequence, bytesPerToken: bytesPerToken)
        if let accelerator = options.accelerator {
            let usable = try MemoryFit.usableBytes(
                memoryBytes: accelerator.memoryBytes, headroom: options.headroom)
            let weightBytes = try options.weightDType.bytes(forValues: CheckedInt(parameters.total))
                .resolve(field: "weight_dtype")
            // Both are non-negative, so the difference cannot overflow.
            let available = Swift.max(0, usable - weightBytes)
            estimate.fit = KVCacheEstimate.Fit(
                memoryBytes: accelerator.memoryBytes, usableBytes: usable, weightBytes: weightBytes,
                availableBytes: available, shortBytes: Swift.max(0, weightBytes - usable),
                requestFits: weightBytes <= usable && bytes <= available,
                tokens: bytesPerToken > 0 ? available / bytesPerToken : 0,
                sequences: bytesPerSequence > 0 ? available / bytesPerSequence : 0)
        }
        return estimate
    }
}

/// Values one sequence keeps in the cache: `cachedValuesPerToken` per layer for each token it
/// keeps, every token on a global layer and at most the window on a sliding one.
struct KVCacheFootprint {
    let valuesPerTokenPerLayer: CheckedInt
    private let globalLayers: CheckedInt
    private let slidingLayers: CheckedInt
    private let window: Int?

    init(_ spec: ModelSpec) {
        let layout = LayerLayout(spec)
        valuesPerTokenPerLayer = AttentionShape(spec).cachedValuesPerToken
        globalLayers = CheckedInt(layout.globalLayers)
        slidingLayers = CheckedInt(layout.slidingLayers)
        window = spec.slidingWindow
    }

    /// Values for one sequence of `tokens` tokens.
    func values(tokens: Int) -> CheckedInt {
        let s = CheckedInt(tokens)
        let slidingKept = window.map { CheckedInt.min(s, CheckedInt($0)) } ?? s
        return valuesPerTokenPerLayer * (globalLayers * s + slidingLayers * slidingKept)
    }
}
