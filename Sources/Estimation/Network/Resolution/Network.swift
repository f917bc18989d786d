/// A `NetworkSpec` checked and resolved: every input reference is an index, every shape inferred,
/// every layer counted for one sample. Built once per spec; estimates at any batch, dtype or
/// hardware read it (`NetworkEstimator`).
public struct Network: Sendable {
    public struct Layer: Sendable {
        public let name: String
        public let operation: LayerOperation
        /// Indices of the layers it reads, `nil` for the network's input.
        public let inputs: [Int?]
        public let outputShape: [Int]
        public let cost: LayerCost
        /// The layer whose weights it uses, when it shares them.
        public let sharesWeightsWith: Int?
    }

    public let spec: NetworkSpec
    public let layers: [Layer]

    /// The last layer's output shape.
    public var outputShape: [Int] { layers.last?.outputShape ?? spec.input }

    /// Throws every problem of the first layer that has one, its fields named `layers[i].…`
    /// (`input` for the input shape).
    public init(resolving spec: NetworkSpec) throws(EstimationError) {
        guard NetworkLimits.rank.contains(spec.input.count), spec.input.allSatisfy(NetworkLimits.size.contains) else {
            throw EstimationError(
                field: "input",
                message: "must list from 1 to \(NetworkLimits.rank.upperBound) dimensions (without the batch), each from 1 to \(NetworkLimits.size.upperBound), got \(LayerContext.describe(spec.input))")
        }
        guard NetworkLimits.layers.contains(spec.layers.count) else {
            throw EstimationError(
                field: "layers", message: "must hold from 1 to \(NetworkLimits.layers.upperBound) layers, got \(spec.layers.count)")
        }
        var indexByName: [String: Int] = [:]
        indexByName.reserveCapacity(spec.layers.count)
        var layers: [Layer] = []
        layers.reserveCapacity(spec.layers.count)
        for (index, layer) in spec.layers.enumerated() {
            let inputs = try Self.inputs(of: layer, at: index, indexByName)
            let shapes = inputs.map { $0.map { layers[$0].outputShape } ?? spec.input }
            let context = LayerContext(index: index, name: layer.name, inputs: shapes)
            guard layer.operation.acceptsManyInputs || shapes.count == 1 else {
                throw context.issue("inputs", "reads one input, got \(shapes.count)")
            }
            let resolution = try layer.operation.resolve(context)
            guard NetworkLimits.rank.contains(resolution.shape.count), resolution.shape.allSatisfy(NetworkLimits.size.contains) else {
                throw context.issue(nil, "its output \(LayerContext.describe(resolution.shape)) would have a dimension beyond \(NetworkLimits.size.upperBound) or too many dimensions")
            }
            let owner = try layer.sharesWeightsWith.map { ownerName throws(EstimationError) in
                try Self.owner(ownerName, of: layer, context, shapes[0], spec.input, indexByName, layers)
            }
            var cost = try Self.cost(resolution.tally, field: "layers[\(index)]")
            if let owner {
                cost.weights = layers[owner].cost.parameters
                cost.parameters = 0
            }
            layers.append(Layer(
                name: layer.name, operation: layer.operation, inputs: inputs, outputShape: resolution.shape,
                cost: cost, sharesWeightsWith: owner))
            indexByName[layer.name] = index
        }
        self.spec = spec
        self.layers = layers
    }

    /// The layer's inputs as indices, after checking its name.
    private static func inputs(
        of layer: NetworkLayer, at index: Int, _ indexByName: [String: Int]
    ) throws(EstimationError) -> [Int?] {
        guard NetworkLimits.nameLength.contains(layer.name.utf8.count) else {
            throw EstimationError(
                field: "layers[\(index)].name", message: "must be from 1 to \(NetworkLimits.nameLength.upperBound) bytes long")
        }
        guard layer.name != NetworkLayer.inputName, indexByName[layer.name] == nil else {
            throw EstimationError(
                field: "layers[\(index)].name",
                message: layer.name == NetworkLayer.inputName
                    ? "\"input\" names the network's input; choose another name"
                    : "\"\(layer.name)\" names an earlier layer too; layer names must be unique")
        }
        guard !layer.inputs.isEmpty else { return [index == 0 ? nil : index - 1] }
        guard NetworkLimits.inputsPerLayer.contains(layer.inputs.count) else {
            throw EstimationError(
                field: "layers[\(index)].inputs", message: "must name at most \(NetworkLimits.inputsPerLayer.upperBound) inputs")
        }
        var resolved: [Int?] = []
        resolved.reserveCapacity(layer.inputs.count)
        for name in layer.inputs {
            if name == NetworkLayer.inputName {
                resolved.append(nil)
            } else if let earlier = indexByName[name] {
                resolved.append(earlier)
            } else {
                throw EstimationError(
                    field: "layers[\(index)].inputs",
                    message: "layer \"\(layer.name)\": no earlier layer is called \"\(name)\" (layers run in order; \"input\" is the network's input)")
            }
        }
        return resolved
    }

    /// The index of the layer whose weights `layer` uses, when the weights have the same shapes.
    private static func owner(
        _ name: String, of layer: NetworkLayer, _ context: LayerContext, _ input: [Int], _ networkInput: [Int],
        _ indexByName: [String: Int], _ layers: [Layer]
    ) throws(EstimationError) -> Int {
        guard let index = indexByName[name] else {
            throw context.issue("shares_weights_with", "no earlier layer is called \"\(name)\"")
        }
        let owner = layers[index]
        guard owner.sharesWeightsWith == nil else {
            throw context.issue("shares_weights_with", "\"\(name)\" shares another layer's weights itself; name that layer")
        }
        let ownerShapes = owner.operation.weightShapes(input: owner.inputs[0].map { layers[$0].outputShape } ?? networkInput)
        let shapes = layer.operation.weightShapes(input: input)
        guard owner.operation.typeName == layer.operation.typeName, !shapes.isEmpty, shapes == ownerShapes else {
            throw context.issue(
                "shares_weights_with",
                "\"\(name)\" has weights of other shapes (\(ownerShapes.map(LayerContext.describe).joined(separator: ", "))) than this layer's (\(shapes.map(LayerContext.describe).joined(separator: ", ")))")
        }
        return index
    }

    private static func cost(_ tally: LayerTally, field: String) throws(EstimationError) -> LayerCost {
        let parameters = try tally.parameters.resolve(field: field)
        return LayerCost(
            parameters: parameters, weights: parameters, macs: try tally.macs.resolve(field: field),
            biasAdditions: try tally.biasAdditions.resolve(field: field),
            elementwise: try tally.elementwise.resolve(field: field),
            activations: try tally.activations.resolve(field: field),
            readElements: try tally.readElements.resolve(field: field),
            writtenElements: try tally.writtenElements.resolve(field: field))
    }
}

extension LayerOperation {
    /// Sums, products, matrix products and concatenations read several inputs; every other layer reads one.
    var acceptsManyInputs: Bool {
        switch self {
        case .add, .multiply, .concat, .matmul: true
        default: false
        }
    }

    func resolve(_ context: LayerContext) throws(EstimationError) -> LayerResolution {
        switch self {
        case .conv2d(let conv): try conv.resolve(context)
        case .convTranspose2d(let conv): try conv.resolve(context)
        case .linear(let linear): try linear.resolve(context)
        case .batchNorm(let norm): try norm.resolve(context)
        case .layerNorm(let norm): try norm.resolve(context)
        case .groupNorm(let norm): try norm.resolve(context)
        case .activation(let function): function.resolve(context)
        case .maxPool2d(let pool): try pool.resolve(context)
        case .avgPool2d(let pool):
            if pool.dilation != Size2D(1) { throw context.issue("dilation", "avg_pool2d has no dilation") }
            else { try pool.resolve(context) }
        case .adaptiveAvgPool2d(let pool), .adaptiveMaxPool2d(let pool): try pool.resolve(context)
        case .squeezeExcite(let block): try block.resolve(context)
        case .add, .multiply: try Broadcast.resolve(context)
        case .concat(let concat): try concat.resolve(context)
        case .flatten(let flatten): try flatten.resolve(context)
        case .reshape(let reshape): try reshape.resolve(context)
        case .permute(let permute): try permute.resolve(context)
        case .slice(let slice): try slice.resolve(context)
        case .select(let select): try select.resolve(context)
        case .channelShuffle(let shuffle): try shuffle.resolve(context)
        case .dropout(let dropout): try dropout.resolve(context)
        case .layerScale: LayerScale.resolve(context)
        case .patchEmbedding(let embedding): try embedding.resolve(context)
        case .multiHeadAttention(let attention): try attention.resolve(context)
        case .transformerBlock(let block): try block.resolve(context)
        case .matmul: try MatrixProduct.resolve(context)
        case .tensorOperand(let operand): try operand.resolve(context)
        }
    }

    /// The shapes of the weights the layer holds for an input of shape `input` (in torch's order),
    /// to check that a layer sharing another's weights could.
    func weightShapes(input: [Int]) -> [[Int]] {
        let channels = input.first ?? 0
        let features = input.last ?? 0
        func biased(_ weight: [Int], _ bias: Int, _ hasBias: Bool) -> [[Int]] { hasBias ? [weight, [bias]] : [weight] }
        switch self {
        case .conv2d(let conv):
            return biased([conv.outChannels, channels / max(conv.groups, 1), conv.kernel.height, conv.kernel.width], conv.outChannels, conv.bias)
        case .convTranspose2d(let conv):
            return biased([channels, conv.outChannels / max(conv.groups, 1), conv.kernel.height, conv.kernel.width], conv.outChannels, conv.bias)
        case .linear(let linear):
            return biased([linear.outFeatures, features], linear.outFeatures, linear.bias)
        case .batchNorm(let norm): return norm.affine ? [[channels], [channels]] : []
        case .groupNorm(let norm): return norm.affine ? [[channels], [channels]] : []
        case .layerNorm(let norm):
            let shape = norm.normalizedShape ?? [features]
            return norm.elementwiseAffine ? (norm.bias ? [shape, shape] : [shape]) : []
        case .squeezeExcite(let block):
            let squeeze = block.squeezeChannels
            return [[squeeze, channels, 1, 1], [squeeze], [channels, squeeze, 1, 1], [channels]]
        case .layerScale: return [[channels]]
        case .tensorOperand(let operand): return operand.learned ? [operand.shape] : []
        case .patchEmbedding(let embedding):
            let patch = max(embedding.patchSize, 1)
            let tokens = input.count == 3 ? (input[1] / patch) * (input[2] / patch) + (embedding.classToken ? 1 : 0) : 0
            return [[embedding.hiddenDim, channels, patch, patch]]
                + (embedding.bias ? [[embedding.hiddenDim]] : [])
                + (embedding.classToken ? [[1, 1, embedding.hiddenDim]] : [])
                + (embedding.positionEmbedding ? [[tokens, embedding.hiddenDim]] : [])
        case .multiHeadAttention(let attention):
            return biased([3 * features, features], 3 * features, attention.bias) + biased([features, features], features, attention.bias)
        case .transformerBlock(let block):
            let norm = [[features], [features]]
            return norm + [[3 * features, features], [3 * features], [features, features], [features]] + norm
                + [[block.mlpDim, features], [block.mlpDim], [features, block.mlpDim], [features]]
        default: return []
        }
    }
}
