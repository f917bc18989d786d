import Estimation

/// `POST /v1/memory/training`: bytes per GPU for training (FORMULAS.md §2), with a fit verdict when
/// `hardware` is given.
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

    static func readOptions(_ reader: inout FieldReader) -> Options? {
        let defaults = TrainingMemoryOptions()
        let parallelism = reader.nestedObject("parallelism", ParallelismCoding.read)
        let estimate = TrainingMemoryOptions(
            batchSize: reader.integer("batch_size", default: defaults.batchSize),
            sequenceLength: reader.integer("sequence_length", default: defaults.sequenceLength),
            optimizer: reader.choice("optimizer", default: defaults.optimizer),
            recompute: reader.choice("activation_recompute", default: defaults.recompute),
            flashAttention: reader.bool("flash_attention", default: defaults.flashAttention),
            dropout: reader.bool("dropout", default: defaults.dropout),
            parallelism: parallelism.value ?? defaults.parallelism)
        let hardware = HardwareInput.read(&reader)
        let headroom = HeadroomField.read(&reader, hardwareGiven: reader.contains(HardwareInput.field))
        guard parallelism.valid else { return nil }
        return Options(estimate: estimate, hardware: hardware, headroom: headroom)
    }

    static func writeOptions(_ options: Options, to json: inout JSONWriter) {
        let estimate = options.estimate
        json.beginObject()
        json.field("batch_size", estimate.batchSize)
        json.field("sequence_length", estimate.sequenceLength)
        json.field("optimizer", estimate.optimizer.rawValue)
        json.field("activation_recompute", estimate.recompute.rawValue)
        json.field("flash_attention", estimate.flashAttention)
        json.field("dropout", estimate.dropout)
        json.key("parallelism")
        ParallelismCoding.write(estimate.parallelism, to: &json)
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
        ]
        return Result(estimate: estimate, fit: fit, warnings: warnings.compactMap { $0 })
    }

    static func warnings(_ result: Result) -> [String] { result.warnings }

    static func describe(_ options: Options, to scenario: inout Scenario) {
        let estimate = options.estimate
        scenario.set("batch_size", estimate.batchSize)
        scenario.set("sequence_length", estimate.sequenceLength)
        let optimizer = estimate.optimizer
        let activations = optimizer == .adamwFP32 ? "fp32" : "16-bit"
        scenario.set(
            "optimizer",
            "\(optimizer.rawValue) (\(optimizer.parts.total) B per parameter, \(activations) weights and activations)")
        scenario.set("activation_recompute", estimate.recompute.rawValue)
        scenario.set("flash_attention", estimate.flashAttention)
        scenario.set("dropout", estimate.dropout)
        scenario.set(estimate.parallelism)
        scenario.set(options.hardware, headroom: options.headroom)
    }

    static func writeResult(_ result: Result, to json: inout JSONWriter) {
        let estimate = result.estimate
        let perGPU = estimate.perGPU
        json.object("per_gpu") { json in
            json.field("total", perGPU.total)
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
