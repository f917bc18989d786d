/// A `NetworkSpec` checked and resolved: every input reference is an index, every shape inferred,
/// every layer counted for one sample. Built once per spec; estimates at any batch, dtype or
/// hardware read it (`NetworkEstimator`).
public struct Network: Sendable {
    /// What resolving found for `spec.layers[i]` (whose name and operation it keeps).
    public struct Layer: Sendable {
        /// The first input's index (nil for the network's input): most layers have only that one,
        /// and keeping it apart saves an array per layer.
        let firstInput: Int?
        let otherInputs: [Int?]
        public let outputShape: [Int]
        public let cost: LayerCost
        /// The layer whose weights it uses, when it shares them.
        public let sharesWeightsWith: Int?

        /// Indices of the layers it reads, nil for the network's input.
        public var inputs: [Int?] { [firstInput] + otherInputs }
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
        self.spec = spec
        self.layers = try spec.layers.withUnsafeBufferPointer { specLayers throws(EstimationError) in
            try Self.resolve(specLayers, input: spec.input)
        }
    }

    /// Every layer in order. The spec's layers are read in place (copying each was a tenth of the time).
    private static func resolve(_ specLayers: UnsafeBufferPointer<NetworkLayer>, input: [Int]) throws(EstimationError) -> [Layer] {
        var names = LayerNames(capacity: specLayers.count)
        var layers: [Layer] = []
        layers.reserveCapacity(specLayers.count)
        for index in specLayers.indices {
            let name = specLayers[index].name
            let (first, others) = try inputs(of: index, specLayers, names)
            func shape(_ layer: Int?) -> [Int] { layer.map { layers[$0].outputShape } ?? input }
            // Most layers read one input: only sums, products and concatenations need the list.
            let context = LayerContext(index: index, name: name, input: shape(first), others: others.isEmpty ? [] : others.map(shape))
            let operation = specLayers[index].operation
            guard operation.acceptsManyInputs || others.isEmpty else {
                throw context.issue("inputs", "reads one input, got \(others.count + 1)")
            }
            let resolution = try operation.resolve(context)
            guard NetworkLimits.rank.contains(resolution.shape.count), resolution.shape.allSatisfy(NetworkLimits.size.contains) else {
                throw context.issue(nil, "its output \(LayerContext.describe(resolution.shape)) would have a dimension beyond \(NetworkLimits.size.upperBound) or too many dimensions")
            }
            var cost = try Self.cost(resolution.tally, context)
            var owner: Int?
            if let ownerName = specLayers[index].sharesWeightsWith {
                let found = try Self.owner(ownerName, of: index, context, specLayers, names, layers, input: input)
                cost.weights = layers[found].cost.parameters
                cost.parameters = 0
                owner = found
            }
            if names.insert(index, in: specLayers) != nil {
                throw EstimationError(
                    field: "layers[\(index)].name", message: "\"\(name)\" names an earlier layer too; layer names must be unique")
            }
            layers.append(Layer(
                firstInput: first, otherInputs: others, outputShape: resolution.shape, cost: cost, sharesWeightsWith: owner))
        }
        return layers
    }

    /// The layer's inputs as indices (the first, and any others), after checking its name.
    private static func inputs(
        of index: Int, _ specLayers: UnsafeBufferPointer<NetworkLayer>, _ names: LayerNames
    ) throws(EstimationError) -> (first: Int?, others: [Int?]) {
        let name = specLayers[index].name
        guard NetworkLimits.nameLength.contains(name.utf8.count) else {
            throw EstimationError(
                field: "layers[\(index)].name", message: "must be from 1 to \(NetworkLimits.nameLength.upperBound) bytes long")
        }
        guard name != NetworkLayer.inputName else {
            throw EstimationError(field: "layers[\(index)].name", message: "\"input\" names the network's input; choose another name")
        }
        let inputs = specLayers[index].inputs
        guard !inputs.isEmpty else { return (index == 0 ? nil : index - 1, []) }
        guard NetworkLimits.inputsPerLayer.contains(inputs.count) else {
            throw EstimationError(
                field: "layers[\(index)].inputs", message: "must name at most \(NetworkLimits.inputsPerLayer.upperBound) inputs")
        }
        func resolve(_ input: String) throws(EstimationError) -> Int? {
            if input == NetworkLayer.inputName { return nil }
            guard let earlier = names.index(of: input, in: specLayers) else {
                throw EstimationError(
                    field: "layers[\(index)].inputs",
                    message: "layer \"\(name)\": no earlier layer is called \"\(input)\" (layers run in order; \"input\" is the network's input)")
            }
            return earlier
        }
        let first = try resolve(inputs[0])
        guard inputs.count > 1 else { return (first, []) }
        var others: [Int?] = []
        others.reserveCapacity(inputs.count - 1)
        for input in inputs.dropFirst() { others.append(try resolve(input)) }
        return (first, others)
    }

    /// The index of the layer whose weights layer `index` uses, when the weights have the same shapes.
    private static func owner(
        _ name: String, of index: Int, _ context: LayerContext, _ specLayers: UnsafeBufferPointer<NetworkLayer>,
        _ names: LayerNames, _ layers: [Layer], input: [Int]
    ) throws(EstimationError) -> Int {
        guard let found = names.index(of: name, in: specLayers) else {
            throw context.issue("shares_weights_with", "no earlier layer is called \"\(name)\"")
        }
        guard layers[found].sharesWeightsWith == nil else {
            throw context.issue("shares_weights_with", "\"\(name)\" shares another layer's weights itself; name that layer")
        }
        let ownerOperation = specLayers[found].operation
        let ownerShapes = ownerOperation.weightShapes(input: layers[found].firstInput.map { layers[$0].outputShape } ?? input)
        let operation = specLayers[index].operation
        let shapes = operation.weightShapes(input: context.input)
        guard ownerOperation.typeName == operation.typeName, !shapes.isEmpty, shapes == ownerShapes else {
            throw context.issue(
                "shares_weights_with",
                "\"\(name)\" has weights of other shapes (\(ownerShapes.map(LayerContext.describe).joined(separator: ", "))) than this layer's (\(shapes.map(LayerContext.describe).joined(separator: ", ")))")
        }
        return found
    }

    /// The tally's exact counts; an overflow names the layer (its field built only then).
    private static func cost(_ tally: LayerTally, _ context: LayerContext) throws(EstimationError) -> LayerCost {
        guard let parameters = tally.parameters.value, let macs = tally.macs.value, let bias = tally.biasAdditions.value,
              let elementwise = tally.elementwise.value, let activations = tally.activations.value,
              let reads = tally.readElements.value, let writes = tally.writtenElements.value
        else {
            throw context.issue(nil, "too large: its counts would exceed 2^63 − 1, the largest exact count this service computes")
        }
        return LayerCost(
            parameters: parameters, weights: parameters, macs: macs, biasAdditions: bias, elementwise: elementwise,
            activations: activations, readElements: reads, writtenElements: writes)
    }
}

extension LayerOperation {
    /// Sums, products and concatenations read several inputs; every other layer reads one.
    var acceptsManyInputs: Bool {
        switch self {
        case .add, .multiply, .concat: true
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
