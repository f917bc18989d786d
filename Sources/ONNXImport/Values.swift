import Foundation

/// What a name in the graph stands for while the importer walks it.
enum Value {
    /// Computed from the network's input: a layer's output (or the input itself).
    case activation(Activation)
    /// Held by the model rather than computed from its input: an initializer, a weight given as a
    /// graph input, a constant, or arithmetic on those (shape computations).
    case held(HeldTensor)
    /// `SplitToSequence`'s pieces of an activation, taken out by `SequenceAt`.
    case sequence(SplitSequence)
}

/// A computed value: the layer that makes it (`input` for the network's input) and its shape as
/// the graph has it, batch dimension included (at batch 1).
struct Activation {
    var layer: String
    var full: [Int]

    /// As the network spec sees it: per sample (`Shapes.perSample`).
    var perSample: [Int] { Shapes.perSample(full) }
}

/// An activation split along an axis into pieces of the given sizes.
struct SplitSequence {
    var source: Activation
    var axis: Int
    var sizes: [Int]
}

/// What a held tensor's elements are.
enum ElementKind: Hashable {
    case real, integer, boolean, other

    /// From TensorProto.DataType.
    init(dataType: Int32) {
        switch dataType {
        case 1, 10, 11, 16, 17, 18, 19, 20, 23, 24, 25, 26: self = .real
        case 2, 3, 4, 5, 6, 7, 12, 13, 21, 22: self = .integer
        case 9: self = .boolean
        default: self = .other
        }
    }
}

/// A tensor the model holds (or computes from held tensors alone).
struct HeldTensor {
    var shape: [Int]
    var kind: ElementKind
    /// Every value, when the tensor is small enough to evaluate and its data is known (weights
    /// usually come without data: external, stripped, or graph inputs).
    var values: [Double]?
    /// Made from an initializer or a weight input (trained values), as opposed to a constant.
    var learned: Bool
    /// The initializer (or weight input) this tensor is, or is a view of: two layers holding
    /// tensors of the same origin share their weights.
    var origin: String?

    var elementCount: Int { Shapes.elementCount(shape) ?? Int.max }

    /// Trained parameters, as the importer counts them: learned real tensors of more than one
    /// value. A single learned value is taken for a constant (a lifted scale, an epsilon).
    var isParameter: Bool { learned && kind == .real && elementCount > 1 }

    /// The values as integers, when every one is a whole number in `±2^62`.
    var integers: [Int]? {
        guard let values else { return nil }
        var result: [Int] = []
        result.reserveCapacity(values.count)
        for value in values {
            guard value.rounded() == value, abs(value) <= 0x1p62 else { return nil }
            result.append(Int(value))
        }
        return result
    }

    /// Known to be all zeros.
    var isZero: Bool { values?.allSatisfy { $0 == 0 } ?? false }

    /// A scalar or one-value tensor.
    var isSingleValue: Bool { elementCount == 1 }
}
