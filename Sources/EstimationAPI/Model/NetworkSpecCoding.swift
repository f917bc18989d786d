import Estimation

/// A network spec in JSON (`{"input": [3, 224, 224], "layers": [{"name", "type", "inputs"?, …}]}`),
/// read field by field so that a mistake names its place (`network.layers[3].kernel_size`), and
/// written canonically (every field spelled out, in a fixed order) for the hash.
enum NetworkSpecCoding {
    static func read(_ reader: inout FieldReader) -> NetworkSpec? {
        let input = reader.integers("input")
        if !reader.contains("input") { reader.fail("input", "is required: the input's shape without the batch, e.g. [3, 224, 224]") }
        guard let value = reader.value("layers") else {
            reader.fail("layers", "is required: the network's layers in order")
            return nil
        }
        guard case .array(let items) = value else {
            reader.fail("layers", "must be an array of layers, not \(value.typeName)")
            return nil
        }
        guard NetworkLimits.layers.contains(items.count) else {
            reader.fail("layers", "must hold from 1 to \(NetworkLimits.layers.upperBound) layers, got \(items.count)")
            return nil
        }
        var layers: [NetworkLayer] = []
        layers.reserveCapacity(items.count)
        var readable = true
        for (index, item) in items.enumerated() {
            guard var nested = reader.element(item, at: index, of: "layers") else {
                readable = false
                continue
            }
            if let layer = readLayer(&nested) { layers.append(layer) } else { readable = false }
            nested.finish()
        }
        guard readable, let input else { return nil }
        return NetworkSpec(input: input, layers: layers)
    }

    private static func readLayer(_ reader: inout FieldReader) -> NetworkLayer? {
        let name = reader.isPresent("name") ? reader.string("name") : nil
        let inputs = reader.contains("inputs") ? reader.strings("inputs") : []
        let shares = reader.string("shares_weights_with")
        guard reader.isPresent("type"), let type = reader.string("type") else { return nil }
        guard let operation = readOperation(type, &reader), let name, let inputs else { return nil }
        return NetworkLayer(name: name, inputs: inputs, operation: operation, sharesWeightsWith: shares)
    }

    /// Every layer `type` the reader knows, for the message that lists them.
    static let types: [String] = [
        "conv2d", "conv_transpose2d", "linear", "batch_norm", "layer_norm", "group_norm",
    ] + ActivationFunction.allCases.map(\.rawValue) + [
        "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "adaptive_max_pool2d", "squeeze_excite", "add", "multiply",
        "concat", "flatten", "reshape", "permute", "slice", "select", "channel_shuffle", "dropout", "layer_scale",
        "patch_embedding", "multi_head_attention", "transformer_block",
    ]

    // Every read happens before the guard, so that one answer lists every mistake of the layer.
    private static func readOperation(_ type: String, _ reader: inout FieldReader) -> LayerOperation? {
        if let function = ActivationFunction(rawValue: type) { return .activation(function) }
        switch type {
        case "conv2d":
            let inChannels = reader.integer("in_channels")
            let outChannels = reader.requiredInteger("out_channels")
            let kernel = reader.isPresent("kernel_size") ? reader.size2D("kernel_size") : nil
            let stride = reader.size2D("stride", default: 1)
            let padding = reader.padding2D("padding")
            let dilation = reader.size2D("dilation", default: 1)
            let groups = reader.integer("groups", default: 1)
            let bias = reader.bool("bias", default: true)
            guard let outChannels, let kernel, let stride, let padding, let dilation else { return nil }
            return .conv2d(Conv2D(
                inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride, padding: padding,
                dilation: dilation, groups: groups, bias: bias))
        case "conv_transpose2d":
            let inChannels = reader.integer("in_channels")
            let outChannels = reader.requiredInteger("out_channels")
            let kernel = reader.isPresent("kernel_size") ? reader.size2D("kernel_size") : nil
            let stride = reader.size2D("stride", default: 1)
            let padding = reader.size2D("padding", default: 0)
            let outputPadding = reader.size2D("output_padding", default: 0)
            let dilation = reader.size2D("dilation", default: 1)
            let groups = reader.integer("groups", default: 1)
            let bias = reader.bool("bias", default: true)
            guard let outChannels, let kernel, let stride, let padding, let outputPadding, let dilation else { return nil }
            return .convTranspose2d(ConvTranspose2D(
                inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride, padding: padding,
                outputPadding: outputPadding, dilation: dilation, groups: groups, bias: bias))
        case "linear":
            let inFeatures = reader.integer("in_features")
            let outFeatures = reader.requiredInteger("out_features")
            let bias = reader.bool("bias", default: true)
            return outFeatures.map { .linear(Linear(inFeatures: inFeatures, outFeatures: $0, bias: bias)) }
        case "batch_norm":
            return .batchNorm(BatchNorm(numFeatures: reader.integer("num_features"), affine: reader.bool("affine", default: true)))
        case "layer_norm":
            let shape = reader.contains("normalized_shape") ? reader.integers("normalized_shape") : nil
            let affine = reader.bool("elementwise_affine", default: true)
            let bias = reader.bool("bias", default: true)
            if reader.contains("normalized_shape") && shape == nil { return nil }
            return .layerNorm(LayerNorm(normalizedShape: shape, elementwiseAffine: affine, bias: bias))
        case "group_norm":
            let groups = reader.requiredInteger("num_groups")
            let channels = reader.integer("num_channels")
            let affine = reader.bool("affine", default: true)
            return groups.map { .groupNorm(GroupNorm(groups: $0, numChannels: channels, affine: affine)) }
        case "max_pool2d", "avg_pool2d":
            let kernel = reader.isPresent("kernel_size") ? reader.size2D("kernel_size") : nil
            let stride = reader.contains("stride") ? reader.size2D("stride", default: 1) : kernel
            let padding = reader.size2D("padding", default: 0)
            let dilation = type == "max_pool2d" ? reader.size2D("dilation", default: 1) : Size2D(1)
            let ceilMode = reader.bool("ceil_mode", default: false)
            guard let kernel, let stride, let padding, let dilation else { return nil }
            let pool = Pool2D(kernel: kernel, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
            return type == "max_pool2d" ? .maxPool2d(pool) : .avgPool2d(pool)
        case "adaptive_avg_pool2d", "adaptive_max_pool2d":
            guard reader.isPresent("output_size"), let size = reader.size2D("output_size") else { return nil }
            let pool = AdaptivePool2D(outputSize: size)
            return type == "adaptive_avg_pool2d" ? .adaptiveAvgPool2d(pool) : .adaptiveMaxPool2d(pool)
        case "squeeze_excite":
            let squeeze = reader.requiredInteger("squeeze_channels")
            let activation = reader.choice("activation", default: ActivationFunction.relu)
            let gate = reader.choice("gate", default: ActivationFunction.sigmoid)
            return squeeze.map { .squeezeExcite(SqueezeExcite(squeezeChannels: $0, activation: activation, gate: gate)) }
        case "add": return .add
        case "multiply": return .multiply
        case "concat": return .concat(Concat(dim: reader.integer("dim", default: 0)))
        case "flatten": return .flatten(Flatten(startDim: reader.integer("start_dim", default: 0)))
        case "reshape":
            guard reader.isPresent("shape"), let shape = reader.integers("shape") else { return nil }
            return .reshape(Reshape(shape: shape))
        case "permute":
            guard reader.isPresent("dims"), let dims = reader.integers("dims") else { return nil }
            return .permute(Permute(dims: dims))
        case "slice":
            let dim = reader.requiredInteger("dim")
            let start = reader.requiredInteger("start")
            let end = reader.requiredInteger("end")
            guard let dim, let start, let end else { return nil }
            return .slice(Slice(dim: dim, start: start, end: end))
        case "select":
            let dim = reader.requiredInteger("dim")
            let index = reader.requiredInteger("index")
            guard let dim, let index else { return nil }
            return .select(Select(dim: dim, index: index))
        case "channel_shuffle":
            return reader.requiredInteger("groups").map { .channelShuffle(ChannelShuffle(groups: $0)) }
        case "dropout":
            return .dropout(Dropout(probability: reader.number("p") ?? 0.5))
        case "layer_scale": return .layerScale
        case "patch_embedding":
            let patch = reader.requiredInteger("patch_size")
            let hidden = reader.requiredInteger("hidden_dim")
            let classToken = reader.bool("class_token", default: true)
            let position = reader.bool("position_embedding", default: true)
            let bias = reader.bool("bias", default: true)
            guard let patch, let hidden else { return nil }
            return .patchEmbedding(PatchEmbedding(
                patchSize: patch, hiddenDim: hidden, classToken: classToken, positionEmbedding: position, bias: bias))
        case "multi_head_attention":
            let heads = reader.requiredInteger("num_heads")
            let bias = reader.bool("bias", default: true)
            return heads.map { .multiHeadAttention(MultiHeadAttention(heads: $0, bias: bias)) }
        case "transformer_block":
            let heads = reader.requiredInteger("num_heads")
            let mlp = reader.requiredInteger("mlp_dim")
            let activation = reader.choice("activation", default: ActivationFunction.gelu)
            guard let heads, let mlp else { return nil }
            return .transformerBlock(TransformerBlock(heads: heads, mlpDim: mlp, activation: activation))
        default:
            let known = types.joined(separator: ", ")
            reader.fail("type", "is not a layer type Abacus counts: \"\(type)\"; the types are \(known)")
            return nil
        }
    }

    // MARK: - Canonical form

    static func write(_ spec: NetworkSpec, to json: inout JSONWriter) {
        json.beginObject()
        json.key("input")
        json.integers(spec.input)
        json.key("layers")
        json.beginArray()
        for layer in spec.layers {
            json.beginObject()
            json.field("name", layer.name)
            json.field("type", layer.operation.typeName)
            json.key("inputs")
            json.beginArray()
            for input in layer.inputs { json.string(input) }
            json.endArray()
            if let shared = layer.sharesWeightsWith { json.field("shares_weights_with", shared) }
            writeFields(layer.operation, to: &json)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    private static func writeFields(_ operation: LayerOperation, to json: inout JSONWriter) {
        switch operation {
        case .conv2d(let conv):
            json.field("in_channels", conv.inChannels)
            json.field("out_channels", conv.outChannels)
            json.size2D("kernel_size", conv.kernel)
            json.size2D("stride", conv.stride)
            json.key("padding")
            json.integers([conv.padding.top, conv.padding.left, conv.padding.bottom, conv.padding.right])
            json.size2D("dilation", conv.dilation)
            json.field("groups", conv.groups)
            json.field("bias", conv.bias)
        case .convTranspose2d(let conv):
            json.field("in_channels", conv.inChannels)
            json.field("out_channels", conv.outChannels)
            json.size2D("kernel_size", conv.kernel)
            json.size2D("stride", conv.stride)
            json.size2D("padding", conv.padding)
            json.size2D("output_padding", conv.outputPadding)
            json.size2D("dilation", conv.dilation)
            json.field("groups", conv.groups)
            json.field("bias", conv.bias)
        case .linear(let linear):
            json.field("in_features", linear.inFeatures)
            json.field("out_features", linear.outFeatures)
            json.field("bias", linear.bias)
        case .batchNorm(let norm):
            json.field("num_features", norm.numFeatures)
            json.field("affine", norm.affine)
        case .layerNorm(let norm):
            json.key("normalized_shape")
            if let shape = norm.normalizedShape { json.integers(shape) } else { json.null() }
            json.field("elementwise_affine", norm.elementwiseAffine)
            json.field("bias", norm.bias)
        case .groupNorm(let norm):
            json.field("num_groups", norm.groups)
            json.field("num_channels", norm.numChannels)
            json.field("affine", norm.affine)
        case .maxPool2d(let pool), .avgPool2d(let pool):
            json.size2D("kernel_size", pool.kernel)
            json.size2D("stride", pool.stride)
            json.size2D("padding", pool.padding)
            if case .maxPool2d = operation { json.size2D("dilation", pool.dilation) }
            json.field("ceil_mode", pool.ceilMode)
        case .adaptiveAvgPool2d(let pool), .adaptiveMaxPool2d(let pool):
            json.size2D("output_size", pool.outputSize)
        case .squeezeExcite(let block):
            json.field("squeeze_channels", block.squeezeChannels)
            json.field("activation", block.activation.rawValue)
            json.field("gate", block.gate.rawValue)
        case .concat(let concat): json.field("dim", concat.dim)
        case .flatten(let flatten): json.field("start_dim", flatten.startDim)
        case .reshape(let reshape):
            json.key("shape")
            json.integers(reshape.shape)
        case .permute(let permute):
            json.key("dims")
            json.integers(permute.dims)
        case .slice(let slice):
            json.field("dim", slice.dim)
            json.field("start", slice.start)
            json.field("end", slice.end)
        case .select(let select):
            json.field("dim", select.dim)
            json.field("index", select.index)
        case .channelShuffle(let shuffle): json.field("groups", shuffle.groups)
        case .dropout(let dropout): json.field("p", dropout.probability)
        case .patchEmbedding(let embedding):
            json.field("patch_size", embedding.patchSize)
            json.field("hidden_dim", embedding.hiddenDim)
            json.field("class_token", embedding.classToken)
            json.field("position_embedding", embedding.positionEmbedding)
            json.field("bias", embedding.bias)
        case .multiHeadAttention(let attention):
            json.field("num_heads", attention.heads)
            json.field("bias", attention.bias)
        case .transformerBlock(let block):
            json.field("num_heads", block.heads)
            json.field("mlp_dim", block.mlpDim)
            json.field("activation", block.activation.rawValue)
        case .tensorOperand(let operand):
            if case .concat(let dim, let tensorFirst) = operand.combination {
                json.field("dim", dim)
                json.field("tensor_first", tensorFirst)
            }
            json.key("shape")
            json.integers(operand.shape)
            json.field("learned", operand.learned)
        case .activation, .add, .multiply, .layerScale, .matmul:
            break
        }
    }
}

extension FieldReader {
    /// An array of whole numbers (each as `integer` accepts them).
    mutating func integers(_ name: String) -> [Int]? {
        guard let value = value(name) else { return nil }
        guard case .array(let items) = value, items.count <= NetworkLimits.layers.upperBound else {
            fail(name, "must be an array of integers, not \(value.typeName)")
            return nil
        }
        var numbers: [Int] = []
        numbers.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .integer(let number): numbers.append(number)
            case .number(let number) where Int(exactly: number) != nil: numbers.append(Int(number))
            default:
                fail(name, "must be an array of integers; \(item.typeName) is not one")
                return nil
            }
        }
        return numbers
    }

    /// An array of strings.
    mutating func strings(_ name: String) -> [String]? {
        guard let value = value(name) else { return nil }
        guard case .array(let items) = value else {
            fail(name, "must be an array of strings, not \(value.typeName)")
            return nil
        }
        var strings: [String] = []
        strings.reserveCapacity(items.count)
        for item in items {
            guard case .string(let text) = item else {
                fail(name, "must be an array of strings; \(item.typeName) is not one")
                return nil
            }
            strings.append(text)
        }
        return strings
    }

    /// torch's convention for a kernel, stride or size: one integer for both dimensions or `[h, w]`.
    mutating func size2D(_ name: String, default fallback: Int? = nil) -> Size2D? {
        guard let value = value(name) else { return fallback.map(Size2D.init) }
        if case .array = value {
            guard let pair = integers(name) else { return nil }
            guard pair.count == 2 else {
                fail(name, "must be one integer or [height, width], got \(pair.count) values")
                return nil
            }
            return Size2D(height: pair[0], width: pair[1])
        }
        return integer(name).map(Size2D.init)
    }

    /// A convolution's padding: one integer, `[h, w]` (both sides), or `[top, left, bottom, right]`.
    mutating func padding2D(_ name: String) -> Padding2D? {
        guard let value = value(name) else { return .zero }
        guard case .array = value else { return integer(name).map { Padding2D(Size2D($0)) } }
        guard let values = integers(name) else { return nil }
        switch values.count {
        case 2: return Padding2D(Size2D(height: values[0], width: values[1]))
        case 4: return Padding2D(top: values[0], left: values[1], bottom: values[2], right: values[3])
        default:
            fail(name, "must be one integer, [height, width] or [top, left, bottom, right], got \(values.count) values")
            return nil
        }
    }
}

extension JSONWriter {
    mutating func integers(_ values: [Int]) {
        beginArray()
        for value in values { integer(value) }
        endArray()
    }

    /// `[h, w]`.
    mutating func size2D(_ name: String, _ size: Size2D) {
        key(name)
        integers([size.height, size.width])
    }
}
