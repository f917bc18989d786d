import Testing

/// Kernel and whole-model timings measured on one NVIDIA H200 SXM for this project (2026-11-29,
/// driver 580.159.04, torch 2.11.0+cu130, transformers 5.17.0), copied from that run's records
/// (its script `measure.py`, sections C1–C5) so that the tests stand alone. docs/inference.md
/// compares them with the estimates.
enum H200Measurements {
    /// C1: a bf16 8192×8192×8192 matmul, mean of 10 (774.5 TFLOP/s).
    static let matmulPeak = (flops: 1_099_511_627_776.0, bytes: 3.0 * 8192 * 8192 * 2, milliseconds: 1.4196255922317504)
    /// C2: a device-to-device copy of 2 GiB, bytes read plus written, mean of 10 (4,276 GB/s).
    static let copy = (bytes: 4_294_967_296.0, milliseconds: 1.0045151948928832)
    /// C4: `torch.add` of two bf16 tensors of 2^28 values (seed 003's element-wise sum), mean of 20.
    static let add = (elements: 268_435_456.0, milliseconds: 0.3699808016419411)

    /// C3: a bf16 `Y = X·W` with K = 4096, the weights rotated so that they come from HBM, time the
    /// median of 20 CUDA-graph replays over the matmuls per graph; `flops = 2MKN`,
    /// `bytes = 2(MK + KN + MN)`.
    struct MatmulCase: Sendable, CustomTestStringConvertible {
        var m: Int
        var n: Int
        var milliseconds: Double
        static let k = 4096

        var flops: Double { 2 * Double(m) * Double(Self.k) * Double(n) }
        var bytes: Double { 2 * (Double(m) * Double(Self.k) + Double(Self.k) * Double(n) + Double(m) * Double(n)) }
        var testDescription: String { "M \(m) N \(n)" }
    }

    static let matmulSweep: [MatmulCase] = [
        MatmulCase(m: 1, n: 4096, milliseconds: 0.012271077013932742),
        MatmulCase(m: 2, n: 4096, milliseconds: 0.013190384667653304),
        MatmulCase(m: 4, n: 4096, milliseconds: 0.013230230945807237),
        MatmulCase(m: 8, n: 4096, milliseconds: 0.013223692201651059),
        MatmulCase(m: 16, n: 4096, milliseconds: 0.013550846049418816),
        MatmulCase(m: 32, n: 4096, milliseconds: 0.013927000073286204),
        MatmulCase(m: 64, n: 4096, milliseconds: 0.011682461087520305),
        MatmulCase(m: 128, n: 4096, milliseconds: 0.013572960495948791),
        MatmulCase(m: 256, n: 4096, milliseconds: 0.015293777816825442),
        MatmulCase(m: 512, n: 4096, milliseconds: 0.029902666807174683),
        MatmulCase(m: 1024, n: 4096, milliseconds: 0.05193839967250824),
        MatmulCase(m: 2048, n: 4096, milliseconds: 0.09836733341217041),
        MatmulCase(m: 4096, n: 4096, milliseconds: 0.19538400322198868),
        MatmulCase(m: 8192, n: 4096, milliseconds: 0.39318200945854187),
        MatmulCase(m: 1, n: 14336, milliseconds: 0.030558666586875914),
        MatmulCase(m: 2, n: 14336, milliseconds: 0.03018879989782969),
        MatmulCase(m: 4, n: 14336, milliseconds: 0.029802666107813517),
        MatmulCase(m: 8, n: 14336, milliseconds: 0.031839999556541446),
        MatmulCase(m: 16, n: 14336, milliseconds: 0.03020133376121521),
        MatmulCase(m: 32, n: 14336, milliseconds: 0.030470933516820273),
        MatmulCase(m: 64, n: 14336, milliseconds: 0.031166133284568787),
        MatmulCase(m: 128, n: 14336, milliseconds: 0.03256645537259286),
        MatmulCase(m: 256, n: 14336, milliseconds: 0.046518154633350864),
        MatmulCase(m: 512, n: 14336, milliseconds: 0.09732571102323986),
        MatmulCase(m: 1024, n: 14336, milliseconds: 0.1839804450670878),
        MatmulCase(m: 2048, n: 14336, milliseconds: 0.35095643997192383),
        MatmulCase(m: 4096, n: 14336, milliseconds: 0.7027537822723389),
        MatmulCase(m: 8192, n: 14336, milliseconds: 1.4400817553202312),
    ]

    /// C5: a Llama-3-8B-shaped model (random bf16 weights, SDPA attention). The prefill of one
    /// 2048-token prompt, eager PyTorch, mean of 3: a plain forward computing every position's
    /// logits, no cache (`forward_full_logits_no_cache`); and filling a cache, computing the last
    /// position's logits only (`prefill_cache_last_logits`).
    static let forwardMilliseconds = 63.350667317708336
    static let prefillLastLogitsMilliseconds = 60.6159782409668
    static let prefillTokens = 2048
    /// Decode per token after a 1024-token prompt, `generate()` with a static cache and
    /// `torch.compile` (CUDA graphs): `(t(40 tokens) − t(8 tokens)) / 32`, so the steps with a
    /// prefix of 1031 to 1062 tokens.
    static let decodeBatchOneMilliseconds = 7.374202468751534
    static let decodeBatchSixteenMilliseconds = 13.484317656248024
    static let decodeFirstPrefix = 1031
    static let decodeSteps = 32
    /// The same decode in eager PyTorch: a plain forward loop and `generate()`, per token; Python
    /// dispatching each kernel, not the GPU, sets these.
    static let eagerDecodeLoopMilliseconds = (batchOne: 71.78508167266845, batchSixteen: 58.58931484222412)
    static let eagerGenerateMilliseconds = (batchOne: 42.271475062499064, batchSixteen: 45.205006406249026)
}
