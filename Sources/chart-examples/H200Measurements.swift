/// Measurements on one NVIDIA H200 (driver 580.159.04, torch 2.11.0+cu130, bf16), from the
/// measurement script that also produced the estimator's reference data: the roofline and
/// latency examples draw real numbers, not invented ones.
enum H200Measurements {
    /// Spec sheet: 989.4 TFLOP/s dense bf16, 4.8 TB/s.
    static let specPeak = 989.4e12
    static let specBandwidth = 4.8e12
    /// An 8192³ bf16 matmul: 774.5 TFLOP/s (mean of 10).
    static let measuredPeak = 774.5e12
    /// A device-to-device copy of 2 GiB, bytes read plus written: 4,275.7 GB/s (mean of 10).
    static let measuredBandwidth = 4275.7e9

    /// `Y = X·W` in bf16 with K = 4096: X is M × K, W is K × N, weights rotated so they come from
    /// HBM; median of 20 CUDA-graph replays, divided by the matmuls per graph.
    struct Matmul {
        var m: Int
        var n: Int
        var seconds: Double

        static let k = 4096
        /// 2·M·K·N.
        var flops: Double { 2 * Double(m) * Double(Self.k) * Double(n) }
        /// 2·(MK + KN + MN): each bf16 operand read once, the result written once.
        var bytes: Double { 2 * Double(m * Self.k + Self.k * n + m * n) }
    }

    static let matmuls: [Matmul] = [
        Matmul(m: 1, n: 4096, seconds: 1.227108e-05), Matmul(m: 2, n: 4096, seconds: 1.319038e-05),
        Matmul(m: 4, n: 4096, seconds: 1.323023e-05), Matmul(m: 8, n: 4096, seconds: 1.322369e-05),
        Matmul(m: 16, n: 4096, seconds: 1.355085e-05), Matmul(m: 32, n: 4096, seconds: 1.392700e-05),
        Matmul(m: 64, n: 4096, seconds: 1.168246e-05), Matmul(m: 128, n: 4096, seconds: 1.357296e-05),
        Matmul(m: 256, n: 4096, seconds: 1.529378e-05), Matmul(m: 512, n: 4096, seconds: 2.990267e-05),
        Matmul(m: 1024, n: 4096, seconds: 5.193840e-05), Matmul(m: 2048, n: 4096, seconds: 9.836733e-05),
        Matmul(m: 4096, n: 4096, seconds: 1.953840e-04), Matmul(m: 8192, n: 4096, seconds: 3.931820e-04),
        Matmul(m: 1, n: 14336, seconds: 3.055867e-05), Matmul(m: 2, n: 14336, seconds: 3.018880e-05),
        Matmul(m: 4, n: 14336, seconds: 2.980267e-05), Matmul(m: 8, n: 14336, seconds: 3.184000e-05),
        Matmul(m: 16, n: 14336, seconds: 3.020133e-05), Matmul(m: 32, n: 14336, seconds: 3.047093e-05),
        Matmul(m: 64, n: 14336, seconds: 3.116613e-05), Matmul(m: 128, n: 14336, seconds: 3.256646e-05),
        Matmul(m: 256, n: 14336, seconds: 4.651815e-05), Matmul(m: 512, n: 14336, seconds: 9.732571e-05),
        Matmul(m: 1024, n: 14336, seconds: 1.839804e-04), Matmul(m: 2048, n: 14336, seconds: 3.509564e-04),
        Matmul(m: 4096, n: 14336, seconds: 7.027538e-04), Matmul(m: 8192, n: 14336, seconds: 1.440082e-03),
    ]

    /// `torch.add` of two bf16 tensors of 2²⁸ elements: 2²⁸ FLOPs, 3 · 2²⁸ · 2 bytes, median 0.36966 ms.
    static let add = (flops: 268_435_456.0, bytes: 1_610_612_736.0, seconds: 0.3696640e-3)
}
