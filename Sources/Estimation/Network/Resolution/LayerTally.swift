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
