import Testing
@testable import Estimation

@Suite("Mixture-of-experts split")
struct MixtureOfExpertsTests {
    /// Mixtral 8x7B, 32 layers. One expert is a SwiGLU MLP: 3 · 4096 · 14336 = 176 160 768.
    /// A token visits 2 of the 8 experts, so 6 · 32 · 176 160 768 = 33 822 867 456 are inactive:
    /// 46 702 792 704 − 33 822 867 456 = 12 879 925 248, Mistral's published "12.9B active".
    @Test func mixtralActiveParameters() throws {
        let preset = try #require(ModelPresets.named("mixtral-8x7b"))
        let counts = try ParameterCounter.count(preset.spec)
        #expect(counts.total == 46_702_792_704)
        #expect(counts.routedExperts == 32 * 8 * 176_160_768)
        #expect(counts.active == 12_879_925_248)
        // Routers without bias: 32 · 4096 · 8.
        #expect(counts.router == 1_048_576)
        // GQA attention: q and o 4096², k and v 4096 · 1024, per layer.
        #expect(counts.attention == 32 * (2 * 4096 * 4096 + 2 * 4096 * 1024))
        #expect(counts.mlp == 0)
        #expect(counts.sharedExperts == 0)
        #expect(counts.layerGroups.map(\.layer.mlp) == [.moe])
    }

    /// DeepSeek-V3: 3 dense layers then 58 MoE layers of 256 routed experts (8 per token) and 1 shared.
    /// - router: 58 · (7168 · 256 + 256 correction biases) = 106 445 312
    /// - one expert: 3 · 7168 · 2048 = 44 040 192; routed 58 · 256 · that = 653 908 770 816;
    ///   shared 58 · that = 2 554 331 136
    /// - dense MLPs: 3 · 3 · 7168 · 18432 = 1 189 085 184
    /// - attention per layer (MLA, q rank 1536): 7168·1536 + 1536 (q norm) + 1536·128·192
    ///   + 7168·576 + 512 (kv norm) + 512·128·256 + 128·128·7168 = 187 107 328
    /// - active: 671 026 419 200 − 58 · 248 · 44 040 192 = 37 552 297 472 (published "37B activated")
    @Test func deepseekV3Split() throws {
        let preset = try #require(ModelPresets.named("deepseek-v3"))
        let counts = try ParameterCounter.count(preset.spec)
        #expect(counts.total == 671_026_419_200)
        #expect(counts.router == 106_445_312)
        #expect(counts.routedExperts == 653_908_770_816)
        #expect(counts.sharedExperts == 2_554_331_136)
        #expect(counts.mlp == 1_189_085_184)
        #expect(counts.attention == 61 * 187_107_328)
        #expect(counts.active == 37_552_297_472)
        #expect(counts.layerGroups.map(\.layer.mlp) == [.dense, .moe])
        #expect(counts.layerGroups.map(\.count) == [3, 58])
        #expect(counts.layerGroups.first?.router == 0)
        #expect(counts.layerGroups.last?.mlp == 0)
    }

    /// DeepSeek-V2-Lite: full-rank q (q_lora_rank null), 1 dense layer then 26 MoE layers of 64 routed
    /// experts (6 per token) and 2 shared, router without bias.
    /// - attention per layer: 2048·16·192 + 2048·576 + 512 + 512·16·256 + 16·128·2048 = 13 763 072
    /// - routed: 26 · 64 · 3 · 2048 · 1408 = 14 394 851 328; shared (one MLP of 2 · 1408):
    ///   26 · 3 · 2048 · 2816 = 449 839 104; router 26 · 2048 · 64 = 3 407 872; dense 3 · 2048 · 10944
    /// - active: 15 706 484 224 − 26 · 58 · 3 · 2048 · 1408 = 2 661 150 208
    @Test func deepseekV2LiteSplit() throws {
        let preset = try #require(ModelPresets.named("deepseek-v2-lite"))
        let counts = try ParameterCounter.count(preset.spec)
        #expect(counts.total == 15_706_484_224)
        #expect(counts.attention == 27 * 13_763_072)
        #expect(counts.routedExperts == 14_394_851_328)
        #expect(counts.sharedExperts == 449_839_104)
        #expect(counts.router == 3_407_872)
        #expect(counts.mlp == 3 * 2048 * 10944)
        #expect(counts.active == 2_661_150_208)
        #expect(counts.layerGroups.map(\.count) == [1, 26])
    }

    /// A dense model's active count is its total.
    @Test func denseModelIsFullyActive() throws {
        let preset = try #require(ModelPresets.named("llama-3-8b"))
        let counts = try ParameterCounter.count(preset.spec)
        #expect(counts.active == counts.total)
        #expect(counts.router == 0 && counts.routedExperts == 0 && counts.sharedExperts == 0)
    }
}
