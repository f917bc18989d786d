import Testing
import TransformersReference
@testable import Estimation

@Suite("Training memory")
struct TrainingMemoryTests {
    /// Korthikanti et al. (2022)'s Llama-2-7B-shaped check: l 32, d 4096, a 32, standard 4d MLP,
    /// dropout on, V 32000, s 4096, b 1.
    static let korthikanti = ModelSpec(layers: 32, hiddenSize: 4096, attentionHeads: 32, vocabSize: 32000)
    static let gib = Double(1 << 30)

    private func estimate(
        _ spec: ModelSpec = korthikanti, batch: Int = 1, sequence: Int = 4096, optimizer: OptimizerScheme = .adamw16,
        recompute: ActivationRecompute = .none, flash: Bool = false, dropout: Bool = true,
        parallelism: Parallelism = Parallelism()
    ) throws(EstimationError) -> TrainingMemoryEstimate {
        try TrainingMemory.estimate(
            spec,
            TrainingMemoryOptions(
                batchSize: batch, sequenceLength: sequence, optimizer: optimizer, recompute: recompute,
                flashAttention: flash, dropout: dropout, parallelism: parallelism))
    }

    private func roundedGiB(_ bytes: Int) -> Double { (Double(bytes) / Self.gib * 10).rounded() / 10 }

    /// The layers alone (their totals leave out the logits and the embedding's dropout mask):
    /// none: l(34bsd + 5bas²) = 32·(570 425 344 + 2 684 354 560) = 104 152 956 928 B = 97.0 GiB;
    /// selective: 34bsd·l = 18 253 611 008 B = 17.0 GiB.
    @Test func korthikantiTotals() throws {
        let none = try estimate()
        #expect(none.perGPU.activations == 104_152_956_928)
        #expect(roundedGiB(none.perGPU.activations) == 97.0)
        let selective = try estimate(recompute: .selective)
        #expect(selective.perGPU.activations == 18_253_611_008)
        #expect(roundedGiB(selective.perGPU.activations) == 17.0)
        // Their own lines: the embedding's mask bsd and fp32 logits 4bsV.
        #expect(none.perGPU.embeddingDropout == 4096 * 4096)
        #expect(none.perGPU.logits == 4 * 4096 * 32000)
    }

    /// Full recompute: each layer's input 2bsd, plus one layer's full set while it is recomputed:
    /// 32·2·4096² + 3 254 779 904 = 4 328 521 728.
    @Test func fullRecompute() throws {
        #expect(try estimate(recompute: .full).perGPU.activations == 4_328_521_728)
    }

    /// Megatron's peak, modelled (docs/training-memory.md): the saved tensors plus the larger of a
    /// layer's backward, which allocates the gradients of what the layer stored (at most its
    /// 3 254 779 904 B), and the logits' 16-bit gradient 2bsV = 262 144 000 B. Under full recompute
    /// the recomputed layer is already in the saved figure, and its backward comes on top of it.
    @Test func megatronPeak() throws {
        let layer = 3_254_779_904
        let none = try estimate()
        #expect(none.perGPU.peak == none.perGPU.total + layer && none.peakMoment == .layerBackward)
        let full = try estimate(recompute: .full)
        #expect(full.perGPU.peak == full.perGPU.total + layer && full.peakMoment == .layerBackward)
        // With FlashAttention a layer keeps 34bsd + 4bas = 570 949 632 B: the logits' gradient is
        // still smaller, but at V = 256 000 it is 2bsV = 2 097 152 000 B and the peak moves to the loss.
        let flash = try estimate(flash: true)
        #expect(flash.perGPU.peak == flash.perGPU.total + 570_949_632)
        var wide = Self.korthikanti
        wide.vocabSize = 256_000
        let loss = try estimate(wide, flash: true)
        #expect(loss.perGPU.peak == loss.perGPU.total + 2_097_152_000 && loss.peakMoment == .lossBackward)
    }

    /// FlashAttention: no s² terms, fp32 softmax statistics 4·b·a·s: 32·(34bsd + 4·32·4096).
    @Test func flashAttention() throws {
        #expect(try estimate(flash: true).perGPU.activations == 18_270_388_224)
    }

    /// Tensor parallel t = 8 without sequence parallel: l·(bsd(10 + 24/t) + 5bas²/t)
    /// = 32·(4096²·13 + 5·32·4096²/8) = 17 716 740 096; with it, everything over t: 13 019 119 616.
    @Test func tensorAndSequenceParallel() throws {
        let tp = try estimate(parallelism: Parallelism(tensor: 8))
        let b = 1, s = 4096, d = 4096, a = 32, t = 8
        #expect(tp.perGPU.activations == 32 * (b * s * d * (10 + 24 / t) + 5 * b * a * s * s / t))
        #expect(tp.perGPU.activations == 17_716_740_096)
        #expect(tp.perGPU.logits == 4 * 4096 * 32000 / 8)
        let sp = try estimate(parallelism: Parallelism(tensor: 8, sequenceParallel: true))
        #expect(sp.perGPU.activations == 13_019_119_616)
        #expect(sp.perGPU.embeddingDropout == 4096 * 4096 / 8)
        // Layer parameters split over t, norms (4d per layer) replicated: per layer
        // (12d² + 13d − 4d)/8 + 4d; the tied embedding Vd/8 on the only stage.
        let perLayer = (12 * d * d + 9 * d) / 8 + 4 * d
        #expect(tp.parametersPerGPU.slice == 32 * perLayer + 32000 * d / 8)
    }

    /// Pipeline, 1F1B: the first stage holds min(p, m) micro-batches of l/p layers. With p = 4 and
    /// m ≥ p that is 4·8 layers' worth, the same as all 32 layers (Korthikanti's observation);
    /// with m = 2, half.
    @Test func pipelineFirstStage() throws {
        let pp = try estimate(parallelism: Parallelism(pipeline: 4))
        #expect(pp.pipelineStage == 0)
        #expect(pp.inFlightMicroBatches == 4)
        #expect(pp.perGPU.activations == 104_152_956_928)
        #expect(pp.perGPU.logits == 0)
        #expect(pp.perGPU.embeddingDropout == 4 * 4096 * 4096)
        let two = try estimate(parallelism: Parallelism(pipeline: 4, microBatches: 2))
        #expect(two.inFlightMicroBatches == 2)
        #expect(two.perGPU.activations == 104_152_956_928 / 2)
    }

    /// Five seed-block layers (d 8, a 2, V 10, b 1, s 4) over two stages: the first takes three. Stage
    /// 0: 3·872 + 80 = 2696 parameters (43 136 B of states), 2 micro-batches of 3 layers at 1248 B
    /// = 7488, embedding masks 2·32: 50 688 B. Stage 1: 2·872 + the tied head's copy 80 = 1824
    /// (29 184 B), 1·2·1248 = 2496, logits 160: 31 840 B. The first stage is reported.
    @Test func unevenPipeline() throws {
        let spec = ModelSpec(layers: 5, hiddenSize: 8, attentionHeads: 2, vocabSize: 10)
        let e = try estimate(spec, sequence: 4, parallelism: Parallelism(pipeline: 2))
        #expect(e.pipelineStage == 0)
        #expect(e.parametersPerGPU.slice == 2696)
        #expect(e.perGPU.activations == 7488)
        #expect(e.perGPU.embeddingDropout == 64)
        #expect(e.perGPU.logits == 0)
        #expect(e.perGPU.total == 50_688)
        #expect(Parallelism(pipeline: 2).layers(ofStage: 1, layers: 5) == 3..<5)
    }

    /// The three mixed-precision AdamW schemes cost 16, 18 and 20 bytes per parameter of model
    /// states; llama-2-7b has 6 738 415 616 parameters.
    @Test(arguments: [
        (OptimizerScheme.adamw16, 107_814_649_856), (.adamw18, 121_291_481_088), (.adamw20, 134_768_312_320),
    ])
    func adamwTotals(scheme: OptimizerScheme, expected: Int) throws {
        let spec = try ReferenceCase.spec("llama-2-7b")
        let e = try estimate(spec, batch: 1, sequence: 1, optimizer: scheme)
        let p = e.perGPU
        #expect(e.parameters == 6_738_415_616)
        #expect(e.bytesPerParameter == expected / 6_738_415_616)
        #expect(p.weights + p.gradients + p.masterWeights + p.optimizerStates == expected)
        #expect(p.weights == 2 * 6_738_415_616)
        #expect(p.masterWeights == 4 * 6_738_415_616)
        #expect(p.optimizerStates == 8 * 6_738_415_616)
    }

    /// The other schemes, part by part per parameter.
    @Test func otherSchemes() {
        let fp32 = OptimizerScheme.adamwFP32.parts
        #expect([fp32.weights, fp32.gradients, fp32.masterWeights, fp32.optimizerStates, fp32.total] == [4, 4, 0, 8, 16])
        let adam8 = OptimizerScheme.adam8bit.parts
        #expect([adam8.weights, adam8.gradients, adam8.masterWeights, adam8.optimizerStates, adam8.total] == [2, 2, 4, 2, 10])
        let sgd = OptimizerScheme.sgdMomentum.parts
        #expect([sgd.weights, sgd.gradients, sgd.masterWeights, sgd.optimizerStates, sgd.total] == [2, 2, 4, 4, 12])
        let twenty = OptimizerScheme.adamw20.parts
        #expect(twenty.gradients16Bit == 2 && twenty.gradientsFP32 == 4)
    }

    /// Pure fp32 training stores 4-byte activations; the 1-byte masks stay: of the 34bsd, 32 are
    /// activation bytes (→ 64) and 2 masks, and the s² terms become (2·4 + 1)·bas².
    /// 32·(66 + 9·32)·4096² = 190 052 302 848.
    @Test func fp32Activations() throws {
        #expect(try estimate(optimizer: .adamwFP32).perGPU.activations == 190_052_302_848)
    }

    /// Multi-query falcon-7b has one key/value head: no tensor-parallel degree above 1 divides it.
    @Test func tensorMustDivideHeads() throws {
        let spec = try ReferenceCase.spec("falcon-7b")
        do {
            _ = try estimate(spec, parallelism: Parallelism(tensor: 2))
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.field) == ["parallelism.tensor"])
        }
    }

    /// The seed's total `16·(l(12d² + 13d) + Vd) + l(34bsd + 5bas²) + bsd`, for l 2, d 8, a 2, V 10,
    /// b 1, s 4: parameters 2·(768 + 104) + 80 = 1824, states 29 184; per layer 34·32 + 5·2·16 = 1248,
    /// two layers 2496; bsd 32: 31 712. The fp32 logits 4bsV = 160 are on their own line.
    @Test func seedTotal() throws {
        let spec = ModelSpec(layers: 2, hiddenSize: 8, attentionHeads: 2, vocabSize: 10)
        let e = try estimate(spec, batch: 1, sequence: 4)
        #expect(e.parameters == 1824)
        #expect(e.perGPU.activations == 2496)
        #expect(e.perGPU.embeddingDropout == 32)
        #expect(e.perGPU.logits == 160)
        #expect(e.perGPU.total - e.perGPU.logits == 31_712)
    }

    /// ZeRO over N = 7 on the 1824-parameter model, each share rounded up: stage 1 shards master
    /// (7296/7 → 1043) and Adam (14 592/7 → 2085); stage 2 also gradients (3648/7 → 522); stage 3
    /// also weights (522). The parameters held follow the same stages (1824/7 → 261); the slice
    /// stays 1824 throughout.
    @Test func zeroStages() throws {
        let spec = ModelSpec(layers: 2, hiddenSize: 8, attentionHeads: 2, vocabSize: 10)
        func states(_ stage: Int) throws -> [Int] {
            let e = try estimate(spec, batch: 1, sequence: 4, parallelism: Parallelism(data: 7, zeroStage: stage))
            let p = e.perGPU, held = e.parametersPerGPU
            #expect(held.slice == 1824)
            return [p.weights, p.gradients, p.masterWeights, p.optimizerStates,
                    held.weightsHeld, held.gradientsHeld, held.optimizerStatesHeld]
        }
        #expect(try states(0) == [3648, 3648, 7296, 14592, 1824, 1824, 1824])
        #expect(try states(1) == [3648, 3648, 1043, 2085, 1824, 1824, 261])
        #expect(try states(2) == [3648, 522, 1043, 2085, 1824, 261, 261])
        #expect(try states(3) == [522, 522, 1043, 2085, 261, 261, 261])
    }

    /// Grouped queries, a gated MLP and no dropout (llama-3-8b shapes, s 4096): norms 4bsd, attention
    /// input 2bsd, Q 2bs·4096, K and V 2bs·1024 each, output input 2bs·4096, MLP input 2bsd, gate/up/
    /// product 6bs·14336, softmax output 2bas² (no mask or dropout copy) = 1 644 167 168 per layer.
    @Test func groupedGatedWithoutDropout() throws {
        let spec = try ReferenceCase.spec("llama-3-8b")
        let e = try estimate(spec, dropout: false)
        #expect(e.perGPU.activations == 32 * 1_644_167_168)
        #expect(e.perGPU.embeddingDropout == 0)
    }

    /// Mixtral (K = 2 of 8 gated experts of width 14336), s 1024, no dropout. Per layer, left whole:
    /// norm inputs 4bsd, attention input 2bsd, MLP input 2bsd, fp32 router logits 4·bs·8, dispatched
    /// inputs and expert outputs 2·K·2bsd = 67 141 632; split: Q, K, V and output input
    /// 2bs·(4096 + 1024 + 1024 + 4096) = 20 971 520, softmax output 2·b·a·s² = 67 108 864, the two
    /// experts' gate, up and product 2·3·2bs·14336 = 176 160 768. 331 382 784 per layer.
    @Test func mixtureOfExperts() throws {
        let spec = try ReferenceCase.spec("mixtral-8x7b")
        let e = try estimate(spec, sequence: 1024, dropout: false)
        #expect(e.perGPU.activations == 32 * 331_382_784)
    }

    @Test func fitVerdict() throws {
        let e = try estimate()
        let h100 = try #require(HardwareCatalogue.named("h100-sxm"))
        let fit = try e.fit(on: h100, headroom: 0.1)
        // 81,559 MiB = 85 520 809 984 B less ⌈10 %⌉ = 8 552 080 999 B.
        #expect(fit.usableBytes == 76_968_728_985)
        #expect(!fit.fits)
        // The verdict is for the step's peak, not for what stays allocated after the forward pass.
        #expect(e.perGPU.peak > e.perGPU.total)
        #expect(fit.shortBytes == e.perGPU.peak - 76_968_728_985)
        #expect(fit.freeBytes == 0)
        let small = try estimate(ModelSpec(layers: 2, hiddenSize: 8, attentionHeads: 2, vocabSize: 10), sequence: 4)
        let roomy = try small.fit(memoryBytes: 100_000, headroom: 0)
        #expect(roomy.fits && roomy.freeBytes == 100_000 - small.perGPU.peak)
        #expect(throws: EstimationError.self) { try small.fit(memoryBytes: 100_000, headroom: 1.5) }
    }

    /// Issue 14's example, Llama 3.1 8B (llama-3-8b's shapes) at s 8192, b 3, FlashAttention, ZeRO-3
    /// over 8: model states 16·8 030 261 248 / 8 = 16 060 522 496, fp32 logits 4bsV = 12 608 077 824,
    /// embedding dropout bsd = 100 663 296 and activations 32 layers × bs × 147 584 = 116 064 780 288,
    /// 144 834 043 904 B (134.89 GiB) in all, which fits in the 143 771 MiB (150 754 820 096 B) the
    /// H200's driver reports. The step's peak does not: the logits' 16-bit gradient, 2bsV =
    /// 6 304 038 912 B (more than a layer's backward, bs × 147 584 = 3 627 024 384 B), lifts it to
    /// 151 138 082 816 B, 383 262 720 B over.
    @Test func llama8BWithZeRO3PeaksOverAnH200() throws {
        let spec = try ReferenceCase.spec("llama-3-8b")
        let e = try estimate(
            spec, batch: 3, sequence: 8192, flash: true, parallelism: Parallelism(data: 8, zeroStage: 3))
        #expect(e.perGPU.activations == 32 * 3 * 8192 * 147_584)
        #expect(e.perGPU.total == 144_834_043_904)
        // Each GPU computes with all 8 030 261 248 parameters, one layer at a time, and keeps an eighth.
        #expect(e.parametersPerGPU == .init(
            slice: 8_030_261_248, weightsHeld: 1_003_782_656, gradientsHeld: 1_003_782_656,
            optimizerStatesHeld: 1_003_782_656))
        let h200 = try #require(HardwareCatalogue.named("h200-sxm"))
        #expect(e.perGPU.peak == 151_138_082_816 && e.peakMoment == .lossBackward)
        let fit = try e.fit(on: h200)
        #expect(!fit.fits && fit.shortBytes == 383_262_720)
    }

    /// Inputs whose bytes exceed Int: an error naming the option, never a trap.
    @Test func overflowIsAnError() {
        #expect(throws: EstimationError.self) {
            try estimate(batch: 1 << 20, sequence: 1 << 24)
        }
        do {
            _ = try estimate(batch: 1 << 20, sequence: 1 << 24)
        } catch {
            #expect(error.issues.map(\.field) == ["sequence_length"])
        }
    }

    @Test func rejectsInvalidParallelism() {
        do {
            _ = try estimate(batch: 0, parallelism: Parallelism(data: 0, tensor: 3, pipeline: 33, zeroStage: 4, microBatches: 0))
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.field) == [
                "batch_size", "parallelism.data", "parallelism.pipeline", "parallelism.zero_stage",
                "parallelism.micro_batches", "parallelism.tensor",
            ])
        }
    }
}
