/// Training memory per GPU: model states (weights, gradients, master weights, optimizer states)
/// sharded as `Parallelism` describes, plus what the framework keeps for the backward pass
/// (activations, logits and the embedding's dropout mask) and the step's peak on top
/// (docs/training-memory.md).
public enum TrainingMemory {
    /// Validates the spec (through `ParameterCounter`), then `options`.
    public static func estimate(
        _ spec: ModelSpec, _ options: TrainingMemoryOptions
    ) throws(EstimationError) -> TrainingMemoryEstimate {
        try estimate(CountedSpec(spec), options)
    }

    /// For a spec already validated and counted: validates `options`. Reports the pipeline stage
    /// whose peak is highest.
    public static func estimate(
        _ counted: CountedSpec, _ options: TrainingMemoryOptions
    ) throws(EstimationError) -> TrainingMemoryEstimate {
        let spec = counted.spec
        try options.validate(for: spec)
        let placement = StagePlacement(
            spec: spec, parameters: counted.parameters, tensor: options.parallelism.tensor)
        let stored: StageActivations
        switch options.framework {
        case .megatron: stored = MegatronStages(spec: spec, options: options)
        case .huggingface: stored = TransformersStep(spec: spec, options: options)
        }
        var heaviest: TrainingMemoryEstimate?
        for stage in 0..<options.parallelism.pipeline {
            let estimate = try stageEstimate(
                stage, spec: spec, options: options, placement: placement, stored: stored,
                parameters: counted.parameters.total)
            if estimate.perGPU.peak > heaviest?.perGPU.peak ?? -1 { heaviest = estimate }
        }
        guard let heaviest else {
            throw EstimationError(field: "parallelism.pipeline", message: "must be at least 1")
        }
        return heaviest
    }

    private static func stageEstimate(
        _ stage: Int, spec: ModelSpec, options: TrainingMemoryOptions, placement: StagePlacement,
        stored: StageActivations, parameters: Int
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
        let modelStates = weights + gradients + master + optimizerStates

        let inFlight = parallelism.inFlightMicroBatches(stage: stage)
        let step = stored.stage(layers: layers, first: isFirst, last: isLast, inFlight: inFlight)
        let saved = step.activations + step.logits + step.embeddingDropout
        let activationField = "sequence_length"
        let modelField = "optimizer"
        let perGPU = TrainingMemoryEstimate.PerGPU(
            weights: try weights.resolve(field: modelField),
            gradients: try gradients.resolve(field: modelField),
            masterWeights: try master.resolve(field: modelField),
            optimizerStates: try optimizerStates.resolve(field: modelField),
            activations: try step.activations.resolve(field: activationField),
            logits: try step.logits.resolve(field: activationField),
            embeddingDropout: try step.embeddingDropout.resolve(field: activationField),
            total: try (modelStates + saved).resolve(field: activationField),
            peak: try (modelStates + step.peak.bytes).resolve(field: activationField))
        return TrainingMemoryEstimate(
            perGPU: perGPU, bytesPerParameter: parts.total, parameters: parameters,
            parametersPerGPU: .init(
                slice: try stageParameters.resolve(field: modelField),
                weightsHeld: try sharded(stageParameters, from: 3).resolve(field: modelField),
                gradientsHeld: try sharded(stageParameters, from: 2).resolve(field: modelField),
                optimizerStatesHeld: try sharded(stageParameters, from: 1).resolve(field: modelField)),
            pipelineStage: stage,
            inFlightMicroBatches: inFlight,
            peakMoment: step.peak.moment)
    }
}

/// What one pipeline stage keeps for the backward pass beyond the model states, and its peak.
struct StageStep {
    var activations: CheckedInt
    var logits: CheckedInt
    var embeddingDropout: CheckedInt
    /// The highest allocation above the model states, and when.
    var peak: (bytes: CheckedInt, moment: PeakMoment)
}

/// A framework's accounting of the saved tensors and transients of a stage.
protocol StageActivations {
    func stage(layers: Range<Int>, first: Bool, last: Bool, inFlight: Int) -> StageStep
}

/// The highest of `first` and `others` (the earlier on a tie; overflowed when any overflowed).
func highest(
    _ first: (bytes: CheckedInt, moment: PeakMoment), _ others: [(bytes: CheckedInt, moment: PeakMoment)]
) -> (bytes: CheckedInt, moment: PeakMoment) {
    var best = first
    for candidate in others {
        guard let value = candidate.bytes.value, let current = best.bytes.value else { return (.overflowed, best.moment) }
        if value > current { best = candidate }
    }
    return best
}
