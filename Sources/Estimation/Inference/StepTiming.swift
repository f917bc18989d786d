/// Places a step's operators on the roofline and times it, ideal and expected, with its
/// tensor-parallel collectives.
struct StepTiming {
    let roofs: Roofs
    let vectorPeak: Double
    let efficiency: Efficiency
    let collectives: TensorParallelCollectives?

    func place(_ cost: OperatorCost) -> InferenceOperator {
        let point = roofs.place(
            matrixFlops: cost.matrixFlops, vectorFlops: cost.vectorFlops, vectorPeakFlopsPerSecond: vectorPeak,
            bytes: cost.bytes)
        return InferenceOperator(
            name: cost.name, group: cost.group, layers: cost.layers, kind: cost.kind, matrixFlops: cost.matrixFlops,
            vectorFlops: cost.vectorFlops, bytesRead: cost.bytesRead, bytesWritten: cost.bytesWritten,
            kernels: cost.kernels, point: point, expectedSeconds: efficiency.seconds(point, kernels: cost.kernels))
    }

    func phase(_ costs: [OperatorCost], _ step: InferenceStep) -> InferenceEstimate.Phase {
        var phase = InferenceEstimate.Phase(
            operators: [], prefix: Int(step.prefix), matrixFlops: 0, vectorFlops: 0, bytesRead: 0, bytesWritten: 0,
            kernels: 0, collectives: collectives?.cost(step, efficiency: efficiency), seconds: 0, expectedSeconds: 0)
        phase.operators.reserveCapacity(costs.count)
        for cost in costs {
            let placed = place(cost)
            phase.operators.append(placed)
            phase.matrixFlops += placed.matrixFlops
            phase.vectorFlops += placed.vectorFlops
            phase.bytesRead += placed.bytesRead
            phase.bytesWritten += placed.bytesWritten
            phase.kernels += placed.kernels
            phase.seconds += placed.point.seconds
            phase.expectedSeconds += placed.expectedSeconds
        }
        phase.seconds += phase.collectives?.seconds ?? 0
        phase.expectedSeconds += phase.collectives?.expectedSeconds ?? 0
        return phase
    }
}

/// Tensor parallelism's communication per step (Megatron-LM's layout): an all-reduce of the
/// hidden states after each layer's sequence mixers (attention, a recurrent mixer, or both summed)
/// and after its MLP, one after the vocabulary-parallel embedding, and an all-gather of the logits; ring algorithms, so each GPU sends `2(t−1)/t` of an
/// all-reduce's message and `(t−1)/t` of an all-gather's over its link. Nothing overlaps them
/// with compute; each is a kernel, charged the efficiency's overhead, and the link runs at the
/// efficiency's bandwidth fraction.
struct TensorParallelCollectives {
    let tensor: Double
    let linkBytesPerSecond: Double
    /// The all-reduces of a step: `InferenceLayerView.allReduces`.
    let allReduces: Int
    let hidden: Double
    let vocabulary: Double
    let activationBytes: Double

    func cost(_ step: InferenceStep, efficiency: Efficiency) -> InferenceEstimate.Collectives {
        let message = step.tokens * hidden * activationBytes
        let logits = step.batch * step.logitTokens * vocabulary * activationBytes
        let share = (tensor - 1) / tensor
        let linkBytes = Double(allReduces) * 2 * share * message + share * logits
        let seconds = linkBytes / linkBytesPerSecond
        let count = allReduces + 1
        return InferenceEstimate.Collectives(
            count: count, linkBytes: linkBytes, seconds: seconds,
            expectedSeconds: seconds / efficiency.bandwidth + Double(count) * efficiency.kernelOverheadSeconds)
    }
}
