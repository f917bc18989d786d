/// Size of the cache a model keeps while generating, in bytes: keys and values, and the recurrent
/// state of linear-attention, Mamba-2 and short-convolution layers.
public struct KVCacheEstimate: Hashable, Sendable {
    /// The whole cache for `b` sequences of `s` tokens: `keyValueBytes + stateBytes`.
    public var bytes: Int
    /// One sequence of `s` tokens, its state included.
    public var bytesPerSequence: Int
    /// What one more token adds to a sequence while it is shorter than every sliding window and
    /// chunk (past a window, sliding layers stop growing), rounded up to a whole byte for int4.
    public var bytesPerToken: Int
    /// The keys and values (or latents) of the attention layers, for `b` sequences of `s` tokens.
    public var keyValueBytes: Int
    /// The recurrent layers' state for `b` sequences, whatever `s` is; 0 without recurrent layers.
    public var stateBytes: Int
    /// `stateBytes` of one sequence.
    public var stateBytesPerSequence: Int
    /// Present when an accelerator was given.
    public var fit: Fit?

    public init(
        bytes: Int, bytesPerSequence: Int, bytesPerToken: Int, keyValueBytes: Int, stateBytes: Int,
        stateBytesPerSequence: Int, fit: Fit? = nil
    ) {
        self.bytes = bytes
        self.bytesPerSequence = bytesPerSequence
        self.bytesPerToken = bytesPerToken
        self.keyValueBytes = keyValueBytes
        self.stateBytes = stateBytes
        self.stateBytesPerSequence = stateBytesPerSequence
        self.fit = fit
    }

    /// How much cache fits beside the weights on one accelerator.
    public struct Fit: Hashable, Sendable {
        public var memoryBytes: Int
        /// `memoryBytes` less the headroom.
        public var usableBytes: Int
        /// Every parameter in the weight type, quantised weights in their own format
        /// (`WeightStorage`).
        public var weightBytes: Int
        /// `usableBytes − weightBytes`, or 0 when the weights alone do not fit.
        public var availableBytes: Int
        /// `weightBytes − usableBytes` when the weights alone do not fit, else 0.
        public var shortBytes: Int
        /// Whether the weights and the requested cache fit together.
        public var requestFits: Bool
        /// Tokens of cache at `bytesPerToken` that fit in `availableBytes` beside one sequence's
        /// state; 0 when the cache does not grow with tokens.
        public var tokens: Int
        /// Sequences of `s` tokens that fit in `availableBytes`.
        public var sequences: Int

        public init(
            memoryBytes: Int, usableBytes: Int, weightBytes: Int, availableBytes: Int, shortBytes: Int,
            requestFits: Bool, tokens: Int, sequences: Int
        ) {
            self.memoryBytes = memoryBytes
            self.usableBytes = usableBytes
            self.weightBytes = weightBytes
            self.availableBytes = availableBytes
            self.shortBytes = shortBytes
            self.requestFits = requestFits
            self.tokens = tokens
            self.sequences = sequences
        }
    }
}
