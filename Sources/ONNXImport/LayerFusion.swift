import Estimation

/// Turns patterns an exporter spells out in several nodes back into the one layer torch's module
/// is, so that an export counts as its PyTorch model does:
/// - `x · sigmoid(x)` is SiLU (and `x · hardsigmoid(x)` hard swish): one operation per value, not a
///   sigmoid and a product;
/// - a linear layer (or convolution) without bias followed by the addition of a learned vector is
///   one biased layer (`MatMul` + `Add`, as torch exports `nn.Linear` on 3-D inputs);
/// - a constant single factor that only feeds matrix products is attention's scale, which
///   `scaled_dot_product_attention` applies inside the product: no separate work;
/// - reshape `[C, …] → [g, C/g, …]`, swap of the first two, reshape back is ShuffleNet's channel
///   shuffle (one copy of the values, as torch's `.contiguous()` makes).
/// A graph output is never fused away.
enum LayerFusion {
    static func fuse(_ draft: inout DraftNetwork, keeping outputs: Set<String>, input: [Int]) {
        var layers = draft.layers
        var index: [String: Int] = [:]
        var consumers: [String: [Int]] = [:]
        for (position, layer) in layers.enumerated() {
            index[layer.name] = position
            for name in layer.inputs { consumers[name, default: []].append(position) }
        }
        var removed = Set<Int>()
        var replacement: [String: String] = [:]
        /// The layer making `name` when `position` is the only reader of it.
        func soleProducer(_ name: String, readBy position: Int) -> Int? {
            guard let producer = index[name], !removed.contains(producer), !outputs.contains(name),
                  consumers[name] == [position]
            else { return nil }
            return producer
        }
        func shape(_ name: String) -> [Int] { index[name].map { layers[$0].shape } ?? input }

        for position in layers.indices {
            let layer = layers[position]
            switch layer.operation {
            case .multiply where layer.inputs.count == 2:
                for (gate, value) in [(layer.inputs[1], layer.inputs[0]), (layer.inputs[0], layer.inputs[1])] {
                    guard let producer = soleProducer(gate, readBy: position), layers[producer].inputs == [value],
                          case .activation(let function) = layers[producer].operation, function == .sigmoid || function == .hardsigmoid
                    else { continue }
                    layers[position].operation = .activation(function == .sigmoid ? .silu : .hardswish)
                    layers[position].inputs = [value]
                    removed.insert(producer)
                    break
                }
            case .tensorOperand(let operand) where operand.combination == .add && operand.learned:
                guard let producer = soleProducer(layer.inputs[0], readBy: position) else { break }
                var fused = layers[producer]
                switch fused.operation {
                case .linear(var linear) where !linear.bias && operand.shape == [linear.outFeatures]:
                    linear.bias = true
                    fused.operation = .linear(linear)
                case .conv2d(var conv) where !conv.bias && operand.shape == [conv.outChannels, 1, 1]:
                    conv.bias = true
                    fused.operation = .conv2d(conv)
                default: continue
                }
                fused.weights = fused.weights.flatMap { held in layer.weights.map { held + $0 } }
                layers[producer] = fused
                removed.insert(position)
                replacement[layer.name] = fused.name
            case .tensorOperand(let operand)
            where !operand.learned && operand.shape.allSatisfy({ $0 == 1 })
                && (operand.combination == .multiply || operand.combination == .divide):
                let readers = consumers[layer.name] ?? []
                guard !readers.isEmpty, !outputs.contains(layer.name),
                      readers.allSatisfy({ if case .matmul = layers[$0].operation { true } else { false } })
                else { break }
                removed.insert(position)
                replacement[layer.name] = layer.inputs[0]
            case .reshape(let back):
                guard let swap = soleProducer(layer.inputs[0], readBy: position),
                      case .permute(let permute) = layers[swap].operation,
                      let split = soleProducer(layers[swap].inputs[0], readBy: swap),
                      case .reshape(let grouped) = layers[split].operation
                else { break }
                let source = layers[split].inputs[0]
                let original = shape(source)
                guard original == back.shape, original.count >= 1, grouped.shape.count == original.count + 1,
                      grouped.shape[0] * grouped.shape[1] == original[0], Array(grouped.shape[2...]) == Array(original[1...]),
                      permute.dims == [1, 0] + Array(2..<grouped.shape.count)
                else { break }
                layers[position].operation = .channelShuffle(ChannelShuffle(groups: grouped.shape[0]))
                layers[position].inputs = [source]
                removed.formUnion([swap, split])
            default: break
            }
        }
        for position in layers.indices { draft.replace(position, with: layers[position]) }
        draft.remove(removed, replacement: replacement)
    }
}
