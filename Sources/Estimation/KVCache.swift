/// What a KV-cache estimate depends on besides the model. API names in brackets.
public struct KVCacheOptions: Hashable, Sendable {
    /// `b`, sequences, 1 to 2^20 [batch_size].
    public var batchSize: Int
    /// `s`, tokens per sequence, 1 to 2^24 [sequence_length].
    public var sequenceLength: Int
    /// Cache element type [dtype].
    public var dtype: DataType
    /// With an accelerator, also how much cache fits beside the weights [hardware].
    public var accelerator: Accelerator?
    /// Type the weights are stored in on that accelerator [weight_dtype].
    public var weightDType: DataType
    /// Fraction of memory set aside before the weights and cache, 0 to 0.99 [headroom].
    public var headroom: Double

    public init(
        batchSize: Int = 1, sequenceLength: Int = 2048, dtype: DataType = .bf16, accelerator: Accelerator? = nil,
        weightDType: DataType = .bf16, headroom: Double = 0
    ) {
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.dtype = dtype
        self.accelerator = accelerator
        self.weightDType = weightDType
        self.headroom = headroom
    }
}

/// Size of the key/value cache, in bytes.
public struct KVCacheEstimate: Hashable, Sendable {
    /// The cache for `b` sequences of `s` tokens.
    public var bytes: Int
    /// One sequence of `s` tokens.
    public var bytesPerSequence: Int
    /// What one more token adds to a sequence while it is shorter than every sliding window (past
    /// a window, sliding layers stop growing), rounded up to a whole byte for int4.
    public var bytesPerToken: Int
    /// Present when an accelerator was given.
    public var fit: Fit?

    init(bytes: Int, bytesPerSequence: Int, bytesPerToken: Int, fit: Fit? = nil) {
        self.bytes = bytes
        self.bytesPerSequence = bytesPerSequence
        self.bytesPerToken = bytesPerToken
        self.fit = fit
    }

    /// How much cache fits beside the weights on one accelerator.
    public struct Fit: Hashable, Sendable {
        public var memoryBytes: Int
        /// `memoryBytes` less the headroom.
        public var usableBytes: Int
        /// Every parameter in the weight type.
        public var weightBytes: Int
        /// `usableBytes − weightBytes`, or 0 when the weights alone do not fit.
        public var availableBytes: Int
        /// `weightBytes − usableBytes` when the weights alone do not fit, else 0.
        public var shortBytes: Int
        /// Whether the weights and the requested cache fit together.
        public var requestFits: Bool
        /// Tokens of cache at `bytesPerToken` that fit in `availableBytes`.
        public var tokens: Int
        /// Sequences of `s` tokens that fit in `availableBytes`.
        public var sequences: Int
    }
}

/// `bytes = 2·b·s·l·k·hd·bytes(dtype)` (FORMULAS §5). A sliding-window layer keeps
/// `min(s, window)` tokens; latent attention keeps `kv_lora_rank + qk_rope_head_dim` values per
/// token per layer, once. Packed int4 rounds up to a whole byte once per cache (standard attention's
/// value count is even, so only an odd latent count rounds).
public enum KVCache {
    /// Validates `options` (an accelerator included); assumes a valid spec.
    public static func estimate(_ spec: ModelSpec, _ options: KVCacheOptions) throws(EstimationError) -> KVCacheEstimate {
        var validation = OptionValidation()
        validation.require(options.batchSize, in: OptionLimits.batchSize, field: "batch_size")
        validation.require(options.sequenceLength, in: OptionLimits.sequenceLength, field: "sequence_length")
        validation.require(options.headroom, in: OptionLimits.headroom, field: "headroom")
        try validation.check()

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
                memoryBytes: try accelerator.validated().memoryBytes, headroom: options.headroom)
            let parameters = try ParameterCounter.count(spec)
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
