/// How a training run is split over GPUs (Megatron-LM's 3-D parallelism plus ZeRO).
///
/// Placement this service assumes (Megatron-LM): layers are cut into `pipeline` contiguous stages,
/// the first `layers mod pipeline` stages taking one extra layer; the token and position embeddings
/// (and an embedding projection and norm) sit on the first stage, the final norm and output head on
/// the last; with a tied head and more than one stage the last stage keeps its own copy of the
/// embedding matrix. Inside a stage every matrix and bias (and the router) is split over `tensor`
/// ranks, rounding up; norms are replicated on every tensor rank. Memory is reported for the most
/// loaded stage.
public struct Parallelism: Hashable, Sendable {
    /// `N`: data-parallel replicas [parallelism.data].
    public var data: Int
    /// `t`: tensor-parallel ranks; must divide the query and key/value heads [parallelism.tensor].
    public var tensor: Int
    /// `p`: pipeline stages, at most the layer count [parallelism.pipeline].
    public var pipeline: Int
    /// Megatron sequence parallelism: the activations tensor parallelism leaves whole are split
    /// over the sequence too [parallelism.sequence_parallel].
    public var sequenceParallel: Bool
    /// ZeRO stage 0-3 over the `data` ranks: 1 shards master weights and optimizer states, 2 also
    /// gradients, 3 also the weights [parallelism.zero_stage].
    public var zeroStage: Int
    /// `m`: micro-batches per step. With 1F1B the first stage holds `min(p, m)` of them in flight;
    /// nil means at least `p` (the usual setting, and the most memory) [parallelism.micro_batches].
    public var microBatches: Int?

    public init(
        data: Int = 1, tensor: Int = 1, pipeline: Int = 1, sequenceParallel: Bool = false,
        zeroStage: Int = 0, microBatches: Int? = nil
    ) {
        self.data = data
        self.tensor = tensor
        self.pipeline = pipeline
        self.sequenceParallel = sequenceParallel
        self.zeroStage = zeroStage
        self.microBatches = microBatches
    }

    /// GPUs the layout occupies, `data × tensor × pipeline`; nil when that exceeds `Int` (each
    /// degree is at most 2^20 once validated, so a valid layout always has a count).
    public var gpus: Int? {
        (CheckedInt(data) * CheckedInt(tensor) * CheckedInt(pipeline)).value
    }

    /// Micro-batches stage `stage` (0-based) holds in flight under 1F1B: `min(p − stage, m)`.
    func inFlightMicroBatches(stage: Int) -> Int {
        let warmup = pipeline - stage
        return microBatches.map { Swift.min(warmup, $0) } ?? warmup
    }

    /// Layer indices of stage `stage`: contiguous, the first `l mod p` stages one layer longer.
    func layers(ofStage stage: Int, layers: Int) -> Range<Int> {
        let (base, extra) = layers.quotientAndRemainder(dividingBy: pipeline)
        let start = stage * base + Swift.min(stage, extra)
        return start..<(start + base + (stage < extra ? 1 : 0))
    }

    /// The ranges; with a spec also the pipeline against its layers and the tensor degree against
    /// its heads.
    func validate(for spec: ModelSpec?, into validation: inout FieldValidation) {
        validation.require(data, in: OptionLimits.parallelDegree, field: "parallelism.data")
        validation.require(tensor, in: OptionLimits.parallelDegree, field: "parallelism.tensor")
        let stages = spec.map { 1...Swift.max(1, $0.layers) } ?? OptionLimits.parallelDegree
        validation.require(pipeline, in: stages, field: "parallelism.pipeline")
        validation.require(zeroStage, in: 0...3, field: "parallelism.zero_stage")
        if let microBatches {
            validation.require(microBatches, in: OptionLimits.microBatches, field: "parallelism.micro_batches")
        }
        guard let spec, let issue = Self.headsIssue(spec, tensor: tensor) else { return }
        validation.fail("parallelism.tensor", issue)
    }

    /// Why `tensor` ranks cannot split `spec`'s heads evenly, or nil when they can.
    static func headsIssue(_ spec: ModelSpec, tensor: Int) -> String? {
        let heads = AttentionShape(spec)
        guard tensor > 1, heads.heads % tensor != 0 || heads.keyValueHeads % tensor != 0 else { return nil }
        return "must divide the \(heads.heads) query heads and \(heads.keyValueHeads) key/value heads, "
            + "so that every tensor-parallel rank holds whole heads, got \(tensor)"
    }
}
