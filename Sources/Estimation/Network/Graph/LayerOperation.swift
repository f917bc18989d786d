/// What a layer computes. Each case's values say everything its shape and counts depend on; the
/// counts themselves are in docs/networks.md and in each operation's `resolve`.
public enum LayerOperation: Hashable, Sendable {
    case conv2d(Conv2D)
    case convTranspose2d(ConvTranspose2D)
    case linear(Linear)
    case batchNorm(BatchNorm)
    case layerNorm(LayerNorm)
    case groupNorm(GroupNorm)
    case activation(ActivationFunction)
    case maxPool2d(Pool2D)
    case avgPool2d(Pool2D)
    case adaptiveAvgPool2d(AdaptivePool2D)
    case adaptiveMaxPool2d(AdaptivePool2D)
    case squeezeExcite(SqueezeExcite)
    /// Elementwise sum of two or more inputs, broadcast as numpy broadcasts (a residual add).
    case add
    /// Elementwise product of two or more inputs, broadcast as numpy broadcasts.
    case multiply
    case concat(Concat)
    case flatten(Flatten)
    case reshape(Reshape)
    case permute(Permute)
    case slice(Slice)
    case select(Select)
    case channelShuffle(ChannelShuffle)
    case dropout(Dropout)
    /// A learned scale per channel (dimension 0), as ConvNeXt's layer scale.
    case layerScale
    case patchEmbedding(PatchEmbedding)
    case multiHeadAttention(MultiHeadAttention)
    case transformerBlock(TransformerBlock)
    /// The product of two computed inputs (`torch.matmul`), as an imported graph's attention has it.
    case matmul
    /// The input combined with a held tensor (learned or constant), as an imported graph has it.
    case tensorOperand(TensorOperand)

    /// The API's `type` name (`conv2d`, `batch_norm`, `relu`, …).
    public var typeName: String {
        switch self {
        case .conv2d: "conv2d"
        case .convTranspose2d: "conv_transpose2d"
        case .linear: "linear"
        case .batchNorm: "batch_norm"
        case .layerNorm: "layer_norm"
        case .groupNorm: "group_norm"
        case .activation(let function): function.rawValue
        case .maxPool2d: "max_pool2d"
        case .avgPool2d: "avg_pool2d"
        case .adaptiveAvgPool2d: "adaptive_avg_pool2d"
        case .adaptiveMaxPool2d: "adaptive_max_pool2d"
        case .squeezeExcite: "squeeze_excite"
        case .add: "add"
        case .multiply: "multiply"
        case .concat: "concat"
        case .flatten: "flatten"
        case .reshape: "reshape"
        case .permute: "permute"
        case .slice: "slice"
        case .select: "select"
        case .channelShuffle: "channel_shuffle"
        case .dropout: "dropout"
        case .layerScale: "layer_scale"
        case .patchEmbedding: "patch_embedding"
        case .multiHeadAttention: "multi_head_attention"
        case .transformerBlock: "transformer_block"
        case .matmul: "matmul"
        case .tensorOperand(let operand): operand.typeName
        }
    }
}

/// An elementwise activation function; the raw value is the layer `type`.
public enum ActivationFunction: String, Hashable, Sendable, CaseIterable {
    case relu, relu6, gelu, silu, mish, elu, sigmoid, tanh, hardswish, hardsigmoid, hardtanh
    case leakyRelu = "leaky_relu"
    /// Over the last dimension.
    case softmax
}

/// A height and a width (kernel, stride, dilation, output size).
public struct Size2D: Hashable, Sendable {
    public var height: Int
    public var width: Int

    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    /// The same value for both dimensions.
    public init(_ both: Int) {
        self.init(height: both, width: both)
    }
}

/// Zeros added around an image: ONNX's `pads` order is `[top, left, bottom, right]`.
public struct Padding2D: Hashable, Sendable {
    public var top: Int
    public var left: Int
    public var bottom: Int
    public var right: Int

    public init(top: Int, left: Int, bottom: Int, right: Int) {
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }

    /// `height` above and below, `width` left and right, as torch's `padding=(h, w)`.
    public init(_ symmetric: Size2D) {
        self.init(top: symmetric.height, left: symmetric.width, bottom: symmetric.height, right: symmetric.width)
    }

    public static let zero = Padding2D(Size2D(0))

    /// Whether torch could say it: the same padding on both sides of each dimension.
    public var isSymmetric: Bool { top == bottom && left == right }
}
