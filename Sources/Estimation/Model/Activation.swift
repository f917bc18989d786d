/// The MLP's activation function, by its name in transformers' `ACT2FN` (what a config's
/// `hidden_act` or `activation_function` says). Counts and FLOPs do not depend on it; what a
/// framework stores for the backward pass does (`gelu_new` is written out in Python and keeps its
/// intermediates, `gelu_pytorch_tanh` is one kernel), so names that are the same function in
/// different code stay apart. Only `swish` is folded into `silu`: transformers maps both to
/// PyTorch's one `silu`.
///
/// Left out: `prelu` and `xielu`, which carry parameters of their own.
public enum Activation: String, Hashable, Sendable, CaseIterable {
    case gelu
    case gelu10 = "gelu_10"
    case geluFast = "gelu_fast"
    case geluNew = "gelu_new"
    case geluPython = "gelu_python"
    case geluPytorchTanh = "gelu_pytorch_tanh"
    case geluPythonTanh = "gelu_python_tanh"
    case geluAccurate = "gelu_accurate"
    case hardswish
    case laplace
    case leakyRelu = "leaky_relu"
    case linear
    case mish
    case quickGelu = "quick_gelu"
    case relu
    /// `relu(x)²` (nemotron_h).
    case relu2
    case relu6
    case sigmoid
    case silu
    case sqrtsoftplus
    case tanh
    /// gpt-oss's experts: `(clamp(up, ±7) + 1) · g·σ(1.702·g)` with `g = min(gate, 7)`, gate and up
    /// interleaved in one projection. Not in `ACT2FN`; `GptOssExperts` hard-codes it.
    case clampedSwiglu = "clamped_swiglu"

    /// The activation a transformers name selects, `swish` read as `silu`.
    public init?(transformersName name: String) {
        if name == "swish" {
            self = .silu
        } else if let known = Activation(rawValue: name), known != .clampedSwiglu {
            self = known
        } else {
            return nil
        }
    }
}

extension Activation {
    /// What autograd keeps for the activation's backward pass in transformers' module (`ACT2FN`):
    /// its input, its output (which the next matrix multiplication or the gate's product keeps
    /// anyway), and how many further values per input value (the intermediates of a formula written
    /// out in Python). Measured per function by Tests/TransformersReference/training_memory.py.
    public struct SavedForBackward: Hashable, Sendable {
        public var input: Bool
        public var output: Bool
        /// Further tensors of the input's shape and dtype.
        public var intermediates: Int
    }

    public var savedForBackward: SavedForBackward {
        switch self {
        // One kernel that differentiates from its input.
        case .gelu, .geluPytorchTanh, .hardswish, .leakyRelu, .mish, .relu6, .silu:
            SavedForBackward(input: true, output: false, intermediates: 0)
        // One kernel that differentiates from its output.
        case .relu, .sigmoid, .tanh:
            SavedForBackward(input: false, output: true, intermediates: 0)
        // `0.5·x·(1 + tanh(c·(x + 0.044715·x³)))`: x (for x³), the tanh, `1 + tanh` and `0.5·x`.
        case .geluNew, .geluPythonTanh, .geluAccurate:
            SavedForBackward(input: true, output: false, intermediates: 3)
        // `0.5·x·(1 + tanh(x·0.79788456·(1 + 0.044715·x·x)))`: six products and the tanh.
        case .geluFast:
            SavedForBackward(input: true, output: false, intermediates: 6)
        // `x·0.5·(1 + erf(x/√2))`: `x·0.5`, `1 + erf`, and erf's input.
        case .geluPython:
            SavedForBackward(input: false, output: false, intermediates: 3)
        // `clip(gelu(x))`: gelu's input and its output for the clip.
        case .gelu10:
            SavedForBackward(input: true, output: false, intermediates: 1)
        // `x·σ(1.702·x)`: x and the sigmoid.
        case .quickGelu:
            SavedForBackward(input: true, output: false, intermediates: 1)
        // `0.5·(1 + erf((x − μ)/(σ√2)))`: erf's input.
        case .laplace:
            SavedForBackward(input: false, output: false, intermediates: 1)
        // `relu(x)²`: relu's output, which the square also reads.
        case .relu2:
            SavedForBackward(input: false, output: false, intermediates: 1)
        // `sqrt(softplus(x))`: softplus's input and the square root's output.
        case .sqrtsoftplus:
            SavedForBackward(input: true, output: true, intermediates: 0)
        // gpt-oss's `(clamp(up) + 1)·g·σ(1.702·g)` on the interleaved gate and up: the clamps' input
        // (gate and up), σ, the clamped gate and `up + 1`.
        case .clampedSwiglu:
            SavedForBackward(input: true, output: false, intermediates: 3)
        // The identity saves nothing.
        case .linear:
            SavedForBackward(input: false, output: false, intermediates: 0)
        }
    }
}
