import Testing
@testable import Estimation

@Suite("Training time")
struct TrainingTimeTests {
    static let gpt3 = ModelSpec(layers: 96, hiddenSize: 12288, attentionHeads: 96, vocabSize: 51200)

    /// GPT-3 175B, 300B tokens of s = 2048 on 1024 A100s at 140 TFLOP/s achieved, full recompute
    /// (Narayanan et al. 2021, eq. 4, ≈34 days). Hardware FLOPs per sequence: 4 forward passes of
    /// the layers plus 3 of the logits, 4·96·(24·s·d² + 4·s²·d) + 3·2·s·d·V = 2 936 829 917 528 064;
    /// per token (÷ 2048) that is eq. 4's 96·l·d²·(1 + s/6d + V/16ld) = 1 433 998 983 168 FLOPs;
    /// × 3·10^11 tokens = 4.301 996 949 504·10^23 FLOPs;
    /// ÷ (1024 · 1.4·10^14 FLOP/s) = 3 000 834.93 s = 34.73 days.
    @Test func gpt3WithAchievedRate() throws {
        let a100 = try #require(HardwareCatalogue.named("a100-sxm-80gb"))
        let e = try TrainingTime.estimate(
            Self.gpt3,
            TrainingTimeOptions(
                tokens: 300_000_000_000, sequenceLength: 2048, accelerator: a100, gpus: 1024,
                throughput: .achievedTFLOPsPerGPU(140), recompute: .full))
        #expect(e.flopsKind == .hardware)
        let l = 96.0, d = 12288.0, s = 2048.0, v = 51200.0
        let perToken = 96 * l * d * d * (1 + s / (6 * d) + v / (16 * l * d))
        #expect(abs(e.flopsPerToken - perToken) / perToken < 1e-15)
        #expect(e.flopsPerToken == 1_433_998_983_168)
        #expect(abs(e.flops - 4.301996949504e23) / 4.301996949504e23 < 1e-12)
        #expect(abs(e.seconds - 3_000_834.925_714) < 0.01)
        #expect(abs(e.days - 34.731_885_7) < 1e-6)
        #expect(abs(e.gpuHours - 3_000_834.925_714 * 1024 / 3600) < 1)
        // The model FLOPs share of 140 against A100's 312 bf16 peak: 140·(3·fwd / (3·fwd + layers))/312.
        let mfu = try #require(e.mfu)
        #expect(mfu > 0.33 && mfu < 0.34)
    }

    /// With an MFU the model FLOPs (3 × forward) are divided by peak × MFU, and the seed's range is
    /// reported at 0.35 and 0.5.
    @Test func mfuAndRange() throws {
        let a100 = try #require(HardwareCatalogue.named("a100-sxm-80gb"))
        let e = try TrainingTime.estimate(
            Self.gpt3, TrainingTimeOptions(tokens: 300_000_000_000, accelerator: a100, gpus: 1024))
        #expect(e.flopsKind == .model)
        #expect(e.mfu == 0.4)
        let layer: Double = 24 * 2048 * 12288 * 12288 + 4 * 2048 * 2048 * 12288
        let logits: Double = 2 * 2048 * 12288 * 51200
        let fwd = 96 * layer + logits
        #expect(e.flopsPerToken == 3 * fwd / 2048)
        let seconds = e.flops / (1024 * 312e12 * 0.4)
        #expect(e.seconds == seconds)
        let range = try #require(e.range)
        #expect(range.low.seconds == e.flops / (1024 * 312e12 * 0.35))
        #expect(range.high.seconds == e.flops / (1024 * 312e12 * 0.5))
        #expect(range.low.seconds > e.seconds && e.seconds > range.high.seconds)
    }

    @Test func rejectsBadOptions() throws {
        let v100 = try #require(HardwareCatalogue.named("v100-sxm2-16gb"))
        do {
            _ = try TrainingTime.estimate(
                Self.gpt3,
                TrainingTimeOptions(tokens: 0, accelerator: v100, gpus: 0, precision: .bf16, throughput: .mfu(1.5)))
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.field) == ["tokens", "gpus", "mfu", "precision"])
        }
        #expect(throws: EstimationError.self) {
            try TrainingTime.estimate(
                Self.gpt3, TrainingTimeOptions(tokens: 1, accelerator: v100, throughput: .achievedTFLOPsPerGPU(.nan)))
        }
        // A subnormal MFU passes the range, but the time would overflow to infinity: refused, named.
        do {
            _ = try TrainingTime.estimate(
                Self.gpt3,
                TrainingTimeOptions(
                    tokens: 1_000_000_000_000_000_000, accelerator: v100, gpus: 1, precision: .fp16,
                    throughput: .mfu(1e-300)))
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.field) == ["mfu"])
        }
        // An achieved rate needs no peak; the range is then absent.
        let e = try TrainingTime.estimate(
            Self.gpt3, TrainingTimeOptions(tokens: 1000, accelerator: v100, throughput: .achievedTFLOPsPerGPU(50)))
        #expect(e.range == nil && e.mfu == nil)
    }
}
