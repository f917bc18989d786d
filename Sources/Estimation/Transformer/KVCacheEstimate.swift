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

    public init(bytes: Int, bytesPerSequence: Int, bytesPerToken: Int, fit: Fit? = nil) {
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
