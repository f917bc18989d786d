/// Exact counts of one layer for one sample, accumulated step by step: a composite layer (a
/// transformer block, a squeeze-excite) adds the steps it runs, each reading its inputs and writing
/// its output as eager PyTorch would. `CheckedInt` until the layer is done, so that an overflow
/// becomes an issue naming the layer.
struct LayerTally {
    /// Parameters the layer owns.
    var parameters: CheckedInt = 0
    /// Multiply-accumulates of convolutions, matrix products and attention.
    var macs: CheckedInt = 0
    /// One per output element of a layer with a bias.
    var biasAdditions: CheckedInt = 0
    /// Other floating-point work: normalisation, activation functions, pooling, sums, softmax.
    var elementwise: CheckedInt = 0
    /// pycls's activations: output elements of convolutions, linear layers, windowed pooling and
    /// attention's matrix products.
    var activations: CheckedInt = 0
    /// Tensor values read (weights apart, which are `parameters` or the shared layer's).
    var readElements: CheckedInt = 0
    /// Tensor values written.
    var writtenElements: CheckedInt = 0

    /// A step without weights: reads `reads`, writes `writes`, `operations` elementwise operations.
    mutating func elementwiseStep(reads: CheckedInt, writes: CheckedInt, operations: CheckedInt) {
        readElements = readElements + reads
        writtenElements = writtenElements + writes
        elementwise = elementwise + operations
    }

    /// A fully connected product over `rows` positions (a linear layer, a 1×1 convolution, an
    /// attention projection): `inputs × outputs` weights (+ `outputs` biases).
    mutating func dense(rows: CheckedInt, inputs: Int, outputs: Int, bias: Bool) {
        let weights = CheckedInt(inputs) * CheckedInt(outputs)
        let produced = rows * CheckedInt(outputs)
        parameters = parameters + weights + (bias ? CheckedInt(outputs) : 0)
        macs = macs + rows * weights
        if bias { biasAdditions = biasAdditions + produced }
        activations = activations + produced
        readElements = readElements + rows * CheckedInt(inputs)
        writtenElements = writtenElements + produced
    }

    /// A learned elementwise parameter of `count` values applied to `elements` values (a layer
    /// scale, a position embedding): reads the tensor, writes it, one operation per value.
    mutating func learnedElementwise(count: CheckedInt, elements: CheckedInt) {
        parameters = parameters + count
        elementwiseStep(reads: elements, writes: elements, operations: elements)
    }
}

/// The product of a shape's dimensions.
func elementCount(_ shape: [Int]) -> CheckedInt {
    shape.reduce(CheckedInt(1)) { $0 * CheckedInt($1) }
}

/// A layer's output shape and counts.
struct LayerResolution {
    var shape: [Int]
    var tally: LayerTally
}

/// One layer being resolved: its place, the shapes of its inputs, and where its issues go.
struct LayerContext {
    let index: Int
    let name: String
    let inputs: [[Int]]

    var input: [Int] { inputs[0] }

    /// An issue naming `layers[i].field` (or the layer itself), the message prefixed by the layer's name.
    func issue(_ field: String?, _ message: String) -> EstimationError {
        let path = field.map { "layers[\(index)].\($0)" } ?? "layers[\(index)]"
        return EstimationError(field: path, message: "layer \"\(name)\": \(message)")
    }

    /// The input's shape when it has `rank` dimensions (`what` says what they are).
    func input(rank: Int, _ what: String) throws(EstimationError) -> [Int] {
        guard input.count == rank else {
            throw issue("inputs", "needs a \(what) input (\(rank) dimensions without the batch), got \(Self.describe(input))")
        }
        return input
    }

    /// `dim` as an index into a shape of `rank` dimensions, negative counting from the end.
    func dimension(_ dim: Int, rank: Int, field: String) throws(EstimationError) -> Int {
        let resolved = dim < 0 ? dim + rank : dim
        guard (0..<rank).contains(resolved) else {
            throw issue(field, "must be a dimension of the \(rank)-dimensional input (from \(-rank) to \(rank - 1)), got \(dim)")
        }
        return resolved
    }

    /// A value that must be positive.
    func positive(_ value: Int, field: String) throws(EstimationError) {
        guard NetworkLimits.size.contains(value) else {
            throw issue(field, "must be an integer from 1 to \(NetworkLimits.size.upperBound), got \(value)")
        }
    }

    func nonNegative(_ value: Int, field: String) throws(EstimationError) {
        guard (0...NetworkLimits.size.upperBound).contains(value) else {
            throw issue(field, "must be an integer from 0 to \(NetworkLimits.size.upperBound), got \(value)")
        }
    }

    /// `[3, 224, 224]`.
    static func describe(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}

/// Bounds that keep every input to a network's arithmetic small enough that products of two stay
/// exact, and the work one request can ask for proportionate.
public enum NetworkLimits {
    /// Any dimension, channel count, kernel size, stride, padding or index.
    public static let size = 1...(1 << 30)
    public static let layers = 1...20_000
    public static let rank = 1...8
    /// Inputs of one layer (a concat of many branches).
    public static let inputsPerLayer = 1...4096
    public static let nameLength = 1...256
}
