/// `time = training FLOPs / (GPUs × FLOP/s per GPU)` (docs/formulas.md §4). Training FLOPs per token are a
/// training step over one sequence of `s` tokens divided by `s`, so attention's `s²` share is
/// charged per token as it falls.
public enum TrainingTime {
    public static let mfuRange = (low: 0.35, high: 0.5)

    /// Validates `options` (the accelerator included) and the spec.
    public static func estimate(
        _ spec: ModelSpec, _ options: TrainingTimeOptions
    ) throws(EstimationError) -> TrainingTimeEstimate {
        try estimate(options) { stepOptions throws(EstimationError) in try Flops.estimate(spec, stepOptions) }
    }

    /// For a spec already validated and counted: validates `options` (the accelerator included).
    public static func estimate(
        _ counted: CountedSpec, _ options: TrainingTimeOptions
    ) throws(EstimationError) -> TrainingTimeEstimate {
        try estimate(options) { stepOptions throws(EstimationError) in try Flops.estimate(counted, stepOptions) }
    }

    /// Validates `options`, then asks `stepFlops` for one training step (which validates the spec
    /// when it is not counted yet): option issues come first either way.
    private static func estimate(
        _ options: TrainingTimeOptions, stepFlops: (FlopsOptions) throws(EstimationError) -> FlopsEstimate
    ) throws(EstimationError) -> TrainingTimeEstimate {
        try options.validate()
        let peak = options.accelerator.peak(options.precision)
        let rateField =
            switch options.throughput {
            case .mfu: "mfu"
            case .achievedTFLOPsPerGPU: "achieved_tflops_per_gpu"
            }

        let step = try stepFlops(
            FlopsOptions(
                batchSize: 1, sequenceLength: options.sequenceLength, causal: options.causal,
                recompute: options.recompute))
        let s = Double(options.sequenceLength)
        let tokens = Double(options.tokens)
        let gpus = Double(options.gpus)
        let modelPerToken = step.trainingStep / s
        let hardwarePerToken = step.hardwareTrainingStep / s

        // Tiny rates (an MFU of 1e-300) pass every range but overflow the division: such a time
        // is refused rather than answered as infinity.
        func duration(flops: Double, perGPU rate: Double) throws(EstimationError) -> TrainingTimeEstimate.Duration {
            let seconds = flops / (gpus * rate)
            let gpuHours = seconds * gpus / 3_600
            guard seconds.isFinite, gpuHours.isFinite else {
                throw EstimationError(
                    field: rateField,
                    message: "gives a training time too long to represent (over 10^308 seconds); give a larger rate")
            }
            return .init(seconds: seconds, days: seconds / 86_400, gpuHours: gpuHours)
        }
        var range: TrainingTimeEstimate.UtilisationRange?
        if let peak {
            range = .init(
                low: try duration(flops: modelPerToken * tokens, perGPU: peak * mfuRange.low),
                high: try duration(flops: modelPerToken * tokens, perGPU: peak * mfuRange.high))
        }
        switch options.throughput {
        case .mfu(let mfu):
            // Validation above refused a missing peak with an MFU.
            guard let peak else { throw EstimationError(field: "precision", message: "no peak for this precision") }
            let flops = modelPerToken * tokens
            return TrainingTimeEstimate(
                duration: try duration(flops: flops, perGPU: peak * mfu), range: range, flops: flops,
                flopsKind: .model, flopsPerToken: modelPerToken, peakFlopsPerSecond: peak, mfu: mfu)
        case .achievedTFLOPsPerGPU(let tflops):
            let rate = tflops * 1e12
            let flops = hardwarePerToken * tokens
            // The model FLOPs share of the achieved rate, against the peak.
            let impliedMFU = peak.map { rate * (modelPerToken / hardwarePerToken) / $0 }
            return TrainingTimeEstimate(
                duration: try duration(flops: flops, perGPU: rate), range: range, flops: flops,
                flopsKind: .hardware, flopsPerToken: hardwarePerToken, peakFlopsPerSecond: peak, mfu: impliedMFU)
        }
    }
}
