/// The built-in accelerator presets: every row of the reference table (dense peaks, no sparsity)
/// plus the seed's Intel i9-10980XE for roofline examples.
public enum HardwareCatalogue {
    private static let gb = 1_000_000_000
    private static let gib = 1 << 30
    private static let tera = 1e12
    private static let gbPerSecond = 1e9

    /// A preset from the reference table's units: memory in bytes, bandwidth in GB/s, peaks in
    /// TFLOP/s (TOPS for int8).
    private static func preset(
        _ name: String, _ displayName: String, memory: Int, bandwidthGBs: Double,
        tflops: [Precision: Double], notes: String = ""
    ) -> Accelerator {
        Accelerator(
            name: name, displayName: displayName, memoryBytes: memory,
            bandwidthBytesPerSecond: bandwidthGBs * gbPerSecond,
            peakFlopsPerSecond: tflops.mapValues { $0 * tera }, notes: notes)
    }

    private static func v100(memoryGB: Int) -> Accelerator {
        preset(
            "v100-sxm2-\(memoryGB)gb", "NVIDIA V100 SXM2 \(memoryGB) GB", memory: memoryGB * gb,
            bandwidthGBs: 900, tflops: [.fp32: 15.7, .fp16: 125],
            notes: "fp16 is the tensor-core rate; no bf16")
    }

    private static func a100(memoryGB: Int, bandwidthGBs: Double, notes: String = "") -> Accelerator {
        preset(
            "a100-sxm-\(memoryGB)gb", "NVIDIA A100 SXM \(memoryGB) GB", memory: memoryGB * gb,
            bandwidthGBs: bandwidthGBs,
            tflops: [.fp32: 19.5, .tf32: 156, .bf16: 312, .fp16: 312, .int8: 624], notes: notes)
    }

    /// H100 SXM and H200 SXM share the Hopper SXM compute rates.
    private static let hopperSXM: [Precision: Double] = [
        .fp32: 67, .tf32: 494.7, .bf16: 989.4, .fp16: 989.4, .fp8: 1978.9, .int8: 1978.9,
    ]

    private static let i9Notes =
        "16 cores with AVX-512 at 4.5 GHz; memory is the platform's 256 GB maximum (a CPU has no fixed device memory)"

    /// Every preset, in the reference table's order.
    public static let all: [Accelerator] = [
        v100(memoryGB: 16),
        v100(memoryGB: 32),
        a100(memoryGB: 40, bandwidthGBs: 1555),
        a100(memoryGB: 80, bandwidthGBs: 2039, notes: "SXM bandwidth; the PCIe 80 GB card has 1,935 GB/s"),
        preset("h100-sxm", "NVIDIA H100 SXM", memory: 80 * gb, bandwidthGBs: 3350, tflops: hopperSXM),
        preset(
            "h100-pcie", "NVIDIA H100 PCIe", memory: 80 * gb, bandwidthGBs: 2000,
            tflops: [.fp32: 51, .tf32: 378, .bf16: 756, .fp16: 756, .fp8: 1513, .int8: 1513]),
        preset("h200-sxm", "NVIDIA H200 SXM", memory: 141 * gb, bandwidthGBs: 4800, tflops: hopperSXM),
        preset(
            "b200", "NVIDIA B200", memory: 180 * gb, bandwidthGBs: 7700,
            tflops: [.fp32: 75, .tf32: 1125, .bf16: 2250, .fp16: 2250, .fp8: 4500, .int8: 4500],
            notes: "NVIDIA documents conflict; chosen: 180 GB (192 in launch material), 7,700 GB/s "
                + "(8,000 in DGX material), fp32 75 (the lower of 75–80), tf32 1,125 (half the bf16 rate)"),
        preset(
            "l4", "NVIDIA L4", memory: 24 * gb, bandwidthGBs: 300,
            tflops: [.fp32: 30.3, .tf32: 60, .bf16: 121, .fp16: 121, .fp8: 242.5, .int8: 242.5],
            notes: "tensor rates are half of NVIDIA's sparse figures"),
        preset(
            "l40s", "NVIDIA L40S", memory: 48 * gb, bandwidthGBs: 864,
            tflops: [.fp32: 91.6, .tf32: 183, .bf16: 362, .fp16: 362, .fp8: 733, .int8: 733]),
        preset(
            "rtx-4090", "NVIDIA GeForce RTX 4090", memory: 24 * gb, bandwidthGBs: 1008,
            tflops: [.fp32: 82.6, .tf32: 82.6, .bf16: 165.2, .fp16: 165.2, .fp8: 330.3, .int8: 660.6],
            notes: "bf16/fp16 and fp8 with fp32 accumulate, as training uses; fp16 accumulate doubles them"),
        preset(
            "rtx-3090", "NVIDIA GeForce RTX 3090", memory: 24 * gb, bandwidthGBs: 936,
            tflops: [.fp32: 35.6, .tf32: 35.6, .bf16: 71, .fp16: 71, .int8: 284],
            notes: "bf16/fp16 with fp32 accumulate, as training uses; fp16 accumulate gives 142"),
        preset(
            "mi250x", "AMD Instinct MI250X", memory: 128 * gb, bandwidthGBs: 3277,
            tflops: [.fp32: 47.9, .bf16: 383, .fp16: 383, .int8: 383],
            notes: "two dies, each seeing half the memory and rate; fp32 is the vector rate (95.7 matrix)"),
        preset(
            "mi300x", "AMD Instinct MI300X", memory: 192 * gb, bandwidthGBs: 5300,
            tflops: [.fp32: 163.4, .tf32: 653.7, .bf16: 1307.4, .fp16: 1307.4, .fp8: 2614.9, .int8: 2614.9]),
        preset(
            "tpu-v4", "Google TPU v4", memory: 32 * gib, bandwidthGBs: 1200,
            tflops: [.bf16: 275, .int8: 275], notes: "per chip; bf16 only among floating formats"),
        preset(
            "tpu-v5e", "Google TPU v5e", memory: 16 * gb, bandwidthGBs: 819,
            tflops: [.bf16: 197, .int8: 394], notes: "per chip; bf16 only among floating formats"),
        preset(
            "tpu-v5p", "Google TPU v5p", memory: 95 * gib, bandwidthGBs: 2765,
            tflops: [.bf16: 459, .fp8: 459, .int8: 918], notes: "per chip"),
        preset(
            "i9-10980xe", "Intel Core i9-10980XE (theoretical)", memory: 256 * gb, bandwidthGBs: 96,
            tflops: [.fp32: 4.608], notes: i9Notes),
        preset(
            "i9-10980xe-measured", "Intel Core i9-10980XE (measured)", memory: 256 * gb, bandwidthGBs: 74,
            tflops: [.fp32: 2.86],
            notes: "seed 004's micro-benchmarks: clock falls to ~2.9 GHz, read bandwidth 74 GB/s; " + i9Notes),
    ]

    private static let index = CatalogueIndex(all, name: \.name)

    /// The preset called `name` (case, spaces, underscores and dots folded), or nil.
    public static func named(_ name: String) -> Accelerator? {
        index.named(name)
    }

    /// Up to `limit` preset names a mistyped `name` probably meant, best first.
    public static func closeMatches(to name: String, limit: Int = 3) -> [String] {
        index.closeMatches(to: name, limit: limit)
    }
}
