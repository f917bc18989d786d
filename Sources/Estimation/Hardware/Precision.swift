/// Arithmetic precision of an accelerator's peak rate. The raw value is the API's name.
public enum Precision: String, Hashable, Sendable, CaseIterable {
    /// Vector (non-tensor-core) fp32 unless the accelerator's notes say otherwise.
    case fp32
    case tf32
    case bf16
    case fp16
    case fp8
    /// Integer operations per second (TOPS) rather than FLOP/s.
    case int8
}
