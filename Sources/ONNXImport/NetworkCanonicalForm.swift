import Estimation

/// A network written so that equal graphs read the same, whatever their layer names and order:
/// what a cache key should hash. Two uploads of one ONNX graph give the same canonical spec, and
/// so does an export whose layers are a preset's.
///
/// - Dropout (the identity at inference) goes; `flatten` becomes the reshape it is; a reshape of
///   a reshape reads the first one's input; a reshape to its input's own shape goes; views that
///   nothing reads go. None of these counts anything, so every total stays.
/// - Layers are ordered by a depth-first walk from the outputs (inputs in order, the inputs of a
///   sum or product sorted by a hash of the layers behind them), the network's last layer last,
///   and named `l0`, `l1`, …; a layer sharing weights names the first of its group in that order.
public enum NetworkCanonicalForm {
    public static func spec(of network: Network) -> NetworkSpec {
        form(of: network).spec
    }

    /// The canonical spec, and for each of its layers the index of the layer of `network` it is.
    public static func form(of network: Network) -> (spec: NetworkSpec, positions: [Int]) {
        var nodes = simplified(network)
        let hashes = structuralHashes(nodes, input: network.spec.input)
        for position in nodes.indices where nodes[position].isCommutative {
            nodes[position].inputs.sort { hashes.of($0) < hashes.of($1) }
        }
        let order = walk(nodes, hashes: hashes)
        var names: [Int: String] = [:]
        for (rank, position) in order.enumerated() { names[position] = "l\(rank)" }
        var groupOwner: [Int: String] = [:]
        let layers = order.map { position in
            let node = nodes[position]
            let name = names[position] ?? ""
            var shares: String?
            if let group = node.weightGroup {
                if let owner = groupOwner[group] { shares = owner } else { groupOwner[group] = name }
            }
            return NetworkLayer(
                name: name, inputs: node.inputs.map { $0.map { names[$0] ?? "" } ?? NetworkLayer.inputName },
                operation: node.operation, sharesWeightsWith: shares)
        }
        return (NetworkSpec(input: network.spec.input, layers: layers), order)
    }

    /// A layer while the form is made: inputs by index (nil for the network's input).
    private struct Node {
        var operation: LayerOperation
        var inputs: [Int?]
        var shape: [Int]
        /// The index of the layer owning the weights it holds, if it shares or is shared.
        var weightGroup: Int?
        var removed = false

        var isCommutative: Bool {
            switch operation {
            case .add, .multiply: true
            default: false
            }
        }

        var isView: Bool {
            switch operation {
            case .reshape, .flatten, .permute, .slice, .select, .dropout: true
            default: false
            }
        }
    }

    private static func simplified(_ network: Network) -> [Node] {
        var nodes = zip(network.spec.layers, network.layers).map { specLayer, layer in
            Node(operation: specLayer.operation, inputs: layer.inputs, shape: layer.outputShape, weightGroup: layer.sharesWeightsWith)
        }
        for (position, layer) in network.layers.enumerated() where layer.sharesWeightsWith != nil {
            if let owner = layer.sharesWeightsWith { nodes[owner].weightGroup = owner }
            nodes[position].weightGroup = layer.sharesWeightsWith
        }
        /// What each removed layer's readers read instead (always an earlier index, or the input).
        var alias: [Int: Int?] = [:]
        func target(_ input: Int?) -> Int? {
            guard let input, let replacement = alias[input] else { return input }
            return replacement
        }
        for position in nodes.indices {
            nodes[position].inputs = nodes[position].inputs.map(target)
            var source = nodes[position].inputs.first ?? nil
            switch nodes[position].operation {
            case .dropout:
                alias[position] = source
            case .flatten, .reshape:
                // A reshape of a reshape reads the first one's input.
                if let inner = source, case .reshape = nodes[inner].operation { source = nodes[inner].inputs.first ?? nil }
                if nodes[position].shape == (source.map { nodes[$0].shape } ?? network.spec.input) {
                    alias[position] = source
                } else {
                    nodes[position].operation = .reshape(Reshape(shape: nodes[position].shape))
                    nodes[position].inputs = [source]
                }
            default: break
            }
        }
        for position in alias.keys { nodes[position].removed = true }
        // Views that nothing reads any more (a reshape folded into the next), last to first.
        var readers = [Int](repeating: 0, count: nodes.count)
        for node in nodes where !node.removed { for case let input? in node.inputs { readers[input] += 1 } }
        for position in nodes.indices.reversed().dropFirst() where !nodes[position].removed && nodes[position].isView && readers[position] == 0 {
            nodes[position].removed = true
            for case let input? in nodes[position].inputs { readers[input] -= 1 }
        }
        return nodes
    }

    /// FNV-1a hashes of each layer and everything behind it: operation, output shape, inputs'
    /// hashes (sorted for sums and products). Deterministic across processes, unlike `Hasher`.
    private struct Hashes {
        var layers: [UInt64]
        var input: UInt64

        func of(_ input: Int?) -> UInt64 { input.map { layers[$0] } ?? self.input }
    }

    private static func structuralHashes(_ nodes: [Node], input: [Int]) -> Hashes {
        var hashes = Hashes(layers: [UInt64](repeating: 0, count: nodes.count), input: fnv("input\(input)"))
        for (position, node) in nodes.enumerated() where !node.removed {
            var inputs = node.inputs.map { hashes.of($0) }
            if node.isCommutative { inputs.sort() }
            hashes.layers[position] = fnv("\(node.operation)|\(node.shape)|\(inputs)")
        }
        return hashes
    }

    private static func fnv(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Post-order from the sinks: the others by hash, then the network's last layer.
    private static func walk(_ nodes: [Node], hashes: Hashes) -> [Int] {
        var read = [Bool](repeating: false, count: nodes.count)
        for node in nodes where !node.removed { for case let input? in node.inputs { read[input] = true } }
        let live = nodes.indices.filter { !nodes[$0].removed }
        guard let last = live.last else { return [] }
        let sinks = live.filter { !read[$0] && $0 != last }.sorted { (hashes.layers[$0], $0) < (hashes.layers[$1], $1) } + [last]
        var visited = [Bool](repeating: false, count: nodes.count)
        var order: [Int] = []
        order.reserveCapacity(live.count)
        // Iterative: a chain of 20,000 layers must not exhaust the stack.
        var stack: [(position: Int, next: Int)] = []
        for sink in sinks where !visited[sink] {
            visited[sink] = true
            stack.append((sink, 0))
            while let top = stack.last {
                let inputs = nodes[top.position].inputs
                if top.next < inputs.count {
                    stack[stack.count - 1].next += 1
                    if let input = inputs[top.next], !visited[input] {
                        visited[input] = true
                        stack.append((input, 0))
                    }
                } else {
                    order.append(top.position)
                    stack.removeLast()
                }
            }
        }
        return order
    }
}
