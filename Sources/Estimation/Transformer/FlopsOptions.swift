/// What a FLOPs estimate depends on besides the model. API names in brackets.
public struct FlopsOptions: Hashable, Sendable {
    /// `b`, 1 to 2^20 [batch_size].
    public var batchSize: Int
    /// `s`, 1 to 2^24 [sequence_length]; also the prefix length for the per-generated-token figures.
    public var sequenceLength: Int
    /// Count only the (query, key) pairs a causal mask keeps, about half the `s²` terms (Megatron-LM,
    /// MaxText). Off by default: the full `s×s`, as the seed, Korthikanti et al., PaLM and PyTorch's
    /// FLOP counter do [causal].
    public var causal: Bool
    /// Decides the extra hardware FLOPs of a training step [activation_recompute].
    public var recompute: ActivationRecompute

    public init(
        batchSize: Int = 1, sequenceLength: Int = 2048, causal: Bool = false,
        recompute: ActivationRecompute = .none
    ) {
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.causal = causal
        self.recompute = recompute
    }

    /// Every option issue at once; none depends on the model, which is taken for symmetry with
    /// the other options.
    public func validate(for spec: ModelSpec? = nil) throws(EstimationError) {
        var validation = FieldValidation()
        validation.require(batchSize, in: OptionLimits.batchSize, field: "batch_size")
        validation.require(sequenceLength, in: OptionLimits.sequenceLength, field: "sequence_length")
        try validation.check()
    }
}
