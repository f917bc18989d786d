import ArgumentParser
import HTTPCore

/// Every estimate route's command, one line each: `Abacus` lists them, and a test checks that every
/// route the service registers (`EstimateEndpoints.all`) has one here.
enum EndpointCommands {
    static let all: [ParsableCommand.Type] = [
        EstimateCommand.self, ParametersCommand.self, MemoryCommand.self, FlopsCommand.self,
        TrainingTimeCommand.self, KVCacheCommand.self, RooflineCommand.self, InferenceCommand.self, FitsCommand.self,
        NetworkCommand.self, ScalingCommand.self,
    ]
}

/// `abacus estimate`: every section of a transformer's estimate at once.
struct EstimateCommand: EndpointCommand {
    static let path = "/v1/estimate"
    static let configuration = routeConfiguration(
        "estimate", abstract: "Print every estimate for a model, without a server.",
        discussion: "The training-time section needs --tokens and --hardware.")

    @OptionGroup var model: TransformerFlags
    @OptionGroup var batchSize: BatchSizeFlag
    @OptionGroup var sequenceLength: SequenceLengthFlag
    @OptionGroup var training: TrainingFlags
    @OptionGroup var flashAttention: FlashAttentionFlag
    @OptionGroup var recompute: RecomputeFlag
    @OptionGroup var causal: CausalFlag
    @OptionGroup var parallelism: ParallelismFlags
    @OptionGroup var hardware: HardwareFlags
    @OptionGroup var headroom: HeadroomFlag
    @OptionGroup var kvCache: KVCacheFlags
    @OptionGroup var weightDtype: WeightDTypeFlag
    @OptionGroup var trainingTime: TrainingTimeFlags
    @OptionGroup var precision: PrecisionFlag
    @OptionGroup var gate: FitGateFlag
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] {
        [
            model, batchSize, sequenceLength, training, flashAttention, recompute, causal, parallelism, hardware, headroom, kvCache,
            weightDtype, trainingTime, precision,
        ]
    }
    var requiresFit: Bool { gate.requireFit }
}

/// `abacus params`.
struct ParametersCommand: EndpointCommand {
    static let path = "/v1/parameters"
    static let configuration = routeConfiguration("params", abstract: "Print a model's exact parameter count, by component.")

    @OptionGroup var model: TransformerFlags
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] { [model] }
}

/// `abacus memory`.
struct MemoryCommand: EndpointCommand {
    static let path = "/v1/memory/training"
    static let configuration = routeConfiguration(
        "memory", abstract: "Print the training memory per GPU, and whether it fits on --hardware.")

    @OptionGroup var model: TransformerFlags
    @OptionGroup var batchSize: BatchSizeFlag
    @OptionGroup var sequenceLength: SequenceLengthFlag
    @OptionGroup var training: TrainingFlags
    @OptionGroup var flashAttention: FlashAttentionFlag
    @OptionGroup var recompute: RecomputeFlag
    @OptionGroup var parallelism: ParallelismFlags
    @OptionGroup var hardware: HardwareFlags
    @OptionGroup var headroom: HeadroomFlag
    @OptionGroup var gate: FitGateFlag
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] {
        [model, batchSize, sequenceLength, training, flashAttention, recompute, parallelism, hardware, headroom]
    }
    var requiresFit: Bool { gate.requireFit }
}

/// `abacus flops`.
struct FlopsCommand: EndpointCommand {
    static let path = "/v1/flops"
    static let configuration = routeConfiguration("flops", abstract: "Print the FLOPs of a forward and a training step.")

    @OptionGroup var model: TransformerFlags
    @OptionGroup var batchSize: BatchSizeFlag
    @OptionGroup var sequenceLength: SequenceLengthFlag
    @OptionGroup var causal: CausalFlag
    @OptionGroup var recompute: RecomputeFlag
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] { [model, batchSize, sequenceLength, causal, recompute] }
}

/// `abacus training-time`.
struct TrainingTimeCommand: EndpointCommand {
    static let path = "/v1/training-time"
    static let configuration = routeConfiguration(
        "training-time", abstract: "Print how long training on --tokens takes on --hardware.")

    @OptionGroup var model: TransformerFlags
    @OptionGroup var sequenceLength: SequenceLengthFlag
    @OptionGroup var recompute: RecomputeFlag
    @OptionGroup var causal: CausalFlag
    @OptionGroup var hardware: HardwareFlags
    @OptionGroup var trainingTime: TrainingTimeFlags
    @OptionGroup var precision: PrecisionFlag
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] { [model, sequenceLength, recompute, causal, hardware, trainingTime, precision] }
}

/// `abacus kv-cache`.
struct KVCacheCommand: EndpointCommand {
    static let path = "/v1/kv-cache"
    static let configuration = routeConfiguration(
        "kv-cache", abstract: "Print the KV cache's bytes, and with --hardware how much of it fits beside the weights.")

    @OptionGroup var model: TransformerFlags
    @OptionGroup var batchSize: BatchSizeFlag
    @OptionGroup var sequenceLength: SequenceLengthFlag
    @OptionGroup var kvCache: KVCacheFlags
    @OptionGroup var weightDtype: WeightDTypeFlag
    @OptionGroup var hardware: HardwareFlags
    @OptionGroup var headroom: HeadroomFlag
    @OptionGroup var gate: FitGateFlag
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] { [model, batchSize, sequenceLength, kvCache, weightDtype, hardware, headroom] }
    var requiresFit: Bool { gate.requireFit }
}

/// `abacus roofline`.
struct RooflineCommand: EndpointCommand {
    static let path = "/v1/roofline"
    static let configuration = routeConfiguration(
        "roofline", abstract: "Place operators on an accelerator's roofline: bound, fraction of peak and time of each.",
        discussion: "Needs --hardware (or --hardware-spec) and operators, from --operators, --operator or both.")

    @OptionGroup var hardware: HardwareFlags
    @OptionGroup var precision: PrecisionFlag
    @OptionGroup var operators: OperatorFlags
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] { [hardware, precision, operators] }
}

/// `abacus inference`.
struct InferenceCommand: EndpointCommand {
    static let path = "/v1/inference"
    static let configuration = routeConfiguration(
        "inference", abstract: "Print serving a model on --hardware: prefill and decode on the roofline, latencies, memory, what fits.",
        discussion: "Needs --hardware (or --hardware-spec). Any --training-… flag adds the training fit.")

    @OptionGroup var model: TransformerFlags
    @OptionGroup var batchSize: BatchSizeFlag
    @OptionGroup var inference: InferenceFlags
    @OptionGroup var weightDtype: WeightDTypeFlag
    @OptionGroup var flashAttention: FlashAttentionFlag
    @OptionGroup var causal: CausalFlag
    @OptionGroup var hardware: HardwareFlags
    @OptionGroup var headroom: HeadroomFlag
    @OptionGroup var efficiency: EfficiencyFlags
    @OptionGroup var serving: ServingFlags
    @OptionGroup var trainingFit: TrainingFitFlags
    @OptionGroup var gate: FitGateFlag
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] {
        [model, batchSize, inference, weightDtype, flashAttention, causal, hardware, headroom, efficiency, serving, trainingFit]
    }
    var requiresFit: Bool { gate.requireFit }
}

/// `abacus fits`.
struct FitsCommand: EndpointCommand {
    static let path = "/v1/fits"
    static let configuration = routeConfiguration(
        "fits", abstract: "Print which models train on which accelerators: memory per GPU against each one's.",
        discussion: "Give each model with --model and each accelerator with --hardware; the training flags are one scenario for all.")

    @OptionGroup var grid: FitsGridFlags
    @OptionGroup var batchSize: BatchSizeFlag
    @OptionGroup var sequenceLength: SequenceLengthFlag
    @OptionGroup var training: TrainingFlags
    @OptionGroup var flashAttention: FlashAttentionFlag
    @OptionGroup var recompute: RecomputeFlag
    @OptionGroup var parallelism: ParallelismFlags
    @OptionGroup var headroom: HeadroomFlag
    @OptionGroup var gate: FitGateFlag
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] {
        [grid, batchSize, sequenceLength, training, flashAttention, recompute, parallelism, headroom]
    }
    var requiresFit: Bool { gate.requireFit }
}

/// `abacus network`.
struct NetworkCommand: EndpointCommand {
    static let path = "/v1/network"
    static let configuration = routeConfiguration(
        "network", abstract: "Print a convolutional network's counts layer by layer, and with --hardware its roofline.")

    @OptionGroup var network: NetworkSubjectFlags
    @OptionGroup var onnx: ONNXFlag
    @OptionGroup var options: NetworkFlags
    @OptionGroup var hardware: HardwareFlags
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] { onnx.onnx == nil ? [network, options, hardware] : [options, hardware] }

    func validate() throws {
        guard network.isGiven != (onnx.onnx != nil) else {
            throw ValidationError("Give exactly one network: a preset name, --spec or --onnx.")
        }
    }

    func upload() throws -> (body: [UInt8], contentType: MediaType)? {
        try onnx.model().map { ($0, .onnx) }
    }
}

/// `abacus scaling`.
struct ScalingCommand: EndpointCommand {
    static let path = "/v1/scaling"
    static let configuration = routeConfiguration(
        "scaling", abstract: "Scale a network built from stages by a FLOPs multiplier, and count both.")

    @OptionGroup var network: NetworkSubjectFlags
    @OptionGroup var scaling: ScalingFlags
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] { [network, scaling] }
}
