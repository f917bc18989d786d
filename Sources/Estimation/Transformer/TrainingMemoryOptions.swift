/// What a training memory estimate depends on besides the model. API names in brackets.
public struct TrainingMemoryOptions: Hashable, Sendable {
    /// `b`, sequences per micro-batch on one data-parallel rank, 1 to 2^20 [batch_size].
    public var batchSize: Int
    /// `s`, tokens per sequence, 1 to 2^24 [sequence_length].
    public var sequenceLength: Int
    /// [optimizer]
    public var optimizer: OptimizerScheme
    /// [activation_recompute]
    public var recompute: ActivationRecompute
    /// FlashAttention-style kernels that store no `s×s` scores [flash_attention].
    public var flashAttention: Bool
    /// Dropout after the embedding, the attention probabilities, and the attention and MLP outputs
    /// [dropout]. On by default, as in Korthikanti et al. and the seed's `34bsd + 5bas²`; most
    /// modern pre-training recipes turn it off, which saves the masks and the dropout output.
    public var dropout: Bool
    /// [parallelism]
    public var parallelism: Parallelism

    public init(
        batchSize: Int = 1, sequenceLength: Int = 2048, optimizer: OptimizerScheme = .adamw16,
        recompute: ActivationRecompute = .none, flashAttention: Bool = false, dropout: Bool = true,
        parallelism: Parallelism = Parallelism()
    ) {
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.optimizer = optimizer
        self.recompute = recompute
        self.flashAttention = flashAttention
        self.dropout = dropout
        self.parallelism = parallelism
    }

    /// Every option issue at once: the ranges always, and with a (valid) spec also the relations
    /// to it (pipeline stages at most the layers, tensor degree dividing the heads). Without one,
    /// a request whose model is invalid still hears about its options in the same answer.
    public func validate(for spec: ModelSpec?) throws(EstimationError) {
        var validation = FieldValidation()
        validation.require(batchSize, in: OptionLimits.batchSize, field: "batch_size")
        validation.require(sequenceLength, in: OptionLimits.sequenceLength, field: "sequence_length")
        parallelism.validate(for: spec, into: &validation)
        try validation.check()
    }
}
