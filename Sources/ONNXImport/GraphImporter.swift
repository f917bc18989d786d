import Estimation

/// Walks a model's graph in order, node by node: held tensors are evaluated (shapes, and values
/// when small), computed values become network layers (`LayerMapping`), and the layers are fused
/// and resolved into the network. Nodes that no graph output depends on are skipped.
struct GraphImporter {
    let model: Onnx_ModelProto
    let limits: ONNXLimits
    /// A per-sample input shape for a graph whose input has symbolic dimensions.
    let inputOverride: [Int]?

    var values: [String: Value] = [:]
    var draft = DraftNetwork()

    init(model: Onnx_ModelProto, input: [Int]?, limits: ONNXLimits) {
        self.model = model
        self.inputOverride = input
        self.limits = limits
    }

    mutating func run() throws(ONNXImportError) -> ImportedNetwork {
        let graph = model.graph
        guard graph.node.count <= limits.nodes else {
            throw ONNXImportError(.tooLarge, field: "graph.node", "the graph has \(graph.node.count) nodes; Abacus reads at most \(limits.nodes)")
        }
        guard model.functions.isEmpty || !graph.node.contains(where: { node in model.functions.contains { $0.name == node.opType } }) else {
            throw ONNXImportError(.unsupported, field: "model.functions", "the graph calls model-local functions; export with the functions inlined (torch.onnx.export does by default)")
        }
        try readInitializers(graph)
        let inputName = try readInputs(graph)
        let order = try reachableNodes(graph)
        var consumers: [String: Int] = [:]
        for index in order { for name in graph.node[index].input where !name.isEmpty { consumers[name, default: 0] += 1 } }
        for output in graph.output { consumers[output.name, default: 0] += 1 }
        for index in order {
            let proto = graph.node[index]
            let node = try importNode(proto, at: index)
            let outputs = try evaluate(node, consumers: consumers)
            for (name, value) in zip(proto.output, outputs) where !name.isEmpty {
                if let value { values[name] = value }
            }
        }
        var outputLayers: [String] = []
        for output in graph.output {
            guard case .activation(let activation)? = values[output.name] else { continue }
            if activation.layer != NetworkLayer.inputName { outputLayers.append(activation.layer) }
        }
        guard !outputLayers.isEmpty else {
            throw ONNXImportError(.unsupported, field: "graph.output", "no graph output is computed from the input by any layer: there is nothing to count")
        }
        LayerFusion.fuse(&draft, keeping: Set(outputLayers), input: inputShape)
        let spec = NetworkAssembly.spec(draft, input: inputShape)
        return try NetworkAssembly.resolve(
            spec, origins: draft.layers.map(\.origin), inputName: inputName, model: model)
    }

    private var inputShape: [Int] = []

    // MARK: - Initializers and inputs

    private mutating func readInitializers(_ graph: Onnx_GraphProto) throws(ONNXImportError) {
        let reading = TensorReading(limits: limits)
        for (index, tensor) in graph.initializer.enumerated() {
            let field = "graph.initializer[\(index)]"
            guard values[tensor.name] == nil else {
                throw ONNXImportError(.invalidGraph, field: field, "initializer \(ONNXText.quoted(tensor.name)) is defined twice")
            }
            do {
                let held = try reading.read(tensor, learned: true, origin: tensor.name, what: "initializer \(ONNXText.quoted(tensor.name))")
                values[tensor.name] = .held(held)
            } catch {
                throw ONNXImportError(.invalidGraph, field: field, error.message)
            }
        }
    }

    /// The network's input is the first graph input without an initializer; any other such input
    /// is a weight (a model exported with `export_params=False` lists its weights as inputs).
    private mutating func readInputs(_ graph: Onnx_GraphProto) throws(ONNXImportError) -> String {
        var networkInput: String?
        for (index, input) in graph.input.enumerated() where values[input.name] == nil {
            let field = "graph.input[\(index)]"
            guard case .tensorType(let type)? = input.type.value, type.hasShape else {
                throw ONNXImportError(.unsupported, field: field, "input \(ONNXText.quoted(input.name)) is not a tensor of known rank")
            }
            let dims = type.shape.dim
            guard (1...Shapes.largestRank).contains(dims.count) else {
                throw ONNXImportError(.unsupported, field: field, "input \(ONNXText.quoted(input.name)) has \(dims.count) dimensions; Abacus reads from 1 to \(Shapes.largestRank)")
            }
            if networkInput == nil {
                networkInput = input.name
                inputShape = try Self.inputShape(dims, name: input.name, override: inputOverride, field: field)
                values[input.name] = .activation(Activation(layer: NetworkLayer.inputName, full: [1] + inputShape))
            } else {
                var shape: [Int] = []
                for (axis, dim) in dims.enumerated() {
                    guard case .dimValue(let size)? = dim.value, (0...Int64(Shapes.largestDimension)).contains(size) else {
                        throw ONNXImportError(.unsupported, field: field, "weight input \(ONNXText.quoted(input.name)) has no fixed size in dimension \(axis)")
                    }
                    shape.append(Int(size))
                }
                let kind = ElementKind(dataType: type.elemType)
                values[input.name] = .held(HeldTensor(shape: shape, kind: kind, values: nil, learned: true, origin: input.name))
            }
        }
        guard let networkInput else {
            throw ONNXImportError(.unsupported, field: "graph.input", "the graph has no input that is not an initializer: nothing is computed from data")
        }
        readDeclaredWeights(graph)
        return networkInput
    }

    /// Values that the graph declares in `value_info` but that nothing makes: weights of a model
    /// exported without them (the dynamo exporter's `export_params=False, optimize=False`).
    private mutating func readDeclaredWeights(_ graph: Onnx_GraphProto) {
        let produced = Set(graph.node.lazy.flatMap(\.output))
        for info in graph.valueInfo where values[info.name] == nil && !produced.contains(info.name) {
            guard case .tensorType(let type)? = info.type.value, type.hasShape, type.shape.dim.count <= Shapes.largestRank else { continue }
            var shape: [Int] = []
            for dim in type.shape.dim {
                guard case .dimValue(let size)? = dim.value, (0...Int64(Shapes.largestDimension)).contains(size) else { break }
                shape.append(Int(size))
            }
            guard shape.count == type.shape.dim.count else { continue }
            values[info.name] = .held(HeldTensor(shape: shape, kind: ElementKind(dataType: type.elemType), values: nil, learned: true, origin: info.name))
        }
    }

    /// The input's shape per sample: dimension 0 is the batch (1, or symbolic); the others fixed,
    /// or given by `override` where symbolic.
    private static func inputShape(
        _ dims: [Onnx_TensorShapeProto.Dimension], name: String, override: [Int]?, field: String
    ) throws(ONNXImportError) -> [Int] {
        let what = "input \(ONNXText.quoted(name))"
        if case .dimValue(let batch)? = dims[0].value, batch != 1 {
            throw ONNXImportError(.unsupported, field: field, "\(what) has a batch of \(batch); export with a batch of 1 or a dynamic batch (the request's batch_size sets it)")
        }
        if let override, override.count != dims.count - 1 {
            throw ONNXImportError(.unsupported, field: field, "\(what) has \(dims.count - 1) dimensions after the batch, but the given input shape \(ONNXText.shape(override)) has \(override.count)")
        }
        var shape: [Int] = []
        for (axis, dim) in dims.enumerated().dropFirst() {
            let given = override?[axis - 1]
            switch dim.value {
            case .dimValue(let size)?:
                guard (1...Int64(Shapes.largestDimension)).contains(size) else {
                    throw ONNXImportError(.unsupported, field: field, "\(what) has a dimension of \(size), outside 1…\(Shapes.largestDimension)")
                }
                if let given, given != Int(size) {
                    throw ONNXImportError(.unsupported, field: field, "\(what) has a fixed size \(size) in dimension \(axis), not \(given)")
                }
                shape.append(Int(size))
            default:
                guard let given, (1...Shapes.largestDimension).contains(given) else {
                    throw ONNXImportError(.unsupported, field: field, "\(what) has a symbolic size in dimension \(axis); give the input shape (without the batch) with the request")
                }
                shape.append(given)
            }
        }
        return shape
    }

    // MARK: - Order

    /// Indices of the nodes some graph output depends on, in the graph's order, after checking
    /// that every node reads only values made before it (ONNX's topological order; a cycle breaks it).
    private func reachableNodes(_ graph: Onnx_GraphProto) throws(ONNXImportError) -> [Int] {
        var producer: [String: Int] = [:]
        var defined = Set(values.keys)
        for (index, node) in graph.node.enumerated() {
            let reference = Self.reference(node, index)
            for name in node.input where !name.isEmpty && !defined.contains(name) {
                let problem = graph.node[index...].contains { $0.output.contains(name) }
                    ? "reads \(ONNXText.quoted(name)) before a node makes it: the graph is not in topological order, or has a cycle"
                    : "reads \(ONNXText.quoted(name)), which no node, initializer or graph input makes"
                throw ONNXImportError(.invalidGraph, at: reference, problem)
            }
            for name in node.output where !name.isEmpty {
                guard !defined.contains(name) else {
                    throw ONNXImportError(.invalidGraph, at: reference, "makes \(ONNXText.quoted(name)), which is already defined")
                }
                defined.insert(name)
                producer[name] = index
            }
        }
        var needed = [Bool](repeating: false, count: graph.node.count)
        var pending: [String] = []
        for output in graph.output {
            guard defined.contains(output.name) else {
                throw ONNXImportError(.invalidGraph, field: "graph.output", "output \(ONNXText.quoted(output.name)) is made by no node, initializer or input")
            }
            pending.append(output.name)
        }
        while let name = pending.popLast() {
            guard let index = producer[name], !needed[index] else { continue }
            needed[index] = true
            pending.append(contentsOf: graph.node[index].input.filter { !$0.isEmpty })
        }
        return needed.indices.filter { needed[$0] }
    }

    static func reference(_ node: Onnx_NodeProto, _ index: Int) -> ONNXNodeReference {
        ONNXNodeReference(index: index, name: node.name, opType: node.opType)
    }

    // MARK: - Nodes

    private func importNode(_ proto: Onnx_NodeProto, at index: Int) throws(ONNXImportError) -> ImportNode {
        let reference = Self.reference(proto, index)
        guard proto.domain.isEmpty || proto.domain == "ai.onnx" else {
            throw ONNXImportError(.unsupported, at: reference, "is in domain \(ONNXText.quoted(proto.domain)); Abacus reads the standard ONNX operators only")
        }
        var inputs: [Value?] = []
        inputs.reserveCapacity(proto.input.count)
        for name in proto.input {
            if name.isEmpty {
                inputs.append(nil)
                continue
            }
            guard let value = values[name] else {
                throw ONNXImportError(.unsupported, at: reference, "reads \(ONNXText.quoted(name)), an output of its producer that Abacus does not compute (only the first output of a normalisation or pooling node is read)")
            }
            inputs.append(value)
        }
        return ImportNode(reference: reference, proto: proto, inputs: inputs)
    }

    /// Inputs whose values a node ignores (it reads only their shape or type).
    private static func shapeOnlyInputs(_ opType: String) -> Set<Int> {
        switch opType {
        case "Shape", "Size", "RandomUniformLike", "RandomNormalLike", "EyeLike": [0]
        case "CastLike": [1]
        default: []
        }
    }

    /// The node's outputs: held tensors when it reads none of the computed values, else layers.
    private mutating func evaluate(_ node: ImportNode, consumers: [String: Int]) throws(ONNXImportError) -> [Value?] {
        let shapeOnly = Self.shapeOnlyInputs(node.opType)
        let computed = node.inputs.enumerated().contains { index, value in
            guard !shapeOnly.contains(index), let value else { return false }
            if case .held = value { return false }
            return true
        }
        guard computed else {
            return try HeldEvaluation(limits: limits).evaluate(node).map { Value.held($0) }
        }
        // The mapping appends to the draft in place (swapped in and out, never copied).
        var mapping = LayerMapping(node: node, consumers: consumers)
        swap(&mapping.draft, &draft)
        defer { swap(&mapping.draft, &draft) }
        return try mapping.map()
    }
}
