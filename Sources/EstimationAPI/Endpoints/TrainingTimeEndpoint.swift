import Estimation

/// `POST /v1/training-time`: wall-clock time for `tokens` on `gpus` accelerators (docs/formulas.md §4),
/// at an MFU (default 0.4) or an achieved rate per GPU, with the 0.35–0.5 MFU range beside it.
enum TrainingTimeEndpoint: EstimateEndpoint {
    typealias Options = TrainingTimeOptions
    typealias Result = TrainingTimeEstimate

    static let path = "/v1/training-time"

    /// Fields only this endpoint reads: `/v1/estimate` refuses them without `tokens`.
    static let ownFields = ["tokens", "gpus", "precision", "mfu", "achieved_tflops_per_gpu"]

    /// Defaults match `TrainingTimeOptions.init`'s (which cannot be built without tokens and hardware).
    static func readOptions(_ reader: inout FieldReader) -> Options? {
        let tokens = reader.isPresent("tokens") ? reader.integer("tokens") : nil
        let hardware = reader.isPresent(HardwareInput.field) ? HardwareInput.read(&reader) : nil
        let throughput = readThroughput(&reader)
        let sequenceLength = reader.integer("sequence_length", default: 2048)
        let gpus = reader.integer("gpus", default: 1)
        let precision = reader.choice("precision", default: Precision.bf16)
        let recompute = reader.choice("activation_recompute", default: ActivationRecompute.none)
        let causal = reader.bool("causal", default: false)
        guard let tokens, let hardware, let throughput else { return nil }
        return TrainingTimeOptions(
            tokens: tokens, sequenceLength: sequenceLength, accelerator: hardware, gpus: gpus,
            precision: precision, throughput: throughput, recompute: recompute, causal: causal)
    }

    /// `mfu` or `achieved_tflops_per_gpu`, not both; `mfu` 0.4 when neither is given.
    private static func readThroughput(_ reader: inout FieldReader) -> Throughput? {
        let mfu = reader.number("mfu")
        let achieved = reader.number("achieved_tflops_per_gpu")
        switch (mfu, achieved) {
        case (.some, .some):
            reader.fail("achieved_tflops_per_gpu", "cannot be given together with mfu; give one")
            return nil
        case (_, .some(let tflops)): return .achievedTFLOPsPerGPU(tflops)
        case (.some(let mfu), nil): return .mfu(mfu)
        case (nil, nil):
            // A field given with the wrong type leaves no value but an issue; don't add a default.
            return reader.contains("mfu") || reader.contains("achieved_tflops_per_gpu") ? nil : .mfu(0.4)
        }
    }

    static func writeOptions(_ options: Options, to json: inout JSONWriter) {
        json.beginObject()
        json.field("tokens", options.tokens)
        json.field("sequence_length", options.sequenceLength)
        json.key(HardwareInput.field)
        HardwareInput.writeCanonical(options.accelerator, to: &json)
        json.field("gpus", options.gpus)
        json.field("precision", options.precision.rawValue)
        switch options.throughput {
        case .mfu(let mfu):
            json.field("mfu", mfu)
            json.key("achieved_tflops_per_gpu")
            json.null()
        case .achievedTFLOPsPerGPU(let tflops):
            json.key("mfu")
            json.null()
            json.field("achieved_tflops_per_gpu", tflops)
        }
        json.field("activation_recompute", options.recompute.rawValue)
        json.field("causal", options.causal)
        json.endObject()
    }

    static func hardwareName(_ options: Options) -> String? { options.accelerator.name }

    static func compute(_ spec: ModelSpec, _ options: Options) throws(EstimationError) -> Result {
        try TrainingTime.estimate(spec, options)
    }

    static func describe(_ options: Options, to scenario: inout Scenario) {
        scenario.set("tokens", options.tokens)
        scenario.set("sequence_length", options.sequenceLength)
        scenario.set("gpus", options.gpus)
        scenario.set("precision", options.precision.rawValue)
        switch options.throughput {
        case .mfu(let mfu): scenario.set("mfu", TextReport.fixed(mfu, places: 3))
        case .achievedTFLOPsPerGPU(let tflops):
            scenario.set("achieved_tflops_per_gpu", TextReport.fixed(tflops, places: 1))
        }
        scenario.set("activation_recompute", options.recompute.rawValue)
        scenario.set("causal", options.causal)
        scenario.set(options.accelerator, headroom: nil)
    }

    /// For a spec already counted: `/v1/estimate`'s sections share one count.
    static func compute(_ counted: CountedSpec, _ options: Options) throws(EstimationError) -> Result {
        try TrainingTime.estimate(counted, options)
    }

    static func writeResult(_ result: Result, to json: inout JSONWriter) {
        json.field("seconds", result.seconds)
        json.field("days", result.days)
        json.field("gpu_hours", result.gpuHours)
        json.optionalObject("range", result.range) { json, range in
            writeDuration("low", mfu: TrainingTime.mfuRange.low, range.low, to: &json)
            writeDuration("high", mfu: TrainingTime.mfuRange.high, range.high, to: &json)
        }
        json.field("flops", result.flops)
        json.field("flops_kind", result.flopsKind.rawValue)
        json.field("flops_per_token", result.flopsPerToken)
        json.field("peak_flops_per_second", result.peakFlopsPerSecond)
        json.field("mfu", result.mfu)
    }

    private static func writeDuration(
        _ name: String, mfu: Double, _ duration: TrainingTimeEstimate.Duration, to json: inout JSONWriter
    ) {
        json.object(name) { json in
            json.field("mfu", mfu)
            json.field("seconds", duration.seconds)
            json.field("days", duration.days)
            json.field("gpu_hours", duration.gpuHours)
        }
    }

    static func renderText(_ result: Result, to report: inout TextReport) {
        report.section("Training time")
        report.row("days", TextReport.fixed(result.days, places: 2), TextReport.fixed(result.seconds, places: 0) + " s")
        report.row("gpu_hours", TextReport.fixed(result.gpuHours, places: 0))
        if let mfu = result.mfu { report.row("mfu", TextReport.fixed(mfu, places: 3)) }
        if let range = result.range {
            report.row("days at MFU 0.5", TextReport.fixed(range.high.days, places: 2))
            report.row("days at MFU 0.35", TextReport.fixed(range.low.days, places: 2))
        }
        report.flops("flops (\(result.flopsKind.rawValue))", result.flops)
    }
}
