/// `torch.nn.BatchNorm1d/2d` over dimension 0 (channels). Inference folds the statistics into one
/// scale and shift: 2 elementwise operations per value. Running statistics are buffers, not parameters.
public struct BatchNorm: Hashable, Sendable {
    public var numFeatures: Int?
    public var affine: Bool

    public init(numFeatures: Int? = nil, affine: Bool = true) {
        self.numFeatures = numFeatures
        self.affine = affine
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = context.input
        let channels = input[0]
        if let numFeatures, numFeatures != channels {
            throw context.issue("num_features", "is \(numFeatures) but the input has \(channels) channels")
        }
        let elements = elementCount(input)
        var tally = LayerTally()
        tally.parameters = affine ? CheckedInt(2 * channels) : 0
        tally.elementwiseStep(reads: elements, writes: elements, operations: 2 * elements)
        return LayerResolution(shape: input, tally: tally)
    }
}

/// `torch.nn.LayerNorm` over the trailing dimensions `normalized_shape` (the last one when absent).
/// About 5 elementwise operations per value (mean, variance, normalise, scale, shift), as /v1/flops
/// counts a transformer's norms.
public struct LayerNorm: Hashable, Sendable {
    public var normalizedShape: [Int]?
    public var elementwiseAffine: Bool
    public var bias: Bool

    public init(normalizedShape: [Int]? = nil, elementwiseAffine: Bool = true, bias: Bool = true) {
        self.normalizedShape = normalizedShape
        self.elementwiseAffine = elementwiseAffine
        self.bias = bias
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = context.input
        let trailing = normalizedShape ?? [input[input.count - 1]]
        guard !trailing.isEmpty, trailing.count <= input.count, Array(input.suffix(trailing.count)) == trailing else {
            throw context.issue(
                "normalized_shape",
                "\(LayerContext.describe(trailing)) is not the trailing dimensions of the input \(LayerContext.describe(input))")
        }
        let normalized = elementCount(trailing)
        let elements = elementCount(input)
        var tally = LayerTally()
        if elementwiseAffine { tally.parameters = bias ? 2 * normalized : normalized }
        tally.elementwiseStep(reads: elements, writes: elements, operations: 5 * elements)
        return LayerResolution(shape: input, tally: tally)
    }
}

/// `torch.nn.GroupNorm` of dimension 0 (channels) in `num_groups` groups; 5 operations per value.
public struct GroupNorm: Hashable, Sendable {
    public var groups: Int
    public var numChannels: Int?
    public var affine: Bool

    public init(groups: Int, numChannels: Int? = nil, affine: Bool = true) {
        self.groups = groups
        self.numChannels = numChannels
        self.affine = affine
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = context.input
        let channels = input[0]
        try context.positive(groups, field: "num_groups")
        if let numChannels, numChannels != channels {
            throw context.issue("num_channels", "is \(numChannels) but the input has \(channels) channels")
        }
        guard input.count >= 2, channels % groups == 0 else {
            throw context.issue("num_groups", "\(groups) groups must divide the \(channels) channels of an input with channels and positions")
        }
        let elements = elementCount(input)
        var tally = LayerTally()
        tally.parameters = affine ? CheckedInt(2 * channels) : 0
        tally.elementwiseStep(reads: elements, writes: elements, operations: 5 * elements)
        return LayerResolution(shape: input, tally: tally)
    }
}

extension ActivationFunction {
    /// One operation per value whatever the function (its cost differs by a small factor between
    /// ReLU and GELU on real hardware); softmax 5, as /v1/flops counts it.
    var operationsPerValue: Int { self == .softmax ? 5 : 1 }

    func resolve(_ context: LayerContext) -> LayerResolution {
        let elements = elementCount(context.input)
        var tally = LayerTally()
        tally.elementwiseStep(reads: elements, writes: elements, operations: CheckedInt(operationsPerValue) * elements)
        return LayerResolution(shape: context.input, tally: tally)
    }
}
