/// What a training-time estimate depends on besides the model. API names in brackets.
public struct TrainingTimeOptions: Hashable, Sendable {
    /// Training tokens, 1 to 10^18 [tokens].
    public var tokens: Int
    /// `s`, 1 to 2^24 [sequence_length].
    public var sequenceLength: Int
    /// A preset or custom hardware [hardware].
    public var accelerator: Accelerator
    /// 1 to 2^24 [gpus].
    public var gpus: Int
    /// Which peak `mfu` and the range apply to [precision].
    public var precision: Precision
    public var throughput: Throughput
    /// Adds hardware FLOPs, which an achieved rate counts [activation_recompute].
    public var recompute: ActivationRecompute
    /// Halve the `s²` terms for a causal mask (see `FlopsOptions.causal`) [causal].
    public var causal: Bool

    public init(
        tokens: Int, sequenceLength: Int = 2048, accelerator: Accelerator, gpus: Int = 1,
        precision: Precision = .bf16, throughput: Throughput = .mfu(0.4), recompute: ActivationRecompute = .none,
        causal: Bool = false
    ) {
        self.tokens = tokens
        self.sequenceLength = sequenceLength
        self.accelerator = accelerator
        self.gpus = gpus
        self.precision = precision
        self.throughput = throughput
        self.recompute = recompute
        self.causal = causal
    }

    /// Every option issue at once (the accelerator's figures included); none depends on the
    /// model, which is taken for symmetry with the other options.
    public func validate(for spec: ModelSpec? = nil) throws(EstimationError) {
        var validation = FieldValidation()
        validation.require(tokens, in: OptionLimits.tokens, field: "tokens")
        validation.require(sequenceLength, in: OptionLimits.sequenceLength, field: "sequence_length")
        validation.require(gpus, in: OptionLimits.gpus, field: "gpus")
        switch throughput {
        case .mfu(let mfu):
            validation.require(mfu, in: 0...1, openLower: true, field: "mfu")
            if accelerator.peak(precision) == nil {
                validation.fail(
                    "precision",
                    "\(accelerator.displayName) has no published \(precision.rawValue) peak; "
                        + "choose another precision or give achieved_tflops_per_gpu")
            }
        case .achievedTFLOPsPerGPU(let tflops):
            validation.require(tflops, in: 0...1e9, openLower: true, field: "achieved_tflops_per_gpu")
        }
        validation.include { () throws(EstimationError) in try accelerator.validated() }
        try validation.check()
    }
}
