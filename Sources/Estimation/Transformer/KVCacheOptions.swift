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

    /// Every option issue at once (the accelerator's figures included); none depends on the
    /// model, which is taken for symmetry with the other options.
    public func validate(for spec: ModelSpec? = nil) throws(EstimationError) {
        var validation = FieldValidation()
        validation.require(batchSize, in: OptionLimits.batchSize, field: "batch_size")
        validation.require(sequenceLength, in: OptionLimits.sequenceLength, field: "sequence_length")
        validation.require(headroom, in: OptionLimits.headroom, field: "headroom")
        if let accelerator { validation.include { () throws(EstimationError) in try accelerator.validated() } }
        try validation.check()
    }
}
