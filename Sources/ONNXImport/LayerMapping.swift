import Estimation

/// Turns one node that reads computed values into network layers, as torch's modules count them
/// (docs/onnx.md lists each op's mapping). Shapes are tracked as the graph has them (batch 1) and
/// given to the network spec per sample (`Shapes.perSample`).
struct LayerMapping {
    let node: ImportNode
    /// How many nodes (and graph outputs) read each value.
    let consumers: [String: Int]
    var draft = DraftNetwork()

    init(node: ImportNode, consumers: [String: Int]) {
        self.node = node
        self.consumers = consumers
    }

    /// One value per node output (nil for outputs Abacus does not compute: a pool's indices, a
    /// dropout's mask, a normalisation's saved statistics).
    mutating func map() throws(ONNXImportError) -> [Value?] {
        switch node.opType {
        case "Conv": return [.activation(try convolution())]
        case "ConvTranspose": return [.activation(try transposedConvolution())]
        case "Gemm": return [.activation(try gemm())]
        case "MatMul": return [.activation(try matrixProduct())]
        case "BatchNormalization": return [.activation(try batchNormalization())]
        case "LayerNormalization": return [.activation(try layerNormalization())]
        case "GroupNormalization", "InstanceNormalization": return [.activation(try groupNormalization())]
        case "MaxPool", "AveragePool": return [.activation(try pool())]
        case "GlobalAveragePool", "GlobalMaxPool": return [.activation(try globalPool(max: node.opType == "GlobalMaxPool"))]
        case "ReduceMean", "ReduceMax": return [.activation(try reduction())]
        case "Add", "Sub", "Mul", "Div": return [.activation(try binary())]
        case "Concat": return [.activation(try concatenation())]
        case "Split": return try split()
        case "SplitToSequence": return [.sequence(try splitToSequence())]
        case "SequenceAt": return [.activation(try sequenceAt())]
        case "Slice": return [.activation(try slice())]
        case "Gather": return [.activation(try gather())]
        case "Reshape", "Flatten", "Squeeze", "Unsqueeze": return [.activation(try reshape())]
        case "Transpose": return [.activation(try transpose())]
        case "Dropout": return [.activation(try dropout())]
        case "Identity", "Cast", "CastLike": return [.activation(try node.activation(0))]
        case "Expand": return [.activation(try expand())]
        default:
            if let function = try activationFunction() {
                let input = try node.activation(0)
                return [.activation(try emit(.activation(function), [input], natural: input.perSample, full: input.full))]
            }
            throw node.unsupported("Abacus does not count \(ONNXText.quoted(node.opType)) on computed values (docs/onnx.md lists the ops it reads)")
        }
    }

    // MARK: - Emitting

    /// Adds a layer reading `inputs`. `natural` is its output per sample as the network spec
    /// infers it; `full` the graph's shape (batch 1). Where the two disagree only in how the
    /// values are grouped, a reshape (a view) follows, so that later nodes see the graph's shape.
    mutating func emit(
        _ operation: LayerOperation, _ inputs: [Activation], natural: [Int], full: [Int], weights: [HeldTensor] = []
    ) throws(ONNXImportError) -> Activation {
        try check(full)
        var name = try draft.add(
            operation, inputs: inputs.map(\.layer), shape: natural, node: node.reference, weights: weights.filter(\.learned))
        let target = Shapes.perSample(full)
        if natural != target {
            guard let count = Shapes.elementCount(natural), count == Shapes.elementCount(target) else {
                throw node.unsupported("Abacus infers \(ONNXText.shape(natural)) per sample where the graph has \(ONNXText.shape(full))")
            }
            name = try draft.add(.reshape(Reshape(shape: target)), inputs: [name], shape: target, node: node.reference, weights: [])
        }
        return Activation(layer: name, full: full)
    }

    /// A computed shape that every layer can have: 1 to 8 dimensions, each from 1 to 2^30.
    func check(_ full: [Int]) throws(ONNXImportError) {
        guard (1...Shapes.largestRank).contains(full.count), full.allSatisfy({ (1...Shapes.largestDimension).contains($0) }) else {
            throw node.unsupported("its output would be \(ONNXText.shape(full)); Abacus counts tensors of 1 to \(Shapes.largestRank) dimensions, each from 1 to \(Shapes.largestDimension)")
        }
    }

    /// A graph axis of `full` as an axis of the per-sample shape.
    func perSampleAxis(_ axis: Int, of full: [Int], _ role: String = "axis") throws(ONNXImportError) -> Int {
        guard let resolved = Shapes.axis(axis, rank: full.count) else {
            throw node.invalid("\(role) \(axis) is not a dimension of its \(full.count)-dimensional input")
        }
        guard Shapes.dropsBatch(full) else { return resolved }
        guard resolved > 0 else {
            throw node.unsupported("works along dimension 0, the batch; Abacus counts networks that treat every sample alike")
        }
        return resolved - 1
    }

    /// A held tensor's shape as an operand of a per-sample value of rank `rank`: leading 1s (a
    /// batch dimension of its own) dropped while it has more dimensions than the value.
    static func perSampleOperand(_ shape: [Int], rank: Int) -> [Int] {
        var trimmed = shape[...]
        while trimmed.count > rank, trimmed.first == 1 { trimmed = trimmed.dropFirst() }
        return trimmed.isEmpty ? [1] : Array(trimmed)
    }

    /// An input image `[1, C, H, W]` (one per sample), for convolutions and pooling.
    func image(_ index: Int = 0) throws(ONNXImportError) -> Activation {
        let input = try node.activation(index)
        guard input.full.count == 4, input.full[0] == 1 else {
            throw node.unsupported("reads a \(ONNXText.shape(input.full)) tensor; Abacus counts 2-D operations on one [C, H, W] image per sample ([1, C, H, W] in the graph)")
        }
        return input
    }

    /// Whether nothing but this node reads its output `index`.
    func isUnread(output index: Int) -> Bool {
        index >= node.outputs.count || node.outputs[index].isEmpty || consumers[node.outputs[index], default: 0] == 0
    }
}
