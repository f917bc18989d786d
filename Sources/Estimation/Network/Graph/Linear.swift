/// `torch.nn.Linear` over the last dimension of any input (a vector, or every token of a sequence).
public struct Linear: Hashable, Sendable {
    public var inFeatures: Int?
    public var outFeatures: Int
    public var bias: Bool

    public init(inFeatures: Int? = nil, outFeatures: Int, bias: Bool = true) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.bias = bias
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = context.input
        try context.positive(outFeatures, field: "out_features")
        guard let features = input.last else { throw context.issue("inputs", "needs an input with a last dimension") }
        if let inFeatures, inFeatures != features {
            throw context.issue("in_features", "is \(inFeatures) but the input's last dimension is \(features)")
        }
        var tally = LayerTally()
        tally.dense(rows: elementCount(input.dropLast()), inputs: features, outputs: outFeatures, bias: bias)
        return LayerResolution(shape: input.dropLast() + [outFeatures], tally: tally)
    }
}
