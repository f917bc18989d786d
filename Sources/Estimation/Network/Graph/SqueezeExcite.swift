/// Squeeze-and-excitation (torchvision's `SqueezeExcitation`, pycls's `SE`): global average pool,
/// 1×1 convolution to `squeeze_channels` with bias, activation, 1×1 convolution back with bias,
/// gate, and the input scaled by the gate. The output has the input's shape.
public struct SqueezeExcite: Hashable, Sendable {
    public var squeezeChannels: Int
    public var activation: ActivationFunction
    public var gate: ActivationFunction

    public init(squeezeChannels: Int, activation: ActivationFunction = .relu, gate: ActivationFunction = .sigmoid) {
        self.squeezeChannels = squeezeChannels
        self.activation = activation
        self.gate = gate
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = try context.input(rank: 3, "[channels, height, width]")
        try context.positive(squeezeChannels, field: "squeeze_channels")
        let channels = input[0]
        let elements = elementCount(input)
        let squeezed = CheckedInt(squeezeChannels)
        var tally = LayerTally()
        tally.elementwiseStep(reads: elements, writes: CheckedInt(channels), operations: elements)
        tally.dense(rows: 1, inputs: channels, outputs: squeezeChannels, bias: true)
        tally.elementwiseStep(reads: squeezed, writes: squeezed, operations: CheckedInt(activation.operationsPerValue) * squeezed)
        tally.dense(rows: 1, inputs: squeezeChannels, outputs: channels, bias: true)
        tally.elementwiseStep(reads: CheckedInt(channels), writes: CheckedInt(channels), operations: CheckedInt(channels))
        tally.elementwiseStep(reads: elements + CheckedInt(channels), writes: elements, operations: elements)
        return LayerResolution(shape: input, tally: tally)
    }
}
