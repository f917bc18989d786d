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
    /// FlashAttention-style kernels that store no `s×s` scores [flash_attention]: under
    /// `huggingface`, `scaled_dot_product_attention`'s fused kernel (`attn_implementation="sdpa"`)
    /// rather than eager attention.
    public var flashAttention: Bool
    /// Dropout after the embedding, the attention probabilities, and the attention and MLP outputs
    /// [dropout]. On by default, as in Korthikanti et al. and the seed's `34bsd + 5bas²`; most
    /// modern pre-training recipes turn it off, which saves the masks and the dropout output.
    public var dropout: Bool
    /// [parallelism]
    public var parallelism: Parallelism
    /// Whose modules run the step [framework]
    public var framework: TrainingFramework

    public init(
        batchSize: Int = 1, sequenceLength: Int = 2048, optimizer: OptimizerScheme = .adamw16,
        recompute: ActivationRecompute = .none, flashAttention: Bool = false, dropout: Bool = true,
        parallelism: Parallelism = Parallelism(), framework: TrainingFramework = .megatron
    ) {
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.optimizer = optimizer
        self.recompute = recompute
        self.flashAttention = flashAttention
        self.dropout = dropout
        self.parallelism = parallelism
        self.framework = framework
    }

    /// Every option issue at once: the ranges always, and with a (valid) spec also the relations
    /// to it (pipeline stages at most the layers, tensor degree dividing the heads). Without one,
    /// a request whose model is invalid still hears about its options in the same answer.
    /// transformers' modules run whole layers on one GPU: under `huggingface` only data
    /// parallelism (and ZeRO over it) is accepted, and selective recompute is Megatron's.
    public func validate(for spec: ModelSpec?) throws(EstimationError) {
        var validation = FieldValidation()
        validation.require(batchSize, in: OptionLimits.batchSize, field: "batch_size")
        validation.require(sequenceLength, in: OptionLimits.sequenceLength, field: "sequence_length")
        parallelism.validate(for: spec, into: &validation)
        if framework == .huggingface {
            let layout = "with framework huggingface (transformers' modules run whole layers on one GPU; "
                + "data parallelism and ZeRO are modelled)"
            if parallelism.tensor != 1 { validation.fail("parallelism.tensor", "must be 1 \(layout), got \(parallelism.tensor)") }
            if parallelism.pipeline != 1 {
                validation.fail("parallelism.pipeline", "must be 1 \(layout), got \(parallelism.pipeline)")
            }
            if parallelism.sequenceParallel { validation.fail("parallelism.sequence_parallel", "must be false \(layout)") }
            if recompute == .selective {
                validation.fail(
                    "activation_recompute",
                    "selective recompute is Megatron-LM's; transformers' gradient checkpointing recomputes whole layers (full) or nothing (none)")
            }
        }
        try validation.check()
    }
}
