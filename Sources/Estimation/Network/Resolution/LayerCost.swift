/// What one layer costs for one sample, exact. docs/networks.md states every convention.
public struct LayerCost: Hashable, Sendable {
    /// Parameters this layer owns: 0 for a layer that shares another's weights.
    public var parameters: Int
    /// Weight values the layer reads per forward pass: its own, or those of the layer it shares.
    public var weights: Int
    /// Multiply-accumulates of convolutions, matrix products and attention.
    public var macs: Int
    /// One addition per output value of a layer with a bias.
    public var biasAdditions: Int
    /// Floating-point work outside the multiply-accumulates and bias additions: normalisation,
    /// activation functions, pooling, elementwise sums and products, softmax.
    public var elementwise: Int
    /// pycls's activations: output values of convolutions, linear layers, windowed pooling and
    /// attention's products.
    public var activations: Int
    /// Activation values read (weights apart) and written, counting every step of a composite layer.
    public var readElements: Int
    public var writtenElements: Int

    /// A view (flatten, reshape, permute, slice, select, dropout at inference) moves no data.
    public var isView: Bool { readElements == 0 && writtenElements == 0 && weights == 0 }
}
