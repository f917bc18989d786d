/// `torch.nn.MaxPool2d` / `AvgPool2d` (symmetric padding, torch's rule that it is at most half the
/// kernel). Output elements count as pycls activations; each costs `k_h·k_w` elementwise
/// operations (comparisons or additions).
public struct Pool2D: Hashable, Sendable {
    public var kernel: Size2D
    /// torch's default is the kernel size.
    public var stride: Size2D
    public var padding: Size2D
    /// Max pooling only: `avg_pool2d` has none.
    public var dilation: Size2D
    public var ceilMode: Bool

    public init(kernel: Size2D, stride: Size2D? = nil, padding: Size2D = Size2D(0), dilation: Size2D = Size2D(1), ceilMode: Bool = false) {
        self.kernel = kernel
        self.stride = stride ?? kernel
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = try context.input(rank: 3, "[channels, height, width]")
        try ConvolutionWindow.check(kernel: kernel, stride: stride, dilation: dilation, context)
        try context.nonNegative(padding.height, field: "padding")
        try context.nonNegative(padding.width, field: "padding")
        guard padding.height <= kernel.height / 2, padding.width <= kernel.width / 2 else {
            throw context.issue("padding", "must be at most half the kernel size (torch's rule)")
        }
        let height = try ConvolutionWindow.output(
            size: input[1], before: padding.height, after: padding.height, kernel: kernel.height, stride: stride.height,
            dilation: dilation.height, ceil: ceilMode, dimension: "height", context)
        let width = try ConvolutionWindow.output(
            size: input[2], before: padding.width, after: padding.width, kernel: kernel.width, stride: stride.width,
            dilation: dilation.width, ceil: ceilMode, dimension: "width", context)
        let shape = [input[0], height, width]
        let outputs = elementCount(shape)
        var tally = LayerTally()
        tally.activations = outputs
        tally.elementwiseStep(
            reads: elementCount(input), writes: outputs,
            operations: outputs * CheckedInt(kernel.height) * CheckedInt(kernel.width))
        return LayerResolution(shape: shape, tally: tally)
    }
}

/// `torch.nn.AdaptiveAvgPool2d` / `AdaptiveMaxPool2d` to a fixed output size (1 × 1: global pooling).
/// No pycls activations (pycls's global average pool adds none); one operation per input value.
public struct AdaptivePool2D: Hashable, Sendable {
    public var outputSize: Size2D

    public init(outputSize: Size2D) {
        self.outputSize = outputSize
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = try context.input(rank: 3, "[channels, height, width]")
        try context.positive(outputSize.height, field: "output_size")
        try context.positive(outputSize.width, field: "output_size")
        let shape = [input[0], outputSize.height, outputSize.width]
        var tally = LayerTally()
        tally.elementwiseStep(reads: elementCount(input), writes: elementCount(shape), operations: elementCount(input))
        return LayerResolution(shape: shape, tally: tally)
    }
}
