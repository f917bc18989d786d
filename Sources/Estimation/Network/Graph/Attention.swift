/// ViT's patch embedding: a `patch × patch` convolution with stride `patch` to `hidden_dim`
/// channels, the positions as a sequence `[tokens, hidden_dim]`, a learned class token in front
/// (optional) and a learned position embedding added (optional; one row per token, so it grows
/// with the image).
public struct PatchEmbedding: Hashable, Sendable {
    public var patchSize: Int
    public var hiddenDim: Int
    public var classToken: Bool
    public var positionEmbedding: Bool
    public var bias: Bool

    public init(patchSize: Int, hiddenDim: Int, classToken: Bool = true, positionEmbedding: Bool = true, bias: Bool = true) {
        self.patchSize = patchSize
        self.hiddenDim = hiddenDim
        self.classToken = classToken
        self.positionEmbedding = positionEmbedding
        self.bias = bias
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = try context.input(rank: 3, "[channels, height, width]")
        try context.positive(patchSize, field: "patch_size")
        try context.positive(hiddenDim, field: "hidden_dim")
        guard input[1] >= patchSize, input[2] >= patchSize else {
            throw context.issue("patch_size", "\(patchSize) is larger than the \(input[1]) × \(input[2]) image")
        }
        let patches = CheckedInt(input[1] / patchSize) * CheckedInt(input[2] / patchSize)
        let tokens = patches + (classToken ? 1 : 0)
        let width = CheckedInt(hiddenDim)
        var tally = LayerTally()
        let weights = CheckedInt(input[0]) * CheckedInt(patchSize) * CheckedInt(patchSize)
        tally.parameters = width * weights + (bias ? width : 0)
        tally.macs = patches * width * weights
        if bias { tally.biasAdditions = patches * width }
        tally.activations = patches * width
        tally.readElements = elementCount(input)
        tally.writtenElements = patches * width
        if classToken {
            tally.parameters = tally.parameters + width
            tally.elementwiseStep(reads: patches * width + width, writes: tokens * width, operations: 0)
        }
        if positionEmbedding {
            tally.parameters = tally.parameters + tokens * width
            tally.elementwiseStep(reads: 2 * tokens * width, writes: tokens * width, operations: tokens * width)
        }
        return LayerResolution(shape: [try Reshape.dimension(tokens, context), hiddenDim], tally: tally)
    }
}

/// Self-attention as `torch.nn.MultiheadAttention` computes it over `[tokens, embed_dim]`: one
/// input projection to queries, keys and values, `heads` attentions over all token pairs (scores
/// and weighted values: `2·N²·D` MACs, never zero), softmax, and the output projection.
public struct MultiHeadAttention: Hashable, Sendable {
    public var heads: Int
    public var bias: Bool

    public init(heads: Int, bias: Bool = true) {
        self.heads = heads
        self.bias = bias
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = try context.input(rank: 2, "[tokens, features]")
        try Self.check(heads: heads, width: input[1], context)
        var tally = LayerTally()
        tally.attention(tokens: input[0], width: input[1], heads: heads, bias: bias)
        return LayerResolution(shape: input, tally: tally)
    }

    static func check(heads: Int, width: Int, _ context: LayerContext) throws(EstimationError) {
        try context.positive(heads, field: "num_heads")
        guard width % heads == 0 else {
            throw context.issue("num_heads", "\(heads) heads do not divide the \(width) features")
        }
    }
}

/// A pre-norm transformer encoder block as torchvision's ViT builds it: `x + attention(LN(x))`,
/// then `x + MLP(LN(x))` with a `mlp_dim` hidden layer and an activation (GELU); biases throughout.
public struct TransformerBlock: Hashable, Sendable {
    public var heads: Int
    public var mlpDim: Int
    public var activation: ActivationFunction

    public init(heads: Int, mlpDim: Int, activation: ActivationFunction = .gelu) {
        self.heads = heads
        self.mlpDim = mlpDim
        self.activation = activation
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = try context.input(rank: 2, "[tokens, features]")
        try MultiHeadAttention.check(heads: heads, width: input[1], context)
        try context.positive(mlpDim, field: "mlp_dim")
        let (tokens, width) = (input[0], input[1])
        let values = elementCount(input)
        let hidden = CheckedInt(tokens) * CheckedInt(mlpDim)
        var tally = LayerTally()
        tally.layerNorm(values: values, width: width)
        tally.attention(tokens: tokens, width: width, heads: heads, bias: true)
        tally.elementwiseStep(reads: 2 * values, writes: values, operations: values)
        tally.layerNorm(values: values, width: width)
        tally.dense(rows: CheckedInt(tokens), inputs: width, outputs: mlpDim, bias: true)
        tally.elementwiseStep(reads: hidden, writes: hidden, operations: CheckedInt(activation.operationsPerValue) * hidden)
        tally.dense(rows: CheckedInt(tokens), inputs: mlpDim, outputs: width, bias: true)
        tally.elementwiseStep(reads: 2 * values, writes: values, operations: values)
        return LayerResolution(shape: input, tally: tally)
    }
}

extension LayerTally {
    /// `torch.nn.MultiheadAttention` over `tokens × width`: MACs `4·N·D² + 2·N²·D`; pycls's
    /// activations `5·N·D + heads·N²` (the projections, the scores and the weighted values, as
    /// pycls's `MultiheadAttention.complexity` counts them); softmax 5 operations per score.
    mutating func attention(tokens: Int, width: Int, heads: Int, bias: Bool) {
        let rows = CheckedInt(tokens)
        let values = rows * CheckedInt(width)
        let scores = CheckedInt(heads) * rows * rows
        dense(rows: rows, inputs: width, outputs: 3 * width, bias: bias)
        macs = macs + rows * values
        activations = activations + scores
        readElements = readElements + 2 * values
        writtenElements = writtenElements + scores
        elementwiseStep(reads: scores, writes: scores, operations: 5 * scores)
        macs = macs + rows * values
        activations = activations + values
        readElements = readElements + scores + values
        writtenElements = writtenElements + values
        dense(rows: rows, inputs: width, outputs: width, bias: bias)
    }

    /// A layer norm with affine weights and biases over the last `width` values.
    mutating func layerNorm(values: CheckedInt, width: Int) {
        parameters = parameters + CheckedInt(2 * width)
        elementwiseStep(reads: values, writes: values, operations: 5 * values)
    }
}
