/// What a network estimate depends on besides the network. API names in brackets.
public struct NetworkOptions: Hashable, Sendable {
    /// Samples per forward pass, 1 to 2^20 [batch_size].
    public var batchSize: Int
    /// How weights and activations are stored, which sets the bytes each layer moves [dtype].
    /// fp32 by default, as torchstat counts.
    public var dtype: DataType
    /// The peak the roofline uses [precision]; the dtype's own by default (fp32, bf16, fp16, fp8, int8).
    public var precision: Precision?
    /// Model-state bytes per parameter and stored-activation bytes of the training-memory estimate
    /// [optimizer]; `adamw-fp32` by default, as for an fp32 network.
    public var optimizer: OptimizerScheme
    /// Hardware for the roofline and the latency [hardware].
    public var accelerator: Accelerator?

    public init(
        batchSize: Int = 1, dtype: DataType = .fp32, precision: Precision? = nil,
        optimizer: OptimizerScheme = .adamwFP32, accelerator: Accelerator? = nil
    ) {
        self.batchSize = batchSize
        self.dtype = dtype
        self.precision = precision
        self.optimizer = optimizer
        self.accelerator = accelerator
    }

    /// The peak's precision: `precision`, else the dtype's (none for int4).
    public var peakPrecision: Precision? { precision ?? dtype.peakPrecision }

    /// The batch size's range, and with hardware a peak for the chosen precision.
    public func validate() throws(EstimationError) {
        var validation = FieldValidation()
        validation.require(batchSize, in: OptionLimits.batchSize, field: "batch_size")
        if let accelerator {
            if let precision = peakPrecision {
                validation.include { () throws(EstimationError) in try Roofs(accelerator, precision: precision) }
            } else {
                validation.fail("precision", "is required with hardware for dtype \(dtype.rawValue), which has no peak of its own; name the peak to use (e.g. int8)")
            }
        }
        try validation.check()
    }
}

extension DataType {
    /// The peak that computing in this type runs at; int4 has none of its own.
    public var peakPrecision: Precision? {
        switch self {
        case .fp32: .fp32
        case .bf16: .bf16
        case .fp16: .fp16
        case .fp8: .fp8
        case .int8: .int8
        case .int4: nil
        }
    }
}
