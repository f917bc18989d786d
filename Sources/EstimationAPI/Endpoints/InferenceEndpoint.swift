import Charts
import Estimation

/// `POST /v1/inference`: serving a model (preset, spec or `hf_config`) on an accelerator — the
/// prefill's and a decode step's operators on the roofline, time to first token and per output
/// token (ideal and expected), memory and `fits`, a decode batch sweep with the compute-bound
/// crossover, and what fits under vLLM's and TensorRT-LLM's memory rules (docs/inference.md).
enum InferenceEndpoint: EstimateEndpoint {
    typealias Options = InferenceOptions
    typealias Result = InferenceEstimate

    static let path = "/v1/inference"
    static let representations = Representation.withChart

    // MARK: - Reading

    static func readOptions(_ reader: inout FieldReader) -> Options? {
        let defaultTypes = InferenceDataTypes()
        let types = InferenceDataTypes(
            weights: reader.choice("weight_dtype", default: defaultTypes.weights),
            activations: reader.choice("activation_dtype", default: defaultTypes.activations),
            kvCache: reader.choice("kv_cache_dtype", default: defaultTypes.kvCache))
        let flashAttention = reader.bool("flash_attention", default: true)
        let causal = reader.bool("causal")
        let tensorParallel = reader.nestedObject("tensor_parallel") { nested -> Int? in
            nested.integer("degree", default: 1)
        }
        let efficiency = reader.nestedObject("efficiency") { nested -> Efficiency? in
            let calibrated = Efficiency.calibrated
            return Efficiency(
                compute: nested.number("compute") ?? calibrated.compute,
                bandwidth: nested.number("bandwidth") ?? calibrated.bandwidth,
                kernelOverheadSeconds: nested.number("kernel_overhead_seconds") ?? calibrated.kernelOverheadSeconds)
        }
        let sweep = reader.nestedObject("batch_sweep") { nested -> Int? in
            nested.integer("max_batch", default: InferenceOptions.defaultSweepMaxBatch)
        }
        let serving = reader.nestedObject("serving") { nested -> ServingBudgets? in
            let defaults = ServingBudgets()
            return ServingBudgets(
                gpuMemoryUtilization: nested.number("gpu_memory_utilization") ?? defaults.gpuMemoryUtilization,
                freeGPUMemoryFraction: nested.number("free_gpu_memory_fraction") ?? defaults.freeGPUMemoryFraction)
        }
        let training = reader.nestedObject("training", readTraining)
        let batchSize = reader.integer("batch_size", default: InferenceOptions.defaultBatchSize)
        let promptTokens = reader.integer("prompt_tokens", default: InferenceOptions.defaultPromptTokens)
        let generatedTokens = reader.integer("generated_tokens", default: InferenceOptions.defaultGeneratedTokens)
        let prefillLogits = reader.choice("prefill_logits", default: PrefillLogits.all)
        let hardwareGiven = reader.contains(HardwareInput.field)
        let headroom = HeadroomField.read(&reader, hardwareGiven: true)
        guard hardwareGiven else {
            _ = reader.value(HardwareInput.field)
            reader.fail(HardwareInput.field, "is required: a preset name (see GET /v1/hardware) or an object of figures")
            return nil
        }
        guard let accelerator = HardwareInput.read(&reader), tensorParallel.valid, efficiency.valid, sweep.valid,
            serving.valid, training.valid
        else { return nil }
        return InferenceOptions(
            accelerator: accelerator, batchSize: batchSize, promptTokens: promptTokens, generatedTokens: generatedTokens,
            types: types, flashAttention: flashAttention, causal: causal, prefillLogits: prefillLogits,
            tensorParallel: tensorParallel.value ?? 1, efficiency: efficiency.value ?? .calibrated, headroom: headroom,
            sweepMaxBatch: sweep.value ?? InferenceOptions.defaultSweepMaxBatch, serving: serving.value ?? ServingBudgets(),
            training: training.value)
    }

    private static func readTraining(_ reader: inout FieldReader) -> TrainingFitOptions? {
        let defaults = TrainingFitOptions()
        return TrainingFitOptions(
            sequenceLength: reader.integer("sequence_length", default: defaults.sequenceLength),
            batchSize: reader.integer("batch_size", default: defaults.batchSize),
            optimizer: reader.choice("optimizer", default: defaults.optimizer),
            recompute: reader.choice("activation_recompute", default: defaults.recompute),
            flashAttention: reader.bool("flash_attention", default: defaults.flashAttention),
            dropout: reader.bool("dropout", default: defaults.dropout))
    }

    static func hardwareName(_ options: Options) -> String? { options.accelerator.name }

    static func validate(_ options: Options, for spec: ModelSpec?) throws(EstimationError) {
        try options.validate(for: spec)
    }

    // MARK: - Canonical form

    static func writeOptions(_ options: Options, to json: inout JSONWriter) {
        json.beginObject()
        json.field("batch_size", options.batchSize)
        json.field("prompt_tokens", options.promptTokens)
        json.field("generated_tokens", options.generatedTokens)
        json.key(HardwareInput.field)
        HardwareInput.writeCanonical(options.accelerator, roofline: true, to: &json)
        json.field("weight_dtype", options.types.weights.rawValue)
        json.field("activation_dtype", options.types.activations.rawValue)
        json.field("kv_cache_dtype", options.types.kvCache.rawValue)
        json.field("flash_attention", options.flashAttention)
        json.field("causal", options.causal)
        json.field("prefill_logits", options.prefillLogits.rawValue)
        json.object("tensor_parallel") { json in json.field("degree", options.tensorParallel) }
        json.object("efficiency") { json in
            json.field("compute", options.efficiency.compute)
            json.field("bandwidth", options.efficiency.bandwidth)
            json.field("kernel_overhead_seconds", options.efficiency.kernelOverheadSeconds)
        }
        json.field(HeadroomField.name, options.headroom)
        json.object("batch_sweep") { json in json.field("max_batch", options.sweepMaxBatch) }
        json.object("serving") { json in
            json.field("gpu_memory_utilization", options.serving.gpuMemoryUtilization)
            json.field("free_gpu_memory_fraction", options.serving.freeGPUMemoryFraction)
        }
        json.optionalObject("training", options.training) { json, training in
            json.field("sequence_length", training.sequenceLength)
            json.field("batch_size", training.batchSize)
            json.field("optimizer", training.optimizer.rawValue)
            json.field("activation_recompute", training.recompute.rawValue)
            json.field("flash_attention", training.flashAttention)
            json.field("dropout", training.dropout)
        }
        json.endObject()
    }

    // MARK: - Computing

    static func compute(_ spec: ModelSpec, _ options: Options) throws(EstimationError) -> Result {
        try InferenceEstimator.estimate(spec, options)
    }

    static func describe(_ options: Options, to scenario: inout Scenario) {
        scenario.set("batch_size", options.batchSize)
        scenario.set("prompt_tokens", options.promptTokens)
        scenario.set("generated_tokens", options.generatedTokens)
        let types = options.types
        scenario.set(
            "dtypes",
            "weights \(types.weights.rawValue), activations \(types.activations.rawValue), "
                + "KV cache \(types.kvCache.rawValue)")
        scenario.set("flash_attention", options.flashAttention)
        scenario.set("causal", options.causal)
        scenario.set("prefill_logits", options.prefillLogits.rawValue)
        let link = options.accelerator.interconnect.map {
            ", link " + TextReport.fixed($0.bandwidthBytesPerSecond / 1e9, places: 1) + " GB/s each way"
        } ?? ""
        scenario.set("tensor_parallel", "\(options.tensorParallel) GPU\(options.tensorParallel == 1 ? "" : "s")" + link)
        let efficiency = options.efficiency
        scenario.set(
            "efficiency",
            "compute \(TextReport.fixed(efficiency.compute, places: 2)), bandwidth \(TextReport.fixed(efficiency.bandwidth, places: 2)), "
                + "\(TextReport.fixed(efficiency.kernelOverheadSeconds * 1e6, places: 2)) µs per kernel")
        scenario.set(options.accelerator, headroom: options.headroom)
    }

    static func chart(_ spec: ModelSpec, _ options: Options, _ result: Result) throws(EstimationError) -> (any SVGChart)? {
        InferenceChart.figure(spec, options, result)
    }

    static func writeResult(_ result: Result, to json: inout JSONWriter) {
        InferenceResultCoding.write(result, to: &json)
    }

    static func renderText(_ result: Result, to report: inout TextReport) {
        InferenceTextReport.render(result, to: &report)
    }
}
