extension Activation {
    /// Elementwise FLOPs per value, an estimate for the roofline (docs/inference.md): each
    /// arithmetic operation, comparison and transcendental function (exp, tanh, erf, log, sqrt)
    /// counted once, as the formula transformers writes down. Activations are memory-bound at any
    /// practical width, so the count moves no time; it keeps the table's FLOPs honest.
    var elementwiseFlops: Double {
        switch self {
        case .linear: 0
        // max(x, 0); min(max(x, 0), 6); x or αx.
        case .relu, .relu6, .leakyRelu: 1
        // relu(x)².
        case .relu2: 2
        // tanh(x).
        case .tanh: 1
        // 1 / (1 + exp(−x)): negate, exp, add, divide.
        case .sigmoid: 4
        // sqrt(softplus(x)): exp, add, log, sqrt.
        case .sqrtsoftplus: 4
        // x·σ(x).
        case .silu: 5
        // x·σ(1.702x).
        case .quickGelu: 6
        // x·relu6(x + 3)/6.
        case .hardswish: 4
        // x·tanh(softplus(x)).
        case .mish: 5
        // x/2·(1 + erf(x/√2)); clipped to ±10 after.
        case .gelu, .geluPython: 5
        case .gelu10: 6
        // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
        case .geluNew, .geluPytorchTanh, .geluPythonTanh, .geluAccurate: 9
        // 0.5·x·(1 + tanh(0.7978845608·x·(1 + 0.044715·x²))).
        case .geluFast: 8
        // 0.5·(1 + erf((x − μ)/(σ√2))).
        case .laplace: 5
        // (clamp(up, ±7) + 1) · g·σ(1.702·g), g = min(gate, 7), less the gated product itself.
        case .clampedSwiglu: 10
        }
    }
}
