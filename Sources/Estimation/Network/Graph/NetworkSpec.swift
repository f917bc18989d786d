/// A network as a caller (or an importer) describes it: the input's shape and named layers, each
/// naming the layers it reads, so that residual and branching networks are expressed exactly.
/// `Network(resolving:)` checks it, infers every shape and counts every layer (docs/networks.md).
///
/// Shapes never include the batch: `[channels, height, width]` for images, `[tokens, features]`
/// for sequences. Dimension indices (`concat`'s `dim`, `slice`'s) count from the first dimension
/// after the batch, so torch's `dim=1` on an image tensor is `0` here; negative ones count from the end.
public struct NetworkSpec: Hashable, Sendable {
    public var input: [Int]
    public var layers: [NetworkLayer]

    public init(input: [Int], layers: [NetworkLayer]) {
        self.input = input
        self.layers = layers
    }
}

/// One named layer of a `NetworkSpec`.
public struct NetworkLayer: Hashable, Sendable {
    /// Unique in the network; `input` names the network's input and cannot be a layer's name.
    public var name: String
    /// The layers (or `input`) whose outputs this layer reads, in order; all must come earlier.
    /// Empty means the previous layer's output (the network input for the first layer).
    public var inputs: [String]
    public var operation: LayerOperation
    /// An earlier layer whose weights this one uses too (its operation must have the same weight
    /// shapes): the parameters count once, the multiply-accumulates and weight reads at every use.
    public var sharesWeightsWith: String?

    public init(name: String, inputs: [String] = [], operation: LayerOperation, sharesWeightsWith: String? = nil) {
        self.name = name
        self.inputs = inputs
        self.operation = operation
        self.sharesWeightsWith = sharesWeightsWith
    }

    /// The name that refers to the network's input.
    public static let inputName = "input"
}
