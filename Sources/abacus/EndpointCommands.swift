import ArgumentParser
import HTTPCore

/// Every estimate route's command, one line each: `Abacus` lists them, and a test checks that every
/// route the service registers (`EstimateEndpoints.all`) has one here.
enum EndpointCommands {
    static let all: [ParsableCommand.Type] = [
        EstimateCommand.self, ParametersCommand.self, MemoryCommand.self, FlopsCommand.self,
        TrainingTimeCommand.self, KVCacheCommand.self, NetworkCommand.self, ScalingCommand.self,
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
    @OptionGroup var recompute: RecomputeFlag
    @OptionGroup var causal: CausalFlag
    @OptionGroup var parallelism: ParallelismFlags
    @OptionGroup var hardware: HardwareFlags
    @OptionGroup var headroom: HeadroomFlag
    @OptionGroup var kvCache: KVCacheFlags
    @OptionGroup var trainingTime: TrainingTimeFlags
    @OptionGroup var gate: FitGateFlag
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] {
        [model, batchSize, sequenceLength, training, recompute, causal, parallelism, hardware, headroom, kvCache, trainingTime]
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
    @OptionGroup var recompute: RecomputeFlag
    @OptionGroup var parallelism: ParallelismFlags
    @OptionGroup var hardware: HardwareFlags
    @OptionGroup var headroom: HeadroomFlag
    @OptionGroup var gate: FitGateFlag
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] { [model, batchSize, sequenceLength, training, recompute, parallelism, hardware, headroom] }
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
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] { [model, sequenceLength, recompute, causal, hardware, trainingTime] }
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
    @OptionGroup var hardware: HardwareFlags
    @OptionGroup var headroom: HeadroomFlag
    @OptionGroup var gate: FitGateFlag
    @OptionGroup var output: OutputFlags

    var requestFlags: [any RequestFlags] { [model, batchSize, sequenceLength, kvCache, hardware, headroom] }
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
