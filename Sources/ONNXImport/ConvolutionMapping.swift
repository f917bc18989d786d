import Estimation

/// A sliding window's attributes (`kernel_shape`, `strides`, `dilations`, `pads`, `auto_pad`), read
/// and checked for a 2-D input.
struct Window {
    var kernel: [Int]
    var strides: [Int]
    var dilations: [Int]
    /// ONNX's order: height begin, width begin, height end, width end.
    var pads: [Int]

    /// `kernel` from the weight when the node does not say (a convolution may leave it out).
    init(_ node: ImportNode, spatial input: [Int], kernel weightKernel: [Int]?) throws(ONNXImportError) {
        guard let kernel = try node.ints("kernel_shape") ?? weightKernel else { throw node.invalid("has no kernel_shape") }
        if let weightKernel, weightKernel != kernel {
            throw node.invalid("kernel_shape \(ONNXText.shape(kernel)) differs from its weight's \(ONNXText.shape(weightKernel))")
        }
        self.kernel = kernel
        strides = try node.ints("strides") ?? [1, 1]
        dilations = try node.ints("dilations") ?? [1, 1]
        pads = try node.ints("pads") ?? [0, 0, 0, 0]
        let sizes = 1...Shapes.largestDimension
        guard kernel.count == 2, strides.count == 2, dilations.count == 2, pads.count == 4 else {
            throw node.unsupported("is not 2-D (kernel_shape \(ONNXText.shape(kernel))); Abacus counts 2-D windows only")
        }
        guard (kernel + strides + dilations).allSatisfy(sizes.contains), pads.allSatisfy((0...Shapes.largestDimension).contains) else {
            throw node.invalid("has a kernel, stride or dilation below 1 or a negative padding")
        }
        switch try node.string("auto_pad") ?? "NOTSET" {
        case "NOTSET": break
        case "VALID": pads = [0, 0, 0, 0]
        case let mode where mode == "SAME_UPPER" || mode == "SAME_LOWER":
            for axis in 0..<2 {
                let output = (input[axis] + strides[axis] - 1) / strides[axis]
                let total = max(0, (output - 1) * strides[axis] + (kernel[axis] - 1) * dilations[axis] + 1 - input[axis])
                let small = total / 2
                pads[axis] = mode == "SAME_UPPER" ? small : total - small
                pads[axis + 2] = total - pads[axis]
            }
        case let mode: throw node.invalid("has auto_pad \(ONNXText.quoted(mode)), which ONNX does not define")
        }
    }

    /// `⌊(size + pads − d(k − 1) − 1) / s⌋ + 1`, rounded up with `ceil` (a window that would start in
    /// the end padding dropped, as torch drops it).
    func output(_ input: [Int], ceil: Bool = false, _ node: ImportNode) throws(ONNXImportError) -> [Int] {
        var sizes: [Int] = []
        for axis in 0..<2 {
            let span = input[axis] + pads[axis] + pads[axis + 2] - dilations[axis] * (kernel[axis] - 1) - 1
            guard span >= 0 else {
                throw node.unsupported("its \(kernel[axis])-wide window does not fit the input's \(input[axis]) with padding \(pads[axis]) + \(pads[axis + 2])")
            }
            var count = (ceil ? (span + strides[axis] - 1) / strides[axis] : span / strides[axis]) + 1
            if ceil && (count - 1) * strides[axis] >= input[axis] + pads[axis] { count -= 1 }
            sizes.append(count)
        }
        return sizes
    }

    var isSymmetric: Bool { pads[0] == pads[2] && pads[1] == pads[3] }
}

extension LayerMapping {
    // MARK: - Convolutions

    mutating func convolution() throws(ONNXImportError) -> Activation {
        let input = try image()
        let weight = try node.requiredHeld(1, "weight")
        guard weight.shape.count == 4 else {
            throw node.unsupported("has a weight of shape \(ONNXText.shape(weight.shape)); Abacus counts 2-D convolutions ([C_out, C_in / groups, k_h, k_w])")
        }
        let groups = try node.int("group", default: 1)
        let channels = input.full[1]
        let outChannels = weight.shape[0]
        guard groups >= 1, weight.shape[1] * groups == channels, outChannels % groups == 0 else {
            throw node.invalid("its weight \(ONNXText.shape(weight.shape)) with \(groups) groups does not fit the input's \(channels) channels")
        }
        let window = try Window(node, spatial: Array(input.full[2...]), kernel: Array(weight.shape[2...]))
        let output = try window.output(Array(input.full[2...]), node)
        let bias = try self.bias(2, outputs: outChannels)
        let convolution = Conv2D(
            outChannels: outChannels, kernel: Size2D(height: window.kernel[0], width: window.kernel[1]),
            stride: Size2D(height: window.strides[0], width: window.strides[1]),
            padding: Padding2D(top: window.pads[0], left: window.pads[1], bottom: window.pads[2], right: window.pads[3]),
            dilation: Size2D(height: window.dilations[0], width: window.dilations[1]), groups: groups, bias: bias != nil)
        return try emit(
            .conv2d(convolution), [input], natural: [outChannels] + output, full: [1, outChannels] + output,
            weights: [weight] + (bias.map { [$0] } ?? []))
    }

    mutating func transposedConvolution() throws(ONNXImportError) -> Activation {
        let input = try image()
        let weight = try node.requiredHeld(1, "weight")
        guard weight.shape.count == 4 else {
            throw node.unsupported("has a weight of shape \(ONNXText.shape(weight.shape)); Abacus counts 2-D transposed convolutions ([C_in, C_out / groups, k_h, k_w])")
        }
        let groups = try node.int("group", default: 1)
        guard groups >= 1, weight.shape[0] == input.full[1], weight.shape[0] % groups == 0 else {
            throw node.invalid("its weight \(ONNXText.shape(weight.shape)) with \(groups) groups does not fit the input's \(input.full[1]) channels")
        }
        let outChannels = weight.shape[1] * groups
        let spatial = Array(input.full[2...])
        var window = try Window(node, spatial: spatial, kernel: Array(weight.shape[2...]))
        let outputPadding = try node.ints("output_padding") ?? [0, 0]
        guard outputPadding.count == 2, outputPadding.allSatisfy({ $0 >= 0 }) else {
            throw node.invalid("has output_padding \(ONNXText.shape(outputPadding))")
        }
        func unpadded(_ axis: Int) -> Int {
            window.strides[axis] * (spatial[axis] - 1) + outputPadding[axis] + (window.kernel[axis] - 1) * window.dilations[axis] + 1
        }
        let autoPad = try node.string("auto_pad") ?? "NOTSET"
        // ONNX spreads the padding an output shape implies: the odd one at the end (SAME_UPPER) or at the start.
        let target: [Int]? = try node.ints("output_shape").map { Array($0.suffix(2)) }
            ?? (autoPad.hasPrefix("SAME") ? (0..<2).map { spatial[$0] * window.strides[$0] } : nil)
        if let target {
            guard target.count == 2 else { throw node.invalid("has an output_shape of \(target.count) dimensions") }
            for axis in 0..<2 {
                let total = unpadded(axis) - target[axis]
                guard total >= 0 else { throw node.unsupported("its output_shape \(ONNXText.shape(target)) needs negative padding") }
                window.pads[axis] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2
                window.pads[axis + 2] = total - window.pads[axis]
            }
        }
        guard window.isSymmetric else {
            throw node.unsupported("pads its output unevenly (\(ONNXText.shape(window.pads))); torch's ConvTranspose2d, which Abacus counts, pads both sides alike")
        }
        let output = [unpadded(0) - 2 * window.pads[0], unpadded(1) - 2 * window.pads[1]]
        let bias = try self.bias(2, outputs: outChannels)
        let convolution = ConvTranspose2D(
            outChannels: outChannels, kernel: Size2D(height: window.kernel[0], width: window.kernel[1]),
            stride: Size2D(height: window.strides[0], width: window.strides[1]),
            padding: Size2D(height: window.pads[0], width: window.pads[1]),
            outputPadding: Size2D(height: outputPadding[0], width: outputPadding[1]),
            dilation: Size2D(height: window.dilations[0], width: window.dilations[1]), groups: groups, bias: bias != nil)
        return try emit(
            .convTranspose2d(convolution), [input], natural: [outChannels] + output, full: [1, outChannels] + output,
            weights: [weight] + (bias.map { [$0] } ?? []))
    }

    /// A bias input of `outputs` values; nil when absent or known to be zeros (an unoptimised
    /// export spells a missing bias as computed zeros).
    func bias(_ index: Int, outputs: Int) throws(ONNXImportError) -> HeldTensor? {
        guard let bias = try node.held(index, "bias"), !bias.isZero else { return nil }
        guard bias.elementCount == outputs, bias.shape.filter({ $0 != 1 }).count <= 1 else {
            throw node.invalid("has a bias of shape \(ONNXText.shape(bias.shape)) for \(outputs) outputs")
        }
        return bias
    }

    // MARK: - Pooling

    mutating func pool() throws(ONNXImportError) -> Activation {
        let input = try image()
        let spatial = Array(input.full[2...])
        let window = try Window(node, spatial: spatial, kernel: nil)
        let isMax = node.opType == "MaxPool"
        if !isMax && window.dilations != [1, 1] { throw node.unsupported("dilates an average pool, which torch's AvgPool2d cannot") }
        guard window.isSymmetric else {
            throw node.unsupported("pads unevenly (\(ONNXText.shape(window.pads))); torch's pooling, which Abacus counts, pads both sides alike")
        }
        let channels = input.full[1]
        // torch exports an adaptive pool to the input's own size as a 1×1 window: the identity,
        // which pycls counts no activations for.
        if window.kernel == [1, 1] && window.strides == [1, 1] && window.pads == [0, 0, 0, 0] {
            let adaptive = AdaptivePool2D(outputSize: Size2D(height: spatial[0], width: spatial[1]))
            return try emit(isMax ? .adaptiveMaxPool2d(adaptive) : .adaptiveAvgPool2d(adaptive), [input], natural: input.perSample, full: input.full)
        }
        let ceil = try node.int("ceil_mode", default: 0) != 0
        let output = try window.output(spatial, ceil: ceil, node)
        let pool = Pool2D(
            kernel: Size2D(height: window.kernel[0], width: window.kernel[1]),
            stride: Size2D(height: window.strides[0], width: window.strides[1]),
            padding: Size2D(height: window.pads[0], width: window.pads[1]),
            dilation: Size2D(height: window.dilations[0], width: window.dilations[1]), ceilMode: ceil)
        return try emit(isMax ? .maxPool2d(pool) : .avgPool2d(pool), [input], natural: [channels] + output, full: [1, channels] + output)
    }

    mutating func globalPool(max: Bool) throws(ONNXImportError) -> Activation {
        let input = try image()
        let pool = AdaptivePool2D(outputSize: Size2D(1))
        return try emit(
            max ? .adaptiveMaxPool2d(pool) : .adaptiveAvgPool2d(pool), [input], natural: [input.full[1], 1, 1],
            full: [1, input.full[1], 1, 1])
    }

    /// A mean or maximum over both spatial dimensions of an image: global pooling (torch exports
    /// `adaptive_avg_pool2d(x, 1)` so).
    mutating func reduction() throws(ONNXImportError) -> Activation {
        let input = try node.activation(0)
        let axes = try node.integers(1, orAttribute: "axes")
        let normalized = Set((axes ?? []).compactMap { Shapes.axis($0, rank: input.full.count) })
        guard input.full.count == 4, input.full[0] == 1, normalized == [2, 3], axes?.count == 2 else {
            throw node.unsupported("reduces axes \(ONNXText.shape(axes ?? [])) of a \(ONNXText.shape(input.full)) tensor; Abacus reads a reduction over an image's height and width only (global pooling)")
        }
        let keep = try node.int("keepdims", default: 1) != 0
        let pool = AdaptivePool2D(outputSize: Size2D(1))
        let channels = input.full[1]
        return try emit(
            node.opType == "ReduceMax" ? .adaptiveMaxPool2d(pool) : .adaptiveAvgPool2d(pool), [input], natural: [channels, 1, 1],
            full: keep ? [1, channels, 1, 1] : [1, channels])
    }
}
