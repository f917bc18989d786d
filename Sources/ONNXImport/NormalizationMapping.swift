import Estimation

extension LayerMapping {
    /// Batch norm over dimension 1: its scale and bias are parameters (the running mean and
    /// variance are buffers), unless both are constants (`affine=False`).
    mutating func batchNormalization() throws(ONNXImportError) -> Activation {
        let input = try channelsFirst()
        let scale = try node.requiredHeld(1, "scale")
        let bias = try node.requiredHeld(2, "bias")
        try expect(scale, bias, values: input.full[1], "scale and bias")
        let affine = scale.learned || bias.learned
        return try emit(
            .batchNorm(BatchNorm(affine: affine)), [input], natural: input.perSample, full: input.full,
            weights: affine ? [scale, bias] : [])
    }

    /// Group and instance norm over dimension 1 (an instance norm is a group norm of one channel per group).
    mutating func groupNormalization() throws(ONNXImportError) -> Activation {
        let input = try channelsFirst()
        let channels = input.full[1]
        let groups = node.opType == "InstanceNormalization" ? channels : try node.int("num_groups") ?? 0
        guard groups >= 1, channels % groups == 0 else { throw node.invalid("has \(groups) groups for \(channels) channels") }
        let scale = try node.requiredHeld(1, "scale")
        let bias = try node.requiredHeld(2, "bias")
        guard scale.elementCount == channels else {
            throw node.unsupported("has a scale of \(scale.elementCount) values for \(channels) channels; Abacus reads a scale per channel (opset 21's GroupNormalization)")
        }
        try expect(scale, bias, values: channels, "scale and bias")
        let affine = scale.learned || bias.learned
        return try emit(
            .groupNorm(GroupNorm(groups: groups, affine: affine)), [input], natural: input.perSample, full: input.full,
            weights: affine ? [scale, bias] : [])
    }

    /// Layer norm over the dimensions from `axis` on; a scale of ones and a bias of zeros that the
    /// exporter made up (`elementwise_affine=False`, `bias=False`) are constants, not parameters.
    mutating func layerNormalization() throws(ONNXImportError) -> Activation {
        let input = try node.activation(0)
        let axis = try perSampleAxis(try node.int("axis", default: -1), of: input.full)
        let normalized = Array(input.perSample[axis...])
        let scale = try node.requiredHeld(1, "scale")
        let bias = try node.held(2, "bias")
        let count = Shapes.elementCount(normalized) ?? 0
        guard scale.elementCount == count, bias.map({ $0.elementCount == count }) ?? true else {
            throw node.invalid("has a scale or bias that does not match the normalised shape \(ONNXText.shape(normalized))")
        }
        let hasBias = bias.map { $0.learned || !$0.isZero } ?? false
        let norm = LayerNorm(
            normalizedShape: normalized.count == 1 ? nil : normalized, elementwiseAffine: scale.learned, bias: hasBias)
        let weights = scale.learned ? [scale] + (hasBias ? bias.map { [$0] } ?? [] : []) : []
        return try emit(.layerNorm(norm), [input], natural: input.perSample, full: input.full, weights: weights)
    }

    /// A value with the batch first and channels second (`[1, C, …]`), as normalisations over
    /// channels read it.
    private func channelsFirst() throws(ONNXImportError) -> Activation {
        let input = try node.activation(0)
        guard input.full.count >= 2, input.full[0] == 1 else {
            throw node.unsupported("normalises a \(ONNXText.shape(input.full)) tensor; Abacus reads [1, C, …] (one sample, channels first)")
        }
        return input
    }

    private func expect(_ scale: HeldTensor, _ bias: HeldTensor, values: Int, _ what: String) throws(ONNXImportError) {
        guard scale.elementCount == values, bias.elementCount == values else {
            throw node.invalid("has a \(what) of \(scale.elementCount) and \(bias.elementCount) values for \(values) channels")
        }
    }
}
