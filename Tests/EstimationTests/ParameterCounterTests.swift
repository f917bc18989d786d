import Testing
@testable import Estimation

@Suite("ParameterCounter")
struct ParameterCounterTests {
    /// docs/formulas.md §1, the seed's GPT block: `l(12d² + 13d) + Vd`.
    /// - l 12, d 768, V 50257: 12·(12·589 824 + 9 984) + 50257·768 = 12·7 087 872 + 38 597 376 = 123 651 840
    /// - l 2, d 64, V 100: 2·(12·4 096 + 832) + 6 400 = 2·49 984 + 6 400 = 106 368
    /// - GPT-3 (l 96, d 12288, V 50257): 96·(12·150 994 944 + 159 744) + 617 558 016 = 174 579 068 928
    @Test(arguments: [
        (12, 768, 12, 50257, 123_651_840),
        (2, 64, 4, 100, 106_368),
        (96, 12288, 96, 50257, 174_579_068_928),
    ])
    func seedFormula(layers: Int, hidden: Int, heads: Int, vocab: Int, expected: Int) throws {
        let spec = ModelSpec(layers: layers, hiddenSize: hidden, attentionHeads: heads, vocabSize: vocab)
        let counts = try ParameterCounter.count(spec)
        #expect(counts.total == expected)
        #expect(counts.tokenEmbedding == vocab * hidden)
        #expect(counts.lmHead == 0)
        #expect(counts.nonEmbedding == layers * (12 * hidden * hidden + 13 * hidden))
        #expect(counts.active == counts.total)
        #expect(counts.layerGroups.count == 1)
        #expect(counts.layerGroups.first?.perLayer == 12 * hidden * hidden + 13 * hidden)
    }

    /// llama-2-7b written natively: 32 layers of (4·4096² attention + 3·4096·11008 MLP + 2·4096 norms),
    /// untied embeddings 2·32000·4096, final norm 4096 = 6 738 415 616 (models.json).
    @Test func nativeLlama() throws {
        let spec = ModelSpec(
            layers: 32, hiddenSize: 4096, attentionHeads: 32, vocabSize: 32000, intermediateSize: 11008,
            mlp: .gated, norm: .rmsnorm, finalNorm: true, tiedEmbeddings: false, qkvBias: false,
            attentionOutputBias: false, mlpBias: false)
        let counts = try ParameterCounter.count(spec)
        #expect(counts.total == 6_738_415_616)
        #expect(counts.attention == 32 * 4 * 4096 * 4096)
        #expect(counts.mlp == 32 * 3 * 4096 * 11008)
        #expect(counts.norms == 65 * 4096)
        #expect(counts.lmHead == 32000 * 4096)
        #expect(counts.nonEmbedding == counts.total - 2 * 32000 * 4096)
    }

    /// Parts always add up to the total.
    @Test func partsSumToTotal() throws {
        let spec = ModelSpec(
            layers: 4, hiddenSize: 64, attentionHeads: 8, vocabSize: 1000, kvHeads: 2, intermediateSize: 96,
            mlp: .gated, norm: .rmsnorm, finalNorm: true, tiedEmbeddings: false, lmHeadBias: true, mlpBias: false,
            qkNorm: .init(scope: .head, norm: .rmsnorm),
            moe: .init(experts: 8, expertsPerToken: 2, sharedExperts: 1, expertIntermediateSize: 32, routerBias: true),
            layout: LayerLayout([.standard] + Array(repeating: LayerKind(mlp: .moe), count: 3)))
        let c = try ParameterCounter.count(spec)
        let embeddings = c.tokenEmbedding + c.positionEmbedding + c.embeddingProjection
        let layers = c.attention + c.recurrent + c.mlp + c.router + c.routedExperts + c.sharedExperts
        #expect(embeddings + layers + c.norms + c.lmHead == c.total)
        #expect(c.layerGroups.map(\.layer.mlp) == [.dense, .moe])
        #expect(c.layerGroups.map(\.count) == [1, 3])
        // One expert: 3·64·32 = 6 144; a token skips 6 of 8 in each of the 3 MoE layers.
        #expect(c.routedExperts == 3 * 8 * 6_144)
        #expect(c.active == c.total - 3 * 6 * 6_144)
        // Router 64·8 + 8 bias per MoE layer.
        #expect(c.router == 3 * (64 * 8 + 8))
    }

    @Test func overflowIsAnErrorNotATrap() {
        // Every field in range, but 10 000 layers of 65 536 experts of 3·2^20·2^22 parameters overflow.
        let spec = ModelSpec(
            layers: 10_000, hiddenSize: 1 << 20, attentionHeads: 1 << 10, vocabSize: 1 << 24,
            intermediateSize: 1 << 22, mlp: .gated,
            moe: .init(experts: 1 << 16, expertsPerToken: 1, expertIntermediateSize: 1 << 22))
        #expect(throws: EstimationError.self) { try ParameterCounter.count(spec) }
        do {
            _ = try ParameterCounter.count(spec)
        } catch {
            #expect(error.issues.count == 1)
            #expect(error.issues.first?.message.contains("2^63") == true)
        }
    }
}
