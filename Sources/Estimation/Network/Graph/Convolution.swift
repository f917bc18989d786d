/// `torch.nn.Conv2d`: `in_channels` is the input's and need not be given (when given, it is checked).
public struct Conv2D: Hashable, Sendable {
    public var inChannels: Int?
    public var outChannels: Int
    public var kernel: Size2D
    public var stride: Size2D
    public var padding: Padding2D
    public var dilation: Size2D
    public var groups: Int
    public var bias: Bool

    public init(
        inChannels: Int? = nil, outChannels: Int, kernel: Size2D, stride: Size2D = Size2D(1),
        padding: Padding2D = .zero, dilation: Size2D = Size2D(1), groups: Int = 1, bias: Bool = true
    ) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.bias = bias
    }

    /// Output `C_out × H_out × W_out`, `H_out = ⌊(H + pads − d(k − 1) − 1) / s⌋ + 1`. MACs
    /// `C_out·H_out·W_out·(C_in/g)·k_h·k_w`; parameters `C_out·(C_in/g)·k_h·k_w (+ C_out)`.
    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = try context.input(rank: 3, "[channels, height, width]")
        let channels = try ChannelGrouping.check(
            input: input[0], declared: inChannels, output: outChannels, groups: groups, context)
        try ConvolutionWindow.check(kernel: kernel, stride: stride, dilation: dilation, context)
        try context.nonNegative(min(padding.top, padding.left, padding.bottom, padding.right), field: "padding")
        try context.nonNegative(max(padding.top, padding.left, padding.bottom, padding.right), field: "padding")
        let height = try ConvolutionWindow.output(
            size: input[1], before: padding.top, after: padding.bottom, kernel: kernel.height,
            stride: stride.height, dilation: dilation.height, dimension: "height", context)
        let width = try ConvolutionWindow.output(
            size: input[2], before: padding.left, after: padding.right, kernel: kernel.width,
            stride: stride.width, dilation: dilation.width, dimension: "width", context)
        let positions = CheckedInt(height) * CheckedInt(width)
        let weights = CheckedInt(channels.perGroupInput) * CheckedInt(kernel.height) * CheckedInt(kernel.width)
        var tally = LayerTally()
        tally.parameters = CheckedInt(outChannels) * weights + (bias ? CheckedInt(outChannels) : 0)
        let outputs = CheckedInt(outChannels) * positions
        tally.macs = outputs * weights
        if bias { tally.biasAdditions = outputs }
        tally.activations = outputs
        tally.readElements = elementCount(input)
        tally.writtenElements = outputs
        return LayerResolution(shape: [outChannels, height, width], tally: tally)
    }
}

/// `torch.nn.ConvTranspose2d` (padding as torch's: the same on both sides of a dimension).
public struct ConvTranspose2D: Hashable, Sendable {
    public var inChannels: Int?
    public var outChannels: Int
    public var kernel: Size2D
    public var stride: Size2D
    public var padding: Size2D
    public var outputPadding: Size2D
    public var dilation: Size2D
    public var groups: Int
    public var bias: Bool

    public init(
        inChannels: Int? = nil, outChannels: Int, kernel: Size2D, stride: Size2D = Size2D(1),
        padding: Size2D = Size2D(0), outputPadding: Size2D = Size2D(0), dilation: Size2D = Size2D(1),
        groups: Int = 1, bias: Bool = true
    ) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.dilation = dilation
        self.groups = groups
        self.bias = bias
    }

    /// Output `H_out = (H − 1)s − 2p + d(k − 1) + output_padding + 1`. Every input position
    /// scatters into a `k_h × k_w` window, so MACs are `C_in·H·W·(C_out/g)·k_h·k_w`, counted over
    /// the input (as FlopCounterMode counts them), not over the output.
    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        let input = try context.input(rank: 3, "[channels, height, width]")
        let channels = try ChannelGrouping.check(
            input: input[0], declared: inChannels, output: outChannels, groups: groups, context)
        try ConvolutionWindow.check(kernel: kernel, stride: stride, dilation: dilation, context)
        try context.nonNegative(padding.height, field: "padding")
        try context.nonNegative(padding.width, field: "padding")
        try context.nonNegative(outputPadding.height, field: "output_padding")
        try context.nonNegative(outputPadding.width, field: "output_padding")
        guard outputPadding.height < max(stride.height, dilation.height),
              outputPadding.width < max(stride.width, dilation.width)
        else {
            throw context.issue("output_padding", "must be smaller than the stride or the dilation (torch's rule)")
        }
        func output(_ size: Int, _ kernel: Int, _ stride: Int, _ padding: Int, _ extra: Int, _ dilation: Int) -> Int {
            (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + extra + 1
        }
        let height = output(input[1], kernel.height, stride.height, padding.height, outputPadding.height, dilation.height)
        let width = output(input[2], kernel.width, stride.width, padding.width, outputPadding.width, dilation.width)
        guard height >= 1, width >= 1 else {
            throw context.issue("padding", "leaves no output: \(height) × \(width) from a \(input[1]) × \(input[2]) input")
        }
        let perGroupOutput = outChannels / groups
        let weights = CheckedInt(perGroupOutput) * CheckedInt(kernel.height) * CheckedInt(kernel.width)
        let outputs = CheckedInt(outChannels) * CheckedInt(height) * CheckedInt(width)
        var tally = LayerTally()
        tally.parameters = CheckedInt(channels.input) * weights + (bias ? CheckedInt(outChannels) : 0)
        tally.macs = elementCount(input) * weights
        if bias { tally.biasAdditions = outputs }
        tally.activations = outputs
        tally.readElements = elementCount(input)
        tally.writtenElements = outputs
        return LayerResolution(shape: [outChannels, height, width], tally: tally)
    }
}

/// The channel checks a grouped convolution shares with its transpose.
enum ChannelGrouping {
    /// Input channels, and per group.
    struct Channels {
        var input: Int
        var perGroupInput: Int
    }

    static func check(
        input: Int, declared: Int?, output: Int, groups: Int, _ context: LayerContext
    ) throws(EstimationError) -> Channels {
        try context.positive(output, field: "out_channels")
        try context.positive(groups, field: "groups")
        if let declared, declared != input {
            throw context.issue("in_channels", "is \(declared) but the input has \(input) channels")
        }
        guard input % groups == 0 else {
            throw context.issue("groups", "\(groups) groups do not divide the input's \(input) channels")
        }
        guard output % groups == 0 else {
            throw context.issue("groups", "\(groups) groups do not divide out_channels \(output)")
        }
        return Channels(input: input, perGroupInput: input / groups)
    }
}

/// Sliding-window arithmetic shared by convolutions and pooling.
enum ConvolutionWindow {
    static func check(kernel: Size2D, stride: Size2D, dilation: Size2D, _ context: LayerContext) throws(EstimationError) {
        try context.positive(kernel.height, field: "kernel_size")
        try context.positive(kernel.width, field: "kernel_size")
        try context.positive(stride.height, field: "stride")
        try context.positive(stride.width, field: "stride")
        try context.positive(dilation.height, field: "dilation")
        try context.positive(dilation.width, field: "dilation")
    }

    /// `⌊(size + before + after − d(k − 1) − 1) / s⌋ + 1` (or rounded up, torch's `ceil_mode`, where
    /// a window starting in the right padding is dropped). Every value is at most 2^30: no overflow.
    static func output(
        size: Int, before: Int, after: Int, kernel: Int, stride: Int, dilation: Int, ceil: Bool = false,
        dimension: String, _ context: LayerContext
    ) throws(EstimationError) -> Int {
        let span = size + before + after - dilation * (kernel - 1) - 1
        guard span >= 0 else {
            throw context.issue(
                "kernel_size",
                "a \(kernel)-wide window (dilation \(dilation)) does not fit the input's \(dimension) \(size) with padding \(before) + \(after)")
        }
        var count = (ceil ? (span + stride - 1) / stride : span / stride) + 1
        if ceil && (count - 1) * stride >= size + before { count -= 1 }
        return count
    }
}
