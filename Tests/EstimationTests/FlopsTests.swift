import Testing
import TransformersReference
@testable import Estimation

@Suite("FLOPs")
struct FlopsTests {
    /// The seed's total `l(24bsd² + 4bs²d) + 2bsdV`, by part, for l 2, d 8, a 2, V 10, b 1, s 4:
    /// QKV 6bsd² = 1536, QKᵀ and ·V 2bs²d = 256 each, output 2bsd² = 512, MLP 16bsd² = 4096 per layer
    /// (6656 per layer, 13312 for two), logits 2bsdV = 640; total 13952.
    @Test func seedFormulaByPart() throws {
        let spec = ModelSpec(layers: 2, hiddenSize: 8, attentionHeads: 2, vocabSize: 10)
        let e = try Flops.estimate(spec, FlopsOptions(batchSize: 1, sequenceLength: 4))
        let f = e.forward
        #expect(f.attentionProjections == 2 * 1536)
        #expect(f.attentionScores == 2 * 256)
        #expect(f.attentionValues == 2 * 256)
        #expect(f.attentionOutput == 2 * 512)
        #expect(f.mlp == 2 * 4096)
        #expect(f.logits == 640)
        #expect(f.experts == 0 && f.router == 0 && f.embeddingProjection == 0)
        #expect(f.total == 13952)
        #expect(e.backward == 2 * 13952)
        #expect(e.trainingStep == 3 * 13952)
        #expect(e.macs == 13952 / 2)
        // Elementwise, apart: softmax 5·b·a·s² = 160 per layer; two LayerNorms, 5·bsd = 160 each.
        #expect(f.elementwise.softmax == 2 * 160)
        #expect(f.elementwise.norms == 2 * 2 * 160)
        #expect(f.elementwise.total == 960)
        // 6ND: N = 2·(12·64 + 104) + 80 = 1824 (tied head), D = 4: 43776; the step is 41856.
        #expect(e.sixND.parameters == 1824)
        #expect(e.sixND.tokens == 4)
        #expect(e.sixND.flops == 43776)
        #expect(e.sixND.ratio == 41856.0 / 43776.0)
    }

    /// Causal halves exactly the s² terms; recompute adds hardware FLOPs only.
    @Test func causalAndRecompute() throws {
        let spec = ModelSpec(layers: 32, hiddenSize: 4096, attentionHeads: 32, vocabSize: 32000)
        let full = try Flops.estimate(spec, FlopsOptions(batchSize: 1, sequenceLength: 4096))
        let causal = try Flops.estimate(spec, FlopsOptions(batchSize: 1, sequenceLength: 4096, causal: true))
        #expect(causal.causal && !full.causal)
        #expect(causal.forward.attentionScores * 2 == full.forward.attentionScores)
        #expect(causal.forward.attentionValues * 2 == full.forward.attentionValues)
        #expect(causal.forward.mlp == full.forward.mlp)
        #expect(full.recompute == 0 && full.hardwareTrainingStep == full.trainingStep)

        // Selective: + 4·b·s²·a·hd per layer = 4·4096²·4096·32.
        let selective = try Flops.estimate(
            spec, FlopsOptions(batchSize: 1, sequenceLength: 4096, recompute: .selective))
        #expect(selective.recompute == 4 * 4096 * 4096 * 4096 * 32)
        #expect(selective.trainingStep == full.trainingStep)
        // Full: + each layer's forward, l(24bsd² + 4bs²d), not the logits.
        let recomputed = try Flops.estimate(spec, FlopsOptions(batchSize: 1, sequenceLength: 4096, recompute: .full))
        let layer = 24.0 * 4096 * 4096 * 4096 + 4.0 * 4096 * 4096 * 4096
        #expect(recomputed.recompute == 32 * layer)
        #expect(recomputed.hardwareTrainingStep == 3 * full.forward.total + 32 * layer)
    }

    /// Mixtral: K = 2 gated experts of width 14336 per token plus a router 2bsdE, and GQA attention.
    /// Per token and layer: QKV 2·4096·(4096 + 2·1024) = 50 331 648, output 33 554 432,
    /// experts 2·6·4096·14336 = 704 643 072, router 2·4096·8 = 65 536.
    @Test func mixtureOfExperts() throws {
        let spec = try ReferenceCase.spec("mixtral-8x7b")
        let f = try Flops.estimate(spec, FlopsOptions(batchSize: 1, sequenceLength: 512)).forward
        #expect(f.attentionProjections == 32 * 512 * 50_331_648)
        #expect(f.attentionOutput == 32 * 512 * 33_554_432)
        #expect(f.experts == 32 * 512 * 704_643_072)
        #expect(f.router == 32 * 512 * 65536)
        #expect(f.mlp == 0)
        // QKᵀ: 2·s²·a·hd = 2·512²·4096 per layer.
        #expect(f.attentionScores == 32 * 2 * 512 * 512 * 4096)
    }

    /// Latent attention (deepseek-v2-lite shapes: d 2048, a 16, no q compression, kv rank 512,
    /// nope 128, rope 64, v 128). Per token and layer: q 2048·16·192 = 6 291 456, kv down
    /// 2048·576 = 1 179 648, kv up 512·16·256 = 2 097 152 MACs; output 16·128·2048 = 4 194 304 MACs.
    @Test func latentAttention() throws {
        let spec = ModelSpec(
            layers: 1, hiddenSize: 2048, attentionHeads: 16, vocabSize: 1000, intermediateSize: 4096,
            latentAttention: .init(qLoraRank: 0, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128))
        let f = try Flops.estimate(spec, FlopsOptions(batchSize: 1, sequenceLength: 100)).forward
        #expect(f.attentionProjections == 2 * 100 * (6_291_456 + 1_179_648 + 2_097_152))
        #expect(f.attentionOutput == 2 * 100 * 4_194_304)
        // Per pair: QKᵀ 2·16·192, ·V 2·16·128.
        #expect(f.attentionScores == 100 * 100 * 2 * 16 * 192)
        #expect(f.attentionValues == 100 * 100 * 2 * 16 * 128)
        // With q compression of rank 1536: 2048·1536 + 1536·16·192 MACs replace 2048·16·192.
        var compressed = spec
        compressed.latentAttention?.qLoraRank = 1536
        let g = try Flops.estimate(compressed, FlopsOptions(batchSize: 1, sequenceLength: 100)).forward
        let macs: Double = 2048 * 1536 + 1536 * 3072 + 1_179_648 + 2_097_152
        #expect(g.attentionProjections == 2 * 100 * macs)
    }

    /// Causal with a sliding window w = 4 at s = 10: a sliding layer attends s·w − w²/2 = 32 pairs, a
    /// global one s²/2 = 50. Without `causal` both count the full s² = 100.
    @Test func slidingWindow() throws {
        let spec = ModelSpec(
            layers: 2, hiddenSize: 8, attentionHeads: 2, vocabSize: 10, slidingWindow: 4,
            layout: LayerLayout([LayerKind(attention: .sliding), LayerKind(attention: .full)]))
        let causal = try Flops.estimate(spec, FlopsOptions(batchSize: 1, sequenceLength: 10, causal: true))
        // Per pair QKᵀ is 2·a·hd = 16 FLOPs.
        #expect(causal.forward.attentionScores == (32 + 50) * 16)
        let full = try Flops.estimate(spec, FlopsOptions(batchSize: 1, sequenceLength: 10))
        #expect(full.forward.attentionScores == 200 * 16)
    }

    /// One token after a prefix of s = 4 (seed block l 2, d 8, a 2, V 10). With the cache: per layer
    /// projections 2·(3·64 + 64) = 512, MLP 16·64 = 1024, attention over 5 keys 5·(16 + 16) = 160;
    /// two layers 3392, logits 160: 3552. Without: the 5-token forward through the layers,
    /// 2·(24·5·64 + 4·25·8) = 2·(7680 + 800) = 16960, plus 160 logits: 17120. Saved 13568.
    @Test func generatedToken() throws {
        let spec = ModelSpec(layers: 2, hiddenSize: 8, attentionHeads: 2, vocabSize: 10)
        let g = try Flops.estimate(spec, FlopsOptions(batchSize: 1, sequenceLength: 4)).generation
        #expect(g.withKVCache == 3552)
        #expect(g.withoutKVCache == 17120)
        #expect(g.savedByKVCache == 13568)
    }

    @Test func rejectsOutOfRangeOptions() {
        let spec = ModelSpec(layers: 2, hiddenSize: 8, attentionHeads: 2, vocabSize: 10)
        #expect(throws: EstimationError(issues: [
            .init(field: "batch_size", message: "must be an integer from 1 to 1048576, got 0"),
            .init(field: "sequence_length", message: "must be an integer from 1 to 16777216, got -3"),
        ])) {
            try Flops.estimate(spec, FlopsOptions(batchSize: 0, sequenceLength: -3))
        }
    }
}
