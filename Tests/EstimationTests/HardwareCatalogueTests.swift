import Testing
@testable import Estimation

@Suite("Hardware catalogue")
struct HardwareCatalogueTests {
    /// Every row of docs/hardware.md's table: the V100's two sizes apart; the seed's CPU once, with
    /// its measured figures, and its old measured preset an alias.
    @Test func everyPreset() {
        #expect(HardwareCatalogue.all.map(\.name) == [
            "v100-sxm2-16gb", "v100-sxm2-32gb", "a100-sxm-40gb", "a100-sxm-80gb", "h100-sxm", "h100-pcie",
            "h200-sxm", "b200", "l4", "l40s", "rtx-4090", "rtx-3090", "mi250x", "mi300x", "tpu-v4", "tpu-v5e",
            "tpu-v5p", "i9-10980xe",
        ])
        #expect(HardwareCatalogue.aliases.map(\.name) == ["i9-10980xe-measured"])
        for accelerator in HardwareCatalogue.all + HardwareCatalogue.aliases {
            #expect((try? accelerator.validated()) == accelerator, "\(accelerator.name)")
        }
    }

    /// Peaks straight from the vendors' tables (TFLOP/s × 10^12, GB/s × 10^9); memory as the device's
    /// own tool reports it, in bytes (docs/hardware.md).
    @Test func figures() throws {
        let h100 = try #require(HardwareCatalogue.named("h100-sxm"))
        #expect(h100.memoryBytes == 85_520_809_984)  // nvidia-smi: 81559MiB
        #expect(h100.bandwidthBytesPerSecond == 3.35e12)
        #expect(h100.peak(.bf16) == 989.4e12)
        #expect(h100.peak(.fp8) == 1978.9e12)
        let v100 = try #require(HardwareCatalogue.named("v100-sxm2-32gb"))
        #expect(v100.memoryBytes == 34_359_738_368)  // nvidia-smi: 32768MiB
        #expect(v100.peak(.bf16) == nil && v100.peak(.fp16) == 125e12)
        // The H200 measured for this project: nvidia-smi 143771MiB; CUDA's 150,109,880,320 B is 615 MiB less.
        #expect(try #require(HardwareCatalogue.named("h200-sxm")).memoryBytes == 150_754_820_096)
        #expect(try #require(HardwareCatalogue.named("mi300x")).memoryBytes == 206_158_430_208)  // rocm-smi
        #expect(try #require(HardwareCatalogue.named("tpu-v4")).memoryBytes == 33_014_415_360)  // XLA's bytes_limit
        #expect(try #require(HardwareCatalogue.named("a100-sxm-40gb")).peak(.int8) == 624e12)
        let b200 = try #require(HardwareCatalogue.named("b200"))
        #expect(b200.memoryBytes == 183_359 << 20 && b200.notes.contains("192"))
        // Seed 004: the i9-10980XE's ridge point 4.608 TFLOP/s ÷ 96 GB/s = 48 FLOP/B.
        let cpu = try #require(HardwareCatalogue.named("i9-10980xe"))
        #expect(try #require(cpu.peak(.fp32)) / cpu.bandwidthBytesPerSecond == 48)
    }

    /// Every preset says where its memory figure comes from, and an NVIDIA one's nvidia-smi reading
    /// (whole MiB, as the tool prints it) is its memory exactly.
    @Test(arguments: HardwareCatalogue.all.map(\.name))
    func memoryHasASource(_ name: String) throws {
        let accelerator = try #require(HardwareCatalogue.named(name))
        #expect(accelerator.notes.contains("memory"))
        guard let reading = accelerator.notes.firstMatch(of: /memory: (\d+) MiB, nvidia-smi/) else {
            #expect(!accelerator.displayName.hasPrefix("NVIDIA"))
            return
        }
        #expect(Int(reading.1) == accelerator.memoryBytes >> 20)
        #expect(accelerator.memoryBytes % (1 << 20) == 0)
    }

    /// Interconnects per device and per direction, half the bidirectional figures vendors print;
    /// every accelerator has one, with its source in the notes.
    @Test func interconnects() throws {
        let perDirection: [String: Double] = [
            "v100-sxm2-16gb": 150e9, "a100-sxm-80gb": 300e9, "h100-sxm": 450e9, "h200-sxm": 450e9, "b200": 900e9,
            "h100-pcie": 64e9, "l4": 32e9, "mi300x": 448e9, "tpu-v5e": 200e9, "tpu-v5p": 600e9,
        ]
        for (name, bandwidth) in perDirection {
            #expect(HardwareCatalogue.named(name)?.interconnect?.bandwidthBytesPerSecond == bandwidth, "\(name)")
        }
        for accelerator in HardwareCatalogue.all where accelerator.name != "i9-10980xe" {
            let link = try #require(accelerator.interconnect, "\(accelerator.name)")
            #expect(accelerator.notes.contains("interconnect: "), "\(accelerator.name)")
            #expect(link.bandwidthBytesPerSecond > 0)
        }
        #expect(HardwareCatalogue.named("i9-10980xe")?.interconnect == nil)
        #expect(HardwareCatalogue.named("h200-sxm")?.measured == MeasuredRoofs(
            peakFlopsPerSecond: [.bf16: 774.5e12], bandwidthBytesPerSecond: 4276e9))
    }

    @Test func lookUp() {
        #expect(HardwareCatalogue.named("H100_SXM")?.name == "h100-sxm")
        #expect(HardwareCatalogue.named("h100") == nil)
        #expect(HardwareCatalogue.closeMatches(to: "h100") == ["h100-pcie", "h100-sxm"])
        #expect(HardwareCatalogue.closeMatches(to: "a100-sxm-80") == ["a100-sxm-80gb"])
        #expect(HardwareCatalogue.closeMatches(to: "mi300") == ["mi300x"])
        #expect(HardwareCatalogue.closeMatches(to: "rtx-4080").first == "rtx-4090")
        #expect(HardwareCatalogue.closeMatches(to: "quantum-annealer").isEmpty)
        #expect(HardwareCatalogue.closeMatches(to: String(repeating: "x", count: 10_000)).isEmpty)
    }

    @Test func overriding() throws {
        let a100 = try #require(HardwareCatalogue.named("a100-sxm-80gb"))
        let custom = try a100.overriding(memoryBytes: 96_000_000_000, peakFlopsPerSecond: [.fp8: 600e12])
        #expect(custom.name == "custom")
        #expect(custom.memoryBytes == 96_000_000_000)
        #expect(custom.bandwidthBytesPerSecond == a100.bandwidthBytesPerSecond)
        #expect(custom.peak(.fp8) == 600e12 && custom.peak(.bf16) == 312e12)
        #expect(try a100.overriding() == a100)
        do {
            _ = try a100.overriding(memoryBytes: 0, bandwidthBytesPerSecond: .infinity, peakFlopsPerSecond: [.bf16: -1])
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.field) == [
                "hardware.memory_bytes", "hardware.bandwidth_bytes_per_second", "hardware.peak_flops_per_second.bf16",
            ])
        }
        // Below 1 per second a rate is refused: a subnormal one (CI's schemathesis sent 2.2e-309)
        // would overflow any time to ∞.
        do {
            _ = try a100.overriding(bandwidthBytesPerSecond: 0.5, peakFlopsPerSecond: [.bf16: .leastNonzeroMagnitude])
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.field) == [
                "hardware.bandwidth_bytes_per_second", "hardware.peak_flops_per_second.bf16",
            ])
        }
        #expect(try a100.overriding(peakFlopsPerSecond: [.bf16: 1]).peak(.bf16) == 1)
        let own = try Accelerator.custom(memoryBytes: 1 << 30, bandwidthBytesPerSecond: 1e11, peakFlopsPerSecond: [.fp32: 1e12])
        #expect(own.peak(.fp32) == 1e12 && own.peak(.bf16) == nil)
    }
}
