/// FLOPs of one step over `b` sequences of `s` tokens, and of generating one token.
public struct FlopsEstimate: Hashable, Sendable {
    public var forward: FlopsBreakdown
    /// `2 ×` the forward matmuls.
    public var backward: Double
    /// Model FLOPs of a training step, `3 ×` the forward matmuls (what MFU divides by).
    public var trainingStep: Double
    /// FLOPs recompute adds: full, every layer's forward again (not the logits); selective, the
    /// attention core again; none, 0.
    public var recompute: Double
    /// `trainingStep + recompute` (what HFU divides by).
    public var hardwareTrainingStep: Double
    /// Multiply-accumulates of the forward matmuls, `forward.total / 2`.
    public var macs: Double
    /// Whether the `s²` terms were halved for a causal mask.
    public var causal: Bool
    public var sixND: SixND
    public var generation: GenerationFlops

    public init(
        forward: FlopsBreakdown, backward: Double, trainingStep: Double, recompute: Double,
        hardwareTrainingStep: Double, macs: Double, causal: Bool, sixND: SixND, generation: GenerationFlops
    ) {
        self.forward = forward
        self.backward = backward
        self.trainingStep = trainingStep
        self.recompute = recompute
        self.hardwareTrainingStep = hardwareTrainingStep
        self.macs = macs
        self.causal = causal
        self.sixND = sixND
        self.generation = generation
    }

    /// Kaplan et al.'s `6·N·D` rule of thumb against the exact count.
    public struct SixND: Hashable, Sendable {
        /// `N`: all parameters, or those active per token for a mixture of experts.
        public var parameters: Int
        /// `D = b·s`.
        public var tokens: Int
        /// `6·N·D`.
        public var flops: Double
        /// `trainingStep / flops`: above 1 where attention and logits outweigh what `N` misses.
        public var ratio: Double

        public init(parameters: Int, tokens: Int, flops: Double, ratio: Double) {
            self.parameters = parameters
            self.tokens = tokens
            self.flops = flops
            self.ratio = ratio
        }
    }

    /// FLOPs to generate one more token after a prefix of `s` tokens, for one sequence.
    public struct GenerationFlops: Hashable, Sendable {
        /// With a KV cache: one token's projections, MLP and logits, plus attention over the `s + 1`
        /// keys (`min(s + 1, window)` on sliding layers).
        public var withKVCache: Double
        /// Without a cache: the whole `s + 1`-token forward pass through the layers again, plus
        /// one token's logits.
        public var withoutKVCache: Double
        /// `withoutKVCache − withKVCache`.
        public var savedByKVCache: Double

        public init(withKVCache: Double, withoutKVCache: Double, savedByKVCache: Double) {
            self.withKVCache = withKVCache
            self.withoutKVCache = withoutKVCache
            self.savedByKVCache = savedByKVCache
        }
    }
}
