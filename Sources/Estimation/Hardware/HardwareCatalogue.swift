/// The built-in accelerator presets: dense peaks (no sparsity) and, for memory, the total the
/// device's own tool reports (nvidia-smi, rocm-smi, XLA) rather than the rounded figure of its name,
/// in bytes. Each preset's notes name the memory figure's source; docs/hardware.md has them all.
/// None of this memory is set aside: the CUDA context and the allocator's slack are the request's
/// `headroom`.
public enum HardwareCatalogue {
    private static let mib = 1 << 20
    private static let gib = 1 << 30
    private static let tera = 1e12
    private static let gbPerSecond = 1e9

    /// A preset in the units vendors publish: memory in bytes, bandwidth in GB/s, peaks in TFLOP/s
    /// (TOPS for int8), the interconnect in GB/s per direction; the link's source joins the notes.
    private static func preset(
        _ name: String, _ displayName: String, memoryBytes: Int, bandwidthGBs: Double,
        tflops: [Precision: Double], link: Link?, measured: MeasuredRoofs = MeasuredRoofs(), notes: String
    ) -> Accelerator {
        Accelerator(
            name: name, displayName: displayName, memoryBytes: memoryBytes,
            bandwidthBytesPerSecond: bandwidthGBs * gbPerSecond,
            peakFlopsPerSecond: tflops.mapValues { $0 * tera }, measured: measured,
            interconnect: link.map { Interconnect(kind: $0.kind, bandwidthBytesPerSecond: $0.gbPerDirection * gbPerSecond) },
            notes: [notes, link.map { "interconnect: \($0.source)" }].compactMap { $0 }.joined(separator: "; "))
    }

    /// An interconnect as its vendor describes it: GB/s per device and per direction, and where
    /// that comes from.
    private struct Link {
        var kind: Interconnect.Kind
        var gbPerDirection: Double
        var source: String
    }

    /// An NVIDIA preset whose memory is nvidia-smi's `memory.total` in MiB, noted as the tool
    /// prints it with whose reading it is.
    private static func nvidia(
        _ name: String, _ displayName: String, smiMiB: Int, reading: String, bandwidthGBs: Double,
        tflops: [Precision: Double], link: Link, measured: MeasuredRoofs = MeasuredRoofs(), notes: String? = nil
    ) -> Accelerator {
        let memory = "memory: \(smiMiB) MiB, nvidia-smi's memory.total (\(reading))"
        return preset(
            name, displayName, memoryBytes: smiMiB * mib, bandwidthGBs: bandwidthGBs, tflops: tflops, link: link,
            measured: measured, notes: [memory, notes].compactMap { $0 }.joined(separator: "; "))
    }

    /// NVLink at the generation's per-GPU figure, which NVIDIA prints for both directions together.
    private static func nvlink(generation: Int, bothWaysGBs: Int) -> Link {
        Link(
            kind: .nvlink, gbPerDirection: Double(bothWaysGBs) / 2,
            source: "NVLink \(generation), \(bothWaysGBs) GB/s per GPU both ways (NVIDIA), \(bothWaysGBs / 2) each way")
    }

    /// A PCIe x16 slot, the path between cards without NVLink (or with a bridge that pairs two only).
    private static func pcie(generation: Int, note: String? = nil) -> Link {
        let perDirection = generation >= 5 ? 64 : 32
        return Link(
            kind: .pcie, gbPerDirection: Double(perDirection),
            source: "PCIe \(generation).0 x16, \(perDirection) GB/s each way" + (note.map { "; \($0)" } ?? ""))
    }

    private static let publicSMI = "public nvidia-smi output, R5xx drivers"
    private static let modalSMI = "Modal's published nvidia-smi totals"

    private static func v100(memoryGB: Int, smiMiB: Int) -> Accelerator {
        nvidia(
            "v100-sxm2-\(memoryGB)gb", "NVIDIA V100 SXM2 \(memoryGB) GB", smiMiB: smiMiB, reading: publicSMI,
            bandwidthGBs: 900, tflops: [.fp32: 15.7, .fp16: 125], link: nvlink(generation: 2, bothWaysGBs: 300),
            notes: "fp16 is the tensor-core rate; no bf16")
    }

    private static func a100(memoryGB: Int, smiMiB: Int, bandwidthGBs: Double, notes: String? = nil) -> Accelerator {
        nvidia(
            "a100-sxm-\(memoryGB)gb", "NVIDIA A100 SXM \(memoryGB) GB", smiMiB: smiMiB, reading: modalSMI,
            bandwidthGBs: bandwidthGBs, tflops: [.fp32: 19.5, .tf32: 156, .bf16: 312, .fp16: 312, .int8: 624],
            link: nvlink(generation: 3, bothWaysGBs: 600), notes: notes)
    }

    /// H100 SXM and H200 SXM share the Hopper SXM compute rates.
    private static let hopperSXM: [Precision: Double] = [
        .fp32: 67, .tf32: 494.7, .bf16: 989.4, .fp16: 989.4, .fp8: 1978.9, .int8: 1978.9,
    ]

    /// The H200 measured for this project (docs/inference.md, "Measured"): a bf16 8192³ matmul,
    /// mean of 10, and a device-to-device copy of 2 GiB counting bytes read and written.
    private static let h200Measured = MeasuredRoofs(peakFlopsPerSecond: [.bf16: 774.5e12], bandwidthBytesPerSecond: 4276e9)

    /// Seed 004's micro-benchmarks of the i9-10980XE: with 16 cores on AVX-512 the clock falls to
    /// about 2.9 GHz, 2.86 TFLOP/s fp32; read bandwidth 74 GB/s.
    private static let i9Measured = MeasuredRoofs(peakFlopsPerSecond: [.fp32: 2.86e12], bandwidthBytesPerSecond: 74e9)

    private static let i9 = preset(
        "i9-10980xe", "Intel Core i9-10980XE", memoryBytes: 256 * gib, bandwidthGBs: 96, tflops: [.fp32: 4.608],
        link: nil, measured: i9Measured,
        notes: "16 cores with AVX-512 at 4.5 GHz; memory is the platform's 256 GiB maximum (Intel's \"256 GB\"; "
            + "a CPU has no fixed device memory); measured (seed 004): 2.86 TFLOP/s fp32 as the clock falls to "
            + "~2.9 GHz, 74 GB/s read")

    /// Every preset, in docs/hardware.md's order.
    public static let all: [Accelerator] = [
        v100(memoryGB: 16, smiMiB: 16_384),
        v100(memoryGB: 32, smiMiB: 32_768),
        a100(memoryGB: 40, smiMiB: 40_960, bandwidthGBs: 1555),
        a100(
            memoryGB: 80, smiMiB: 81_920, bandwidthGBs: 2039,
            notes: "SXM bandwidth; the PCIe 80 GB card has 1,935 GB/s"),
        nvidia(
            "h100-sxm", "NVIDIA H100 SXM", smiMiB: 81_559, reading: modalSMI, bandwidthGBs: 3350,
            tflops: hopperSXM, link: nvlink(generation: 4, bothWaysGBs: 900),
            notes: "CUDA's total is about 470 MiB less (torch total_memory 81082–81090 MiB)"),
        nvidia(
            "h100-pcie", "NVIDIA H100 PCIe", smiMiB: 81_559, reading: publicSMI, bandwidthGBs: 2000,
            tflops: [.fp32: 51, .tf32: 378, .bf16: 756, .fp16: 756, .fp8: 1513, .int8: 1513],
            link: pcie(generation: 5, note: "an NVLink bridge (600 GB/s both ways) pairs two cards only")),
        nvidia(
            "h200-sxm", "NVIDIA H200 SXM", smiMiB: 143_771, reading: "measured, driver 580.159.04",
            bandwidthGBs: 4800, tflops: hopperSXM, link: nvlink(generation: 4, bothWaysGBs: 900), measured: h200Measured,
            notes: "CUDA's total, torch's total_memory, is 150109880320 B, 615 MiB less; sold as 141 GB; measured "
                + "for this project: bf16 matmul 774.5 TFLOP/s (8192³), copy 4,276 GB/s"),
        nvidia(
            "b200", "NVIDIA B200", smiMiB: 183_359, reading: publicSMI, bandwidthGBs: 7700,
            tflops: [.fp32: 75, .tf32: 1125, .bf16: 2250, .fp16: 2250, .fp8: 4500, .int8: 4500],
            link: nvlink(generation: 5, bothWaysGBs: 1800),
            notes: "sold as 180 GB (192 in launch material); NVIDIA documents conflict; chosen: 7,700 GB/s "
                + "(8,000 in DGX material), fp32 75 (the lower of 75–80), tf32 1,125 (half the bf16 rate)"),
        nvidia(
            "l4", "NVIDIA L4", smiMiB: 23_034, reading: modalSMI, bandwidthGBs: 300,
            tflops: [.fp32: 30.3, .tf32: 60, .bf16: 121, .fp16: 121, .fp8: 242.5, .int8: 242.5],
            link: pcie(generation: 4), notes: "tensor rates are half of NVIDIA's sparse figures"),
        nvidia(
            "l40s", "NVIDIA L40S", smiMiB: 46_068, reading: modalSMI, bandwidthGBs: 864,
            tflops: [.fp32: 91.6, .tf32: 183, .bf16: 362, .fp16: 362, .fp8: 733, .int8: 733],
            link: pcie(generation: 4)),
        nvidia(
            "rtx-4090", "NVIDIA GeForce RTX 4090", smiMiB: 24_564, reading: publicSMI, bandwidthGBs: 1008,
            tflops: [.fp32: 82.6, .tf32: 82.6, .bf16: 165.2, .fp16: 165.2, .fp8: 330.3, .int8: 660.6],
            link: pcie(generation: 4),
            notes: "bf16/fp16 and fp8 with fp32 accumulate, as training uses; fp16 accumulate doubles them"),
        nvidia(
            "rtx-3090", "NVIDIA GeForce RTX 3090", smiMiB: 24_576, reading: publicSMI, bandwidthGBs: 936,
            tflops: [.fp32: 35.6, .tf32: 35.6, .bf16: 71, .fp16: 71, .int8: 284],
            link: pcie(generation: 4, note: "an NVLink bridge (112.5 GB/s both ways) pairs two cards only"),
            notes: "bf16/fp16 with fp32 accumulate, as training uses; fp16 accumulate gives 142"),
        preset(
            "mi250x", "AMD Instinct MI250X", memoryBytes: 2 * 68_702_699_520, bandwidthGBs: 3277,
            tflops: [.fp32: 47.9, .bf16: 383, .fp16: 383, .int8: 383],
            link: Link(
                kind: .infinityFabric, gbPerDirection: 400,
                source: "Infinity Fabric, 8 links of 50 GB/s each way (25 GT/s × 16 lanes, AMD's CDNA 2 "
                    + "documentation), 400 GB/s each way"),
            notes: "memory: rocm-smi's VRAM Total Memory, 68702699520 B (64 GiB) per die, for both; "
                + "two dies, each seeing half the memory and rate; fp32 is the vector rate (95.7 matrix)"),
        preset(
            "mi300x", "AMD Instinct MI300X", memoryBytes: 206_158_430_208, bandwidthGBs: 5300,
            tflops: [.fp32: 163.4, .tf32: 653.7, .bf16: 1307.4, .fp16: 1307.4, .fp8: 2614.9, .int8: 2614.9],
            link: Link(
                kind: .infinityFabric, gbPerDirection: 448,
                source: "Infinity Fabric, 7 links of 128 GB/s both ways (AMD's 896 GB/s aggregate), 448 GB/s each way"),
            notes: "memory: rocm-smi's VRAM Total Memory, 206158430208 B (192 GiB)"),
        preset(
            "tpu-v4", "Google TPU v4", memoryBytes: 33_014_415_360, bandwidthGBs: 1200,
            tflops: [.bf16: 275, .int8: 275],
            link: Link(
                kind: .ici, gbPerDirection: 268.6,
                source: "ICI, Google's all-reduce bandwidth per pod, 1.1 PB/s over 4,096 chips, 268.6 GB/s per chip "
                    + "(the same reading gives v5e's documented 200 each way)"),
            notes: "per chip; memory: XLA's HBM limit, memory_stats() bytes_limit 33014415360 B "
                + "(30.75 GiB of the 32 GiB Google lists); bf16 only among floating formats"),
        preset(
            "tpu-v5e", "Google TPU v5e", memoryBytes: 16_128 * mib, bandwidthGBs: 819,
            tflops: [.bf16: 197, .int8: 394],
            link: Link(kind: .ici, gbPerDirection: 200, source: "ICI, Google's 400 GB/s per chip both ways, 200 each way"),
            notes: "per chip; memory: XLA's HBM capacity, 15.75 GiB in its out-of-memory reports "
                + "(Google lists 16 GB); bf16 only among floating formats"),
        preset(
            "tpu-v5p", "Google TPU v5p", memoryBytes: 98_038 * mib, bandwidthGBs: 2765,
            tflops: [.bf16: 459, .fp8: 459, .int8: 918],
            link: Link(kind: .ici, gbPerDirection: 600, source: "ICI, Google's 1,200 GB/s per chip both ways, 600 each way"),
            notes: "per chip; memory: XLA's HBM capacity, 95.74 GiB in its out-of-memory reports, to the MiB "
                + "(Google lists 95 GiB)"),
        i9,
    ]

    /// Names kept from earlier catalogues: `i9-10980xe-measured` is the i9-10980XE with seed 004's
    /// measured figures as its roofs (it was a preset of its own before the catalogue carried
    /// measured roofs beside the spec sheet's).
    public static let aliases: [Accelerator] = [
        Accelerator(
            name: "i9-10980xe-measured", displayName: "Intel Core i9-10980XE (measured)", memoryBytes: i9.memoryBytes,
            bandwidthBytesPerSecond: i9Measured.bandwidthBytesPerSecond ?? i9.bandwidthBytesPerSecond,
            peakFlopsPerSecond: i9.peakFlopsPerSecond.merging(i9Measured.peakFlopsPerSecond) { _, measured in measured },
            notes: "the i9-10980xe preset with seed 004's measured figures as its roofs; " + i9.notes),
    ]

    private static let index = CatalogueIndex(all + aliases, name: \.name)

    /// The preset (or alias) called `name` (case, spaces, underscores and dots folded), or nil.
    public static func named(_ name: String) -> Accelerator? {
        index.named(name)
    }

    /// Up to `limit` preset names a mistyped `name` probably meant, best first.
    public static func closeMatches(to name: String, limit: Int = 3) -> [String] {
        index.closeMatches(to: name, limit: limit)
    }
}
