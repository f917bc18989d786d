/// `torch.cat` along `dim`; the other dimensions must match. Copies every input.
public struct Concat: Hashable, Sendable {
    public var dim: Int

    public init(dim: Int = 0) {
        self.dim = dim
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let first = context.input
        let axis = try context.dimension(dim, rank: first.count, field: "dim")
        var shape = first
        shape[axis] = 0
        var reads: CheckedInt = 0
        for input in context.inputs {
            var others = input
            guard input.count == first.count else {
                throw context.issue("inputs", "cannot concatenate \(LayerContext.describe(input)) with \(LayerContext.describe(first)): ranks differ")
            }
            others[axis] = first[axis]
            guard others == first else {
                throw context.issue(
                    "inputs",
                    "cannot concatenate \(LayerContext.describe(input)) with \(LayerContext.describe(first)) along dimension \(axis): the others differ")
            }
            shape[axis] += input[axis]
            reads = reads + elementCount(input)
        }
        guard NetworkLimits.size.contains(shape[axis]) else {
            throw context.issue("inputs", "the concatenated dimension would be \(shape[axis]), beyond \(NetworkLimits.size.upperBound)")
        }
        var tally = LayerTally()
        tally.elementwiseStep(reads: reads, writes: reads, operations: 0)
        return LayerResolution(shape: shape, tally: tally)
    }
}

/// `add` and `multiply`: elementwise over inputs broadcast against each other (numpy's rules,
/// aligned at the last dimension); `k − 1` operations per output value for `k` inputs.
enum Broadcast {
    static func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        guard !context.others.isEmpty else { throw context.issue("inputs", "needs two or more inputs, got 1") }
        var shape = context.input
        var reads = elementCount(shape)
        for input in context.others {
            // A residual add's inputs have one shape: nothing to broadcast.
            if input != shape {
                guard let combined = broadcast(shape, input) else {
                    throw context.issue(
                        "inputs", "cannot broadcast \(LayerContext.describe(input)) against \(LayerContext.describe(shape))")
                }
                shape = combined
            }
            reads = reads + elementCount(input)
        }
        let outputs = elementCount(shape)
        var tally = LayerTally()
        tally.elementwiseStep(reads: reads, writes: outputs, operations: CheckedInt(context.others.count) * outputs)
        return LayerResolution(shape: shape, tally: tally)
    }

    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for offset in 1...rank {
            let x = offset <= a.count ? a[a.count - offset] : 1
            let y = offset <= b.count ? b[b.count - offset] : 1
            guard x == y || x == 1 || y == 1 else { return nil }
            result[rank - offset] = max(x, y)
        }
        return result
    }
}

/// `torch.flatten(x, start_dim)` over the dimensions after the batch: a view, no data moves.
public struct Flatten: Hashable, Sendable {
    public var startDim: Int

    public init(startDim: Int = 0) {
        self.startDim = startDim
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = context.input
        let start = try context.dimension(startDim, rank: input.count, field: "start_dim")
        let flattened = try Reshape.dimension(elementCount(Array(input[start...])), context)
        return LayerResolution(shape: Array(input[..<start]) + [flattened], tally: LayerTally())
    }
}

/// `x.reshape(batch, *shape)`: at most one `-1`, inferred; a view.
public struct Reshape: Hashable, Sendable {
    public var shape: [Int]

    public init(shape: [Int]) {
        self.shape = shape
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        guard NetworkLimits.rank.contains(shape.count) else {
            throw context.issue("shape", "must have from 1 to \(NetworkLimits.rank.upperBound) dimensions")
        }
        let inferred = shape.indices.filter { shape[$0] == -1 }
        guard inferred.count <= 1, shape.allSatisfy({ $0 == -1 || NetworkLimits.size.contains($0) }) else {
            throw context.issue("shape", "must be positive sizes with at most one -1, got \(LayerContext.describe(shape))")
        }
        let total = elementCount(context.input)
        let known = elementCount(shape.filter { $0 != -1 })
        var result = shape
        if let position = inferred.first {
            guard let knownValue = known.value, let totalValue = total.value, totalValue % knownValue == 0 else {
                throw context.issue("shape", "cannot hold the input's \(LayerContext.describe(context.input)) values")
            }
            result[position] = try Self.dimension(CheckedInt(totalValue / knownValue), context)
        }
        guard elementCount(result) == total else {
            throw context.issue(
                "shape", "\(LayerContext.describe(shape)) does not hold the \(LayerContext.describe(context.input)) input's values")
        }
        return LayerResolution(shape: result, tally: LayerTally())
    }

    /// A computed dimension, within the limits every dimension keeps.
    static func dimension(_ size: CheckedInt, _ context: LayerContext) throws(EstimationError) -> Int {
        guard let value = size.value, NetworkLimits.size.contains(value) else {
            throw context.issue(nil, "a dimension would exceed \(NetworkLimits.size.upperBound) values")
        }
        return value
    }
}

/// `x.permute(0, *(d + 1 for d in dims))`: a view.
public struct Permute: Hashable, Sendable {
    public var dims: [Int]

    public init(dims: [Int]) {
        self.dims = dims
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = context.input
        guard dims.count == input.count else {
            throw context.issue("dims", "must list each of the input's \(input.count) dimensions once")
        }
        var order: [Int] = []
        for dim in dims { order.append(try context.dimension(dim, rank: input.count, field: "dims")) }
        guard Set(order).count == order.count else {
            throw context.issue("dims", "must list each of the input's \(input.count) dimensions once")
        }
        return LayerResolution(shape: order.map { input[$0] }, tally: LayerTally())
    }
}

/// `x.narrow(dim, start, end − start)`, one part of a `chunk` or `split`: a view.
public struct Slice: Hashable, Sendable {
    public var dim: Int
    public var start: Int
    public var end: Int

    public init(dim: Int, start: Int, end: Int) {
        self.dim = dim
        self.start = start
        self.end = end
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        var shape = context.input
        let axis = try context.dimension(dim, rank: shape.count, field: "dim")
        guard start >= 0, start < end, end <= shape[axis] else {
            throw context.issue("end", "needs 0 ≤ start < end ≤ \(shape[axis]) (the dimension's size), got \(start) and \(end)")
        }
        shape[axis] = end - start
        return LayerResolution(shape: shape, tally: LayerTally())
    }
}

/// `x.select(dim, index)`: one entry of a dimension, which disappears (ViT's class token `x[:, 0]`); a view.
public struct Select: Hashable, Sendable {
    public var dim: Int
    public var index: Int

    public init(dim: Int, index: Int) {
        self.dim = dim
        self.index = index
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        var shape = context.input
        guard shape.count >= 2 else { throw context.issue("inputs", "needs an input of two or more dimensions") }
        let axis = try context.dimension(dim, rank: shape.count, field: "dim")
        guard (0..<shape[axis]).contains(index) else {
            throw context.issue("index", "must be from 0 to \(shape[axis] - 1), got \(index)")
        }
        shape.remove(at: axis)
        return LayerResolution(shape: shape, tally: LayerTally())
    }
}

/// ShuffleNet's channel shuffle: dimension 0 regrouped and copied (torch makes it contiguous).
public struct ChannelShuffle: Hashable, Sendable {
    public var groups: Int

    public init(groups: Int) {
        self.groups = groups
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = context.input
        try context.positive(groups, field: "groups")
        guard input[0] % groups == 0 else {
            throw context.issue("groups", "\(groups) groups do not divide the input's \(input[0]) channels")
        }
        let elements = elementCount(input)
        var tally = LayerTally()
        tally.elementwiseStep(reads: elements, writes: elements, operations: 0)
        return LayerResolution(shape: input, tally: tally)
    }
}

/// Dropout (or stochastic depth): the identity at inference, so a view here.
public struct Dropout: Hashable, Sendable {
    public var probability: Double

    public init(probability: Double = 0.5) {
        self.probability = probability
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        guard probability >= 0, probability < 1 else {
            throw context.issue("p", "must be a probability from 0 up to (not including) 1, got \(probability)")
        }
        return LayerResolution(shape: context.input, tally: LayerTally())
    }
}

/// A learned scale per channel (dimension 0): `channels` parameters, one multiply per value.
enum LayerScale {
    static func resolve(_ context: LayerContext) -> LayerResolution {
        var tally = LayerTally()
        tally.learnedElementwise(count: CheckedInt(context.input[0]), elements: elementCount(context.input))
        return LayerResolution(shape: context.input, tally: tally)
    }
}
