/// How fast the GPUs are assumed to run: a fraction of the precision's peak (model FLOPs
/// utilisation), or a measured rate per GPU as Megatron-LM's papers report it.
public enum Throughput: Hashable, Sendable {
    /// Model FLOPs utilisation, in (0, 1] [mfu].
    case mfu(Double)
    /// Achieved TFLOP/s per GPU, counting hardware FLOPs (recompute included), in (0, 10^9]
    /// [achieved_tflops_per_gpu].
    case achievedTFLOPsPerGPU(Double)
}

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
}

/// Wall-clock time to train on a number of tokens.
public struct TrainingTimeEstimate: Hashable, Sendable {
    public enum FlopsKind: String, Hashable, Sendable {
        /// `3 ×` forward: what MFU is defined against.
        case model
        /// Model FLOPs plus recompute: what an achieved hardware rate counts.
        case hardware
    }

    public struct Duration: Hashable, Sendable {
        public var seconds: Double
        public var days: Double
        public var gpuHours: Double
    }

    public struct UtilisationRange: Hashable, Sendable {
        /// At MFU 0.35.
        public var low: Duration
        /// At MFU 0.5.
        public var high: Duration
    }

    /// The point estimate.
    public var seconds: Double
    public var days: Double
    public var gpuHours: Double
    /// Model FLOPs at the seed's utilisation range, 0.35 (slower) to 0.5 (faster); nil when the
    /// accelerator has no peak for the precision (possible only with an achieved rate).
    public var range: UtilisationRange?
    /// FLOPs the point estimate divides by the rate, whole run.
    public var flops: Double
    public var flopsKind: FlopsKind
    /// FLOPs of that kind per token.
    public var flopsPerToken: Double
    /// Peak FLOP/s of one GPU at the precision, when known.
    public var peakFlopsPerSecond: Double?
    /// Model FLOPs utilisation: as given, or implied by an achieved rate (nil without a peak).
    public var mfu: Double?

    init(
        duration: Duration, range: UtilisationRange?, flops: Double,
        flopsKind: FlopsKind, flopsPerToken: Double, peakFlopsPerSecond: Double?, mfu: Double?
    ) {
        seconds = duration.seconds
        days = duration.days
        gpuHours = duration.gpuHours
        self.range = range
        self.flops = flops
        self.flopsKind = flopsKind
        self.flopsPerToken = flopsPerToken
        self.peakFlopsPerSecond = peakFlopsPerSecond
        self.mfu = mfu
    }
}

/// `time = training FLOPs / (GPUs × FLOP/s per GPU)` (FORMULAS §4). Training FLOPs per token are a
/// training step over one sequence of `s` tokens divided by `s`, so attention's `s²` share is
/// charged per token as it falls.
public enum TrainingTime {
    public static let mfuRange = (low: 0.35, high: 0.5)

    /// Validates `options` (the accelerator included); assumes a valid spec.
    public static func estimate(
        _ spec: ModelSpec, _ options: TrainingTimeOptions
    ) throws(EstimationError) -> TrainingTimeEstimate {
        var validation = OptionValidation()
        validation.require(options.tokens, in: OptionLimits.tokens, field: "tokens")
        validation.require(options.sequenceLength, in: OptionLimits.sequenceLength, field: "sequence_length")
        validation.require(options.gpus, in: OptionLimits.gpus, field: "gpus")
        let peak = options.accelerator.peak(options.precision)
        switch options.throughput {
        case .mfu(let mfu):
            validation.require(mfu, in: 0...1, openLower: true, field: "mfu")
            if peak == nil {
                validation.fail(
                    "precision",
                    "\(options.accelerator.displayName) has no published \(options.precision.rawValue) peak; "
                        + "choose another precision or give achieved_tflops_per_gpu")
            }
        case .achievedTFLOPsPerGPU(let tflops):
            validation.require(tflops, in: 0...1e9, openLower: true, field: "achieved_tflops_per_gpu")
        }
        try validation.check()
        _ = try options.accelerator.validated()

        let step = try Flops.estimate(
            spec,
            FlopsOptions(
                batchSize: 1, sequenceLength: options.sequenceLength, causal: options.causal,
                recompute: options.recompute))
        let s = Double(options.sequenceLength)
        let tokens = Double(options.tokens)
        let gpus = Double(options.gpus)
        let modelPerToken = step.trainingStep / s
        let hardwarePerToken = step.hardwareTrainingStep / s

        func duration(flops: Double, perGPU rate: Double) -> TrainingTimeEstimate.Duration {
            let seconds = flops / (gpus * rate)
            return .init(seconds: seconds, days: seconds / 86_400, gpuHours: seconds * gpus / 3_600)
        }
        let range = peak.map { peak in
            TrainingTimeEstimate.UtilisationRange(
                low: duration(flops: modelPerToken * tokens, perGPU: peak * mfuRange.low),
                high: duration(flops: modelPerToken * tokens, perGPU: peak * mfuRange.high))
        }
        switch options.throughput {
        case .mfu(let mfu):
            // Validation above refused a missing peak with an MFU.
            guard let peak else { throw EstimationError(field: "precision", message: "no peak for this precision") }
            let flops = modelPerToken * tokens
            return TrainingTimeEstimate(
                duration: duration(flops: flops, perGPU: peak * mfu), range: range, flops: flops,
                flopsKind: .model, flopsPerToken: modelPerToken, peakFlopsPerSecond: peak, mfu: mfu)
        case .achievedTFLOPsPerGPU(let tflops):
            let rate = tflops * 1e12
            let flops = hardwarePerToken * tokens
            // The model FLOPs share of the achieved rate, against the peak.
            let impliedMFU = peak.map { rate * (modelPerToken / hardwarePerToken) / $0 }
            return TrainingTimeEstimate(
                duration: duration(flops: flops, perGPU: rate), range: range, flops: flops,
                flopsKind: .hardware, flopsPerToken: hardwarePerToken, peakFlopsPerSecond: peak, mfu: impliedMFU)
        }
    }
}
