/// Megatron-LM's accounting of a pipeline stage (Korthikanti et al. 2022, `ActivationMemory`): every
/// micro-batch in flight keeps its layers' activations (or, with full recompute, their inputs and
/// one layer recomputed at a time), the first stage the embedding's dropout mask, the last stage
/// the fp32 logits of the fused cross entropy.
///
/// The step's peak adds the larger of two transients, modelled rather than measured: on the last
/// stage the 16-bit gradient of the logits, `e·b·s·V / t` (the fused cross entropy turns its stored
/// fp32 softmax into the logits' gradient in place); and a layer's backward, which allocates the
/// gradients of what the layer stored, at most its stored bytes (the heaviest kind on the stage).
struct MegatronStages: StageActivations {
    let spec: ModelSpec
    let options: TrainingMemoryOptions
    let activations: ActivationMemory
    /// The bytes one layer of each kind keeps on a tensor rank; with `full` recompute, the one
    /// layer being recomputed.
    let layerBytes: [(kind: LayerKind, bytes: CheckedInt)]

    init(spec: ModelSpec, options: TrainingMemoryOptions) {
        self.spec = spec
        self.options = options
        activations = ActivationMemory(
            spec: spec, b: CheckedInt(options.batchSize), s: CheckedInt(options.sequenceLength),
            elementBytes: CheckedInt(options.optimizer.activationBytes), dropout: options.dropout,
            flashAttention: options.flashAttention, tensor: options.parallelism.tensor,
            sequenceParallel: options.parallelism.sequenceParallel)
        // The same for every stage, so computed once per layer kind.
        let activations = self.activations
        layerBytes = spec.layout.distinctKinds.map { run in
            (kind: run.kind, bytes: activations.perLayer(run.kind, withoutQuadratic: options.recompute == .selective))
        }
    }

    func stage(layers: Range<Int>, first: Bool, last: Bool, inFlight: Int) -> StageStep {
        let stageKinds = spec.layout.distinctKinds(in: layers).map { run in
            (count: CheckedInt(run.count), bytes: layerBytes.first { $0.kind == run.kind }?.bytes ?? 0)
        }
        let heaviestLayer = stageKinds.reduce(CheckedInt(0)) { CheckedInt.max($0, $1.bytes) }
        let stored: CheckedInt
        switch options.recompute {
        case .none, .selective:
            let perMicroBatch = stageKinds.reduce(CheckedInt(0)) { $0 + $1.count * $1.bytes }
            stored = CheckedInt(inFlight) * perMicroBatch
        case .full:
            // Every layer keeps its input per micro-batch; one layer at a time is recomputed.
            stored = CheckedInt(inFlight) * CheckedInt(layers.count) * activations.layerInput + heaviestLayer
        }
        let embeddingDropout = first ? CheckedInt(inFlight) * activations.embeddingDropout : 0
        let logits = last ? activations.logits : 0
        let saved = stored + logits + embeddingDropout
        let logitsGradient = last ? activations.logitsGradient : 0
        let peak = highest(
            (saved + logitsGradient, .lossBackward), [(saved + heaviestLayer, .layerBackward)])
        return StageStep(activations: stored, logits: logits, embeddingDropout: embeddingDropout, peak: peak)
    }
}
