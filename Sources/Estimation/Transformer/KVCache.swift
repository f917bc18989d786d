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

        let layout = LayerLayout(spec)
        let perTokenPerLayer = AttentionShape(spec).cachedValuesPerToken
        let s = CheckedInt(options.sequenceLength)
        let slidingKept = spec.slidingWindow.map { CheckedInt.min(s, CheckedInt($0)) } ?? s
        let valuesPerSequence =
            perTokenPerLayer * (CheckedInt(layout.globalLayers) * s + CheckedInt(layout.slidingLayers) * slidingKept)
        let dtype = options.dtype
        let field = "sequence_length"
        let bytesPerSequence = try dtype.bytes(forValues: valuesPerSequence).resolve(field: field)
        let bytes = try dtype.bytes(forValues: valuesPerSequence * CheckedInt(options.batchSize)).resolve(field: "batch_size")
        let bytesPerToken = try dtype.bytes(forValues: perTokenPerLayer * CheckedInt(layout.layers)).resolve(field: field)

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
