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
