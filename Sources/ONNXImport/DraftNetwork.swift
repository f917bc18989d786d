import Estimation

/// A layer as the importer first emits it, before fusion turns a few of its patterns into the
/// layers torch's modules are (SiLU, a biased linear layer, a channel shuffle).
struct DraftLayer {
    var name: String
    var inputs: [String]
    var operation: LayerOperation
    /// The output per sample, as the network spec infers it.
    var shape: [Int]
    var origin: ONNXNodeReference
    /// The origins of the learned tensors it holds, in order; nil when one has no origin (a
    /// tensor computed from several), so that it never shares weights.
    var weights: [String]?
}

/// The layers emitted so far, uniquely named after their nodes.
struct DraftNetwork {
    private(set) var layers: [DraftLayer] = []
    private var names: Set<String> = [NetworkLayer.inputName]
    private var suffixes: [String: Int] = [:]

    /// Longest node name kept as a layer name (`NetworkLimits.nameLength` leaves room for a suffix).
    private static let longestName = 200

    /// Adds a layer named after `node` (its name, or `OpType_index` without a usable one; `.1`,
    /// `.2` … for a name already taken) and returns the name.
    mutating func add(
        _ operation: LayerOperation, inputs: [String], shape: [Int], node: ONNXNodeReference, weights: [HeldTensor]
    ) throws(ONNXImportError) -> String {
        guard layers.count < NetworkLimits.layers.upperBound else {
            throw ONNXImportError(
                .tooLarge, at: node, "the graph comes to more than \(NetworkLimits.layers.upperBound) layers, the most Abacus counts")
        }
        let usable = !node.name.isEmpty && node.name.utf8.count <= Self.longestName
        let base = usable ? node.name : "\(node.opType.prefix(64))_\(node.index)"
        var name = base
        while names.contains(name) {
            let suffix = suffixes[base, default: 1]
            suffixes[base] = suffix + 1
            name = "\(base).\(suffix)"
        }
        names.insert(name)
        let origins = weights.map(\.origin)
        layers.append(DraftLayer(
            name: name, inputs: inputs, operation: operation, shape: shape, origin: node,
            weights: origins.contains(nil) ? nil : origins.compactMap { $0 }))
        return name
    }

    mutating func replace(_ index: Int, with layer: DraftLayer) {
        layers[index] = layer
    }

    /// Drops the layers at `removed`; references to each go to `replacement[name]` instead.
    mutating func remove(_ removed: Set<Int>, replacement: [String: String]) {
        func resolved(_ name: String) -> String {
            var current = name
            // Replacements point to earlier layers, so the chain ends; the bound only guards that.
            for _ in 0...replacement.count {
                guard let next = replacement[current] else { break }
                current = next
            }
            return current
        }
        layers = layers.enumerated().compactMap { index, layer in
            guard !removed.contains(index) else { return nil }
            var kept = layer
            kept.inputs = layer.inputs.map(resolved)
            return kept
        }
    }
}
