/// How fast the GPUs are assumed to run: a fraction of the precision's peak (model FLOPs
/// utilisation), or a measured rate per GPU as Megatron-LM's papers report it.
public enum Throughput: Hashable, Sendable {
    /// Model FLOPs utilisation, in (0, 1] [mfu].
    case mfu(Double)
    /// Achieved TFLOP/s per GPU, counting hardware FLOPs (recompute included), in (0, 10^9]
    /// [achieved_tflops_per_gpu].
    case achievedTFLOPsPerGPU(Double)
}
