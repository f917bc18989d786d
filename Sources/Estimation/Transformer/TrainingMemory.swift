/// Training memory per GPU: model states (weights, gradients, master weights, optimizer states)
/// sharded as `Parallelism` describes, plus activations, logits and the embedding's dropout mask.
public enum TrainingMemory {
    /// Validates the spec (through `ParameterCounter`), then `options`.
    public static func estimate(
        _ spec: ModelSpec, _ options: TrainingMemoryOptions
    ) throws(EstimationError) -> TrainingMemoryEstimate {
        try estimate(CountedSpec(spec), options)
    }

    /// For a spec already validated and counted: validates `options`.
    public static func estimate(
        _ counted: CountedSpec, _ options: TrainingMemoryOptions
    ) throws(EstimationError) -> TrainingMemoryEstimate {
        let spec = counted.spec
        let parameters = counted.parameters
        try options.validate(for: spec)
        let placement = StagePlacement(spec: spec, parameters: parameters, tensor: options.parallelism.tensor)
        let activations = ActivationMemory(
            spec: spec, b: CheckedInt(options.batchSize), s: CheckedInt(options.sequenceLength),
            elementBytes: CheckedInt(options.optimizer.activationBytes), dropout: options.dropout,
            flashAttention: options.flashAttention, tensor: options.parallelism.tensor,
            sequenceParallel: options.parallelism.sequenceParallel)
        // The same for every stage (up to `layers` of them), so computed once per layer kind. With
        // `full` it is the one layer being recomputed.
        let layerBytes = spec.layout.distinctKinds.map { run in
            (kind: run.kind, bytes: activations.perLayer(run.kind, withoutQuadratic: options.recompute == .selective))
        }

        var heaviest: TrainingMemoryEstimate?
        for stage in 0..<options.parallelism.pipeline {
            let estimate = try stageEstimate(
                stage, spec: spec, options: options, placement: placement, activations: activations,
                layerBytes: layerBytes, parameters: parameters.total)
            if estimate.perGPU.total > heaviest?.perGPU.total ?? -1 { heaviest = estimate }
        }
        guard let heaviest else {
            throw EstimationError(field: "parallelism.pipeline", message: "must be at least 1")
        }
        return heaviest
    }

    /// Activation bytes one layer of each kind keeps on a tensor rank.
    private typealias LayerBytes = [(kind: LayerKind, bytes: CheckedInt)]

    private static func stageEstimate(
        _ stage: Int, spec: ModelSpec, options: TrainingMemoryOptions, placement: StagePlacement,
        activations: ActivationMemory, layerBytes: LayerBytes, parameters: Int
    ) throws(EstimationError) -> TrainingMemoryEstimate {
        let parallelism = options.parallelism
        let layers = parallelism.layers(ofStage: stage, layers: spec.layers)
        let isFirst = stage == 0
        let isLast = stage == parallelism.pipeline - 1
        let stageParameters = placement.parametersPerRank(layers: layers, first: isFirst, last: isLast)

        // ZeRO shards a flat buffer over the data-parallel ranks; the last rank's share is rounded up.
        // Stage 1 shards master weights and optimizer states, 2 also gradients, 3 also weights.
        func sharded(_ value: CheckedInt, from zeroStage: Int) -> CheckedInt {
            parallelism.zeroStage >= zeroStage ? value.dividedRoundingUp(by: parallelism.data) : value
        }
        let parts = options.optimizer.parts
        let weights = sharded(stageParameters * CheckedInt(parts.weights), from: 3)
        let gradients = sharded(stageParameters * CheckedInt(parts.gradients), from: 2)
        let master = sharded(stageParameters * CheckedInt(parts.masterWeights), from: 1)
        let optimizerStates = sharded(stageParameters * CheckedInt(parts.optimizerStates), from: 1)

        let inFlight = parallelism.inFlightMicroBatches(stage: stage)
        let stageKinds = spec.layout.distinctKinds(in: layers).map { run in
            (count: CheckedInt(run.count), bytes: layerBytes.first { $0.kind == run.kind }?.bytes ?? 0)
        }
        let stored: CheckedInt
        switch options.recompute {
        case .none, .selective:
            let perMicroBatch = stageKinds.reduce(CheckedInt(0)) { $0 + $1.count * $1.bytes }
            stored = CheckedInt(inFlight) * perMicroBatch
        case .full:
            // Every layer keeps its input per micro-batch; one layer at a time is recomputed.
            let recomputing = stageKinds.reduce(CheckedInt(0)) { CheckedInt.max($0, $1.bytes) }
            stored = CheckedInt(inFlight) * CheckedInt(layers.count) * activations.layerInput + recomputing
        }
        let embeddingDropout = isFirst ? CheckedInt(inFlight) * activations.embeddingDropout : 0
        let logits = isLast ? activations.logits : 0

        let modelStates = weights + gradients + master + optimizerStates
        let activationField = "sequence_length"
        let modelField = "optimizer"
        let perGPU = TrainingMemoryEstimate.PerGPU(
            weights: try weights.resolve(field: modelField),
            gradients: try gradients.resolve(field: modelField),
            masterWeights: try master.resolve(field: modelField),
            optimizerStates: try optimizerStates.resolve(field: modelField),
            activations: try stored.resolve(field: activationField),
            logits: try logits.resolve(field: activationField),
            embeddingDropout: try embeddingDropout.resolve(field: activationField),
            total: try (modelStates + stored + logits + embeddingDropout).resolve(field: activationField))
        return TrainingMemoryEstimate(
            perGPU: perGPU, bytesPerParameter: parts.total, parameters: parameters,
            parametersPerGPU: .init(
                slice: try stageParameters.resolve(field: modelField),
                weightsHeld: try sharded(stageParameters, from: 3).resolve(field: modelField),
                gradientsHeld: try sharded(stageParameters, from: 2).resolve(field: modelField),
                optimizerStatesHeld: try sharded(stageParameters, from: 1).resolve(field: modelField)),
            pipelineStage: stage,
            inFlightMicroBatches: inFlight)
    }
}
