/// transformers' training step `out = model(**batch); out.loss.backward()` on one GPU (pipeline and
/// tensor parallelism are refused under this framework): what stays saved when the forward pass
/// ends, and the highest allocation of the step (docs/training-memory.md, "The peak").
///
/// Saved: every layer's tensors (`TransformersActivations.layer`), or with full recompute
/// (gradient checkpointing) each layer's input and the arguments every layer shares, plus the
/// embedding's, the final norm's and the output head's; the logits and the loss's.
///
/// The peak is the highest of these moments, each the tensors alive then plus what the step
/// allocates on top:
/// - the loss's forward: its fp32 copy of the logits, `4·T·V` (none when the model is fp32);
/// - the loss's backward: the fp32 gradients of the log-softmax and of the logits, `8·T·V`, the
///   labels freed;
/// - the output head's backward: the log-softmax freed, the logits' 16-bit gradient `e·T·V`, the
///   head's weight gradient `e·V·d` and its input gradient `e·T·d`;
/// - each layer's backward, last layer first: the layers below it whole, its own saved tensors still
///   alive and its backward's transients (`LayerTensors.points`), the gradient flowing in `e·T·d`,
///   and with a tied head its weight gradient `e·V·d`, which waits for the embedding's; under full
///   recompute the layer is first recomputed whole, the layers below keeping their inputs;
/// - the embedding's backward: the logits `out` keeps, the embedding's weight gradient `e·V·d` and
///   its input gradient `e·T·d`, or with a tied head the two weight gradients and their sum.
struct TransformersStep: StageActivations {
    let spec: ModelSpec
    let options: TrainingMemoryOptions
    let tensors: TransformersActivations

    init(spec: ModelSpec, options: TrainingMemoryOptions) {
        self.spec = spec
        self.options = options
        tensors = TransformersActivations(
            spec: spec, batch: options.batchSize, sequence: options.sequenceLength,
            elementBytes: options.optimizer.activationBytes, fusedAttention: options.flashAttention,
            dropout: options.dropout)
    }

    func stage(layers: Range<Int>, first: Bool, last: Bool, inFlight: Int) -> StageStep {
        let recompute = options.recompute == .full
        let e = CheckedInt(options.optimizer.activationBytes)
        let t = CheckedInt(options.batchSize) * CheckedInt(options.sequenceLength)
        let d = CheckedInt(spec.hiddenSize)
        let vocabulary = CheckedInt(spec.vocabSize)
        let headWidth = CheckedInt(spec.embeddingProjection > 0 ? spec.embeddingProjection : spec.hiddenSize)
        let vocabularyMatrix = e * vocabulary * headWidth

        let runs = spec.layout.runs
        let kinds = spec.layout.distinctKinds.map(\.kind)
        let perKind = kinds.map { tensors.layer($0) }
        func account(_ kind: LayerKind) -> LayerTensors {
            perKind[kinds.firstIndex(of: kind) ?? 0]
        }
        // What each layer keeps until its backward: all it saved, or its input under recompute.
        let kept = runs.map { run in recompute ? tensors.layerInput : account(run.kind).bytes }
        let layersKept = zip(runs, kept).reduce(CheckedInt(0)) { $0 + CheckedInt($1.0.count) * $1.1 }
        let arguments = recompute ? tensors.checkpointArguments.bytes : 0
        let embeddingSide = tensors.embedding.bytes
        let activations = layersKept + arguments + embeddingSide + tensors.head.bytes
        let logits = tensors.logits
        let embeddingDropout = tensors.embeddingDropout
        let saved = activations + logits.bytes + embeddingDropout

        let logSoftmax = 4 * t * vocabulary
        let targets = tensors.lossTargets
        let tiedHold = spec.tiedEmbeddings ? vocabularyMatrix : 0
        // After the output head's backward: the layers' and the embedding's tensors, the dropout
        // mask, the logits `out` keeps and the loss value, a tied head's weight gradient.
        let afterHead = layersKept + arguments + embeddingSide + embeddingDropout + e * t * vocabulary + 4 + tiedHold

        var candidates: [(bytes: CheckedInt, moment: PeakMoment)] = [
            (saved - targets + 2 * logSoftmax, .lossBackward),
            (saved - logSoftmax - targets + e * t * vocabulary + vocabularyMatrix + e * t * headWidth,
             .outputLayerBackward),
            (e * t * vocabulary + 4 + (spec.tiedEmbeddings ? 3 * vocabularyMatrix : vocabularyMatrix + e * t * d),
             .embeddingBackward),
        ]
        if e != 4 { candidates.append((saved + logSoftmax, .lossForward)) }
        // Layers from the last: those above are freed, this one at its peak, the gradient flowing in.
        var above: CheckedInt = 0
        for (run, keeps) in zip(runs, kept).reversed() {
            let count = CheckedInt(run.count)
            // Recomputed, a layer saves its input again only where it saves a copy of it.
            let layer = account(run.kind)
            let layerPeak = layer.peak + (recompute ? keeps - layer.layerInput : 0)
            let moment: PeakMoment = recompute ? .recomputedLayerBackward : .layerBackward
            candidates.append((afterHead - above - keeps + layerPeak + e * t * d, moment))
            above = above + count * keeps
        }
        let peak = highest(candidates[0], Array(candidates.dropFirst()))
        return StageStep(activations: activations, logits: logits.bytes, embeddingDropout: embeddingDropout, peak: peak)
    }
}

extension TrainingMemory {
    /// Whether `framework: "huggingface"` takes a layer of `kind` from Megatron's terms rather than
    /// counting transformers' tensors (recurrent mixers, latent attention).
    public static func isApproximated(_ kind: LayerKind, in spec: ModelSpec) -> Bool {
        TransformersActivations.isApproximated(kind, in: spec)
    }
}
