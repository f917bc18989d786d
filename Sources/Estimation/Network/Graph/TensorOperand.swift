/// The input combined with a tensor the network holds rather than computes (an imported graph's
/// initializer or constant): a learned position embedding added, a class token concatenated in
/// front, a constant scale multiplied. A learned tensor's values are parameters, a constant's are
/// not. Counted as if the tensor were a second input, read on every pass (as `PatchEmbedding`
/// counts its class token and position embedding).
public struct TensorOperand: Hashable, Sendable {
    public enum Combination: Hashable, Sendable {
        /// Elementwise, broadcast against the input as numpy broadcasts, in either order.
        case add, subtract, multiply, divide
        /// `torch.cat` along `dim` (from the first dimension after the batch), the tensor before
        /// or after the input.
        case concat(dim: Int, tensorFirst: Bool)
    }

    public var combination: Combination
    /// The tensor's shape, without a batch dimension.
    public var shape: [Int]
    /// Whether its values are trained parameters (else a constant).
    public var learned: Bool

    public init(_ combination: Combination, shape: [Int], learned: Bool) {
        self.combination = combination
        self.shape = shape
        self.learned = learned
    }

    /// `add_tensor`, `concat_tensor`, …
    public var typeName: String {
        switch combination {
        case .add: "add_tensor"
        case .subtract: "subtract_tensor"
        case .multiply: "multiply_tensor"
        case .divide: "divide_tensor"
        case .concat: "concat_tensor"
        }
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        guard NetworkLimits.rank.contains(shape.count), shape.allSatisfy(NetworkLimits.size.contains) else {
            throw context.issue(
                "shape",
                "must list from 1 to \(NetworkLimits.rank.upperBound) dimensions, each from 1 to \(NetworkLimits.size.upperBound), got \(LayerContext.describe(shape))")
        }
        let input = context.input
        let values = elementCount(shape)
        var tally = LayerTally()
        if learned { tally.parameters = values }
        let result: [Int]
        switch combination {
        case .add, .subtract, .multiply, .divide:
            guard let combined = Broadcast.broadcast(input, shape) else {
                throw context.issue(
                    "shape", "cannot broadcast \(LayerContext.describe(shape)) against the input \(LayerContext.describe(input))")
            }
            result = combined
            let outputs = elementCount(result)
            tally.elementwiseStep(reads: elementCount(input) + values, writes: outputs, operations: outputs)
        case .concat(let dim, let tensorFirst):
            let axis = try context.dimension(dim, rank: input.count, field: "dim")
            var others = shape
            if others.count == input.count { others[axis] = input[axis] }
            guard others == input else {
                throw context.issue(
                    "shape",
                    "cannot concatenate \(LayerContext.describe(shape)) \(tensorFirst ? "before" : "after") the input \(LayerContext.describe(input)) along dimension \(axis): the others differ")
            }
            var concatenated = input
            concatenated[axis] = try Reshape.dimension(CheckedInt(input[axis]) + CheckedInt(shape[axis]), context)
            result = concatenated
            let moved = elementCount(input) + values
            tally.elementwiseStep(reads: moved, writes: moved, operations: 0)
        }
        return LayerResolution(shape: result, tally: tally)
    }
}
