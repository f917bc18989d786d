import Charts
import Estimation

/// `POST /v1/memory/training`: bytes per GPU for training (docs/formulas.md §2,
/// docs/training-memory.md), with a fit verdict for the step's peak when `hardware` is given.
enum TrainingMemoryEndpoint: EstimateEndpoint {
    struct Options {
        var estimate: TrainingMemoryOptions
        var hardware: Accelerator?
        /// Fraction of the hardware's memory set aside; only with `hardware`.
        var headroom: Double
    }

    struct Result {
        var estimate: TrainingMemoryEstimate
        var fit: MemoryFit?
        var warnings: [String]
    }

    static let path = "/v1/memory/training"
    static let representations = Representation.withChart

    static func readOptions(_ reader: inout FieldReader) -> Options? {
        let estimate = TrainingMemoryFields.read(&reader)
        let hardware = HardwareInput.read(&reader)
        let headroom = HeadroomField.read(&reader, hardwareGiven: reader.contains(HardwareInput.field))
        return estimate.map { Options(estimate: $0, hardware: hardware, headroom: headroom) }
    }

    static func writeOptions(_ options: Options, to json: inout JSONWriter) {
        json.beginObject()
        TrainingMemoryFields.write(options.estimate, to: &json)
        HeadroomField.writeHardware(options.hardware, headroom: options.headroom, to: &json)
        json.endObject()
    }

    static func hardwareName(_ options: Options) -> String? { options.hardware?.name }

    /// The estimate's options and, with hardware, the headroom. (The hardware's own figures were
    /// judged as it was read.)
    static func validate(_ options: Options, for spec: ModelSpec?) throws(EstimationError) {
        let issues = IssueList()
        issues.collect { () throws(EstimationError) in try options.estimate.validate(for: spec) }
        if options.hardware != nil {
            issues.collect { () throws(EstimationError) in try MemoryFit.validate(headroom: options.headroom) }
        }
        try issues.check()
    }

    static func compute(_ spec: ModelSpec, _ options: Options) throws(EstimationError) -> Result {
        try compute(CountedSpec(spec), options)
    }

    /// For a spec already counted: `/v1/estimate`'s sections share one count.
    static func compute(_ counted: CountedSpec, _ options: Options) throws(EstimationError) -> Result {
        let estimate = try TrainingMemory.estimate(counted, options.estimate)
        let fit = try options.hardware.map { accelerator throws(EstimationError) in
            try estimate.fit(on: accelerator, headroom: options.headroom)
        }
        let warnings = [
            ScenarioWarnings.contextLength(counted.spec, sequenceLength: options.estimate.sequenceLength),
            ScenarioWarnings.attentionScores(counted, options.estimate, estimate),
            ScenarioWarnings.approximatedLayers(counted.spec, options.estimate),
        ]
        return Result(estimate: estimate, fit: fit, warnings: warnings.compactMap { $0 })
    }

    static func warnings(_ result: Result) -> [String] { result.warnings }

    static func chart(_ spec: ModelSpec, _ options: Options, _ result: Result) throws(EstimationError) -> (any SVGChart)? {
        try TrainingMemoryChart.chart(
            spec, options.estimate, result.estimate, hardware: options.hardware, usableBytes: result.fit?.usableBytes)
    }

    static func describe(_ options: Options, to scenario: inout Scenario) {
        TrainingMemoryFields.describe(options.estimate, to: &scenario)
        scenario.set(options.hardware, headroom: options.headroom)
    }

    static func writeResult(_ result: Result, to json: inout JSONWriter) {
        let estimate = result.estimate
        let perGPU = estimate.perGPU
        json.object("per_gpu") { json in
            json.field("total", perGPU.total)
            json.field("peak", perGPU.peak)
            json.field("weights", perGPU.weights)
            json.field("gradients", perGPU.gradients)
            json.field("master_weights", perGPU.masterWeights)
            json.field("optimizer_states", perGPU.optimizerStates)
            json.field("activations", perGPU.activations)
            json.field("logits", perGPU.logits)
            json.field("embedding_dropout", perGPU.embeddingDropout)
        }
        json.field("bytes_per_parameter", estimate.bytesPerParameter)
        json.field("parameters", estimate.parameters)
        json.object("parameters_per_gpu") { json in
            let counts = estimate.parametersPerGPU
            json.field("slice", counts.slice)
            json.field("weights_held", counts.weightsHeld)
            json.field("gradients_held", counts.gradientsHeld)
            json.field("optimizer_states_held", counts.optimizerStatesHeld)
        }
        if let moment = estimate.peakMoment { json.field("peak_moment", moment.rawValue) }
        json.field("pipeline_stage", estimate.pipelineStage)
        json.field("in_flight_micro_batches", estimate.inFlightMicroBatches)
        json.optionalObject("fit", result.fit) { json, fit in
            json.field("fits", fit.fits)
            json.field("required_bytes", fit.requiredBytes)
            json.field("memory_bytes", fit.memoryBytes)
            json.field("headroom", fit.headroom)
            json.field("usable_bytes", fit.usableBytes)
            json.field("free_bytes", fit.freeBytes)
            json.field("short_bytes", fit.shortBytes)
        }
    }

    static func renderText(_ result: Result, to report: inout TextReport) {
        let estimate = result.estimate
        let perGPU = estimate.perGPU
        report.section("Training memory per GPU (pipeline stage \(estimate.pipelineStage))")
        report.bytes("total", perGPU.total)
        report.bytes("peak", perGPU.peak)
        if let moment = estimate.peakMoment { report.row("  peak_moment", moment.rawValue) }
        report.bytes("  weights", perGPU.weights)
        report.bytes("  gradients", perGPU.gradients)
        report.bytes("  master_weights", perGPU.masterWeights)
        report.bytes("  optimizer_states", perGPU.optimizerStates)
        report.bytes("  activations", perGPU.activations)
        report.bytes("  logits", perGPU.logits)
        report.bytes("  embedding_dropout", perGPU.embeddingDropout)
        report.row("bytes_per_parameter", String(estimate.bytesPerParameter))
        let counts = estimate.parametersPerGPU
        report.row("parameters_per_gpu", "")
        report.count("  slice", counts.slice)
        report.count("  weights_held", counts.weightsHeld)
        report.count("  gradients_held", counts.gradientsHeld)
        report.count("  optimizer_states_held", counts.optimizerStatesHeld)
        report.row("in_flight_micro_batches", String(estimate.inFlightMicroBatches))
        if let fit = result.fit {
            report.row("fits", fit.fits ? "yes" : "no")
            report.bytes("usable", fit.usableBytes)
            if fit.fits { report.bytes("free", fit.freeBytes) } else { report.bytes("short", fit.shortBytes) }
        }
    }
}
