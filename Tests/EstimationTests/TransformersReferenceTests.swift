import Testing
import TransformersReference
@testable import Estimation

/// Parameters, forward FLOPs and KV cache against transformers, exactly: models.json's ten common
/// checkpoints (gpt2, llama, mistral, mixtral, qwen2, gemma, falcon, gpt_neox, opt) and cases.json's
/// gptj, bloom, gpt_bigcode, phi, phi3, qwen3, qwen3_moe, gemma2, deepseek_v2 and deepseek_v3, plus
/// configs for the importer's branches the presets leave out: gemma2 and mistral sequences past
/// their windows, Falcon's new decoder architecture and ALiBi, dense latent-attention models, OPT's
/// projected embeddings, Phi's qk LayerNorms, multi-head GPTBigCode, sequential GPT-NeoX, Llama with
/// biases and its own head_dim (Tests/TransformersReference; generate.py says how each value was
/// measured).
@Suite("Transformers reference (models.json, cases.json)")
struct TransformersReferenceTests {
    /// Every case of both files, in file order.
    static let everyCase = ReferenceCase.File.allCases.flatMap(ReferenceCase.all(in:))

    /// The counts pin each file, so that a missing or truncated one cannot pass as an empty list.
    @Test(arguments: [(ReferenceCase.File.models, 10, 9), (.cases, 21, 18)])
    func fileHasEveryCase(file: ReferenceCase.File, cases: Int, dense: Int) throws {
        let loaded = try ReferenceCase.load(file)
        #expect(loaded.count == cases)
        #expect(loaded.filter { !$0.forwardFlops.isEmpty }.count == dense)
    }

    /// The presets' configs in cases.json are PresetCatalogue's, so a transcription slip in
    /// generate.py cannot pass as agreement. Python writes 50.0 as `50.0`, which the test's JSON
    /// reader takes for an integer; whole numbers compare as integers on both sides.
    @Test func presetConfigsAreTheCatalogues() throws {
        let presets = ReferenceCase.all(in: .cases).compactMap { reference in
            PresetCatalogue.entries.first { $0.name == reference.name }.map { (reference, $0) }
        }
        #expect(presets.count == 10)
        for (reference, entry) in presets {
            #expect(
                reference.config.mapValues(Self.wholeNumbersAsIntegers)
                    == entry.config.mapValues(Self.wholeNumbersAsIntegers), "\(reference.name)")
        }
    }

    private static func wholeNumbersAsIntegers(_ value: ConfigValue) -> ConfigValue {
        if case .number(let number) = value, let integer = Int(exactly: number) { return .integer(integer) }
        return value
    }

    @Test(arguments: everyCase)
    func parameterCount(_ reference: ReferenceCase) throws {
        let imported = try reference.imported()
        #expect(!imported.approximate)
        #expect(imported.warnings.isEmpty)
        let ours = try ParameterCounter.count(imported.spec).total
        #expect(ours == reference.parameters + Self.scoreCorrectionBiases[reference.name, default: 0])
    }

    /// DeepSeek-V3's routers each hold an `e_score_correction_bias` of one value per routed expert,
    /// which DeepSeek's code and checkpoint treat as a parameter and transformers registers as a
    /// buffer; the count includes them on purpose (PresetCatalogue's deepseek-v3 note): 58 MoE layers
    /// (61 less the first 3 dense) × 256 experts more than `model.parameters()`.
    private static let scoreCorrectionBiases = ["deepseek-v3": 58 * 256]

    /// FlopCounterMode counts matrix multiplications and the full `s×s` of eager attention (a
    /// sliding window only masks it), as `forward.total` does without `causal`.
    @Test(arguments: everyCase.filter { !$0.forwardFlops.isEmpty })
    func forwardFlops(_ reference: ReferenceCase) throws {
        let spec = try reference.imported().spec
        for (key, expected) in reference.forwardFlops {
            let shape = try #require(ReferenceCase.shape(key))
            let estimate = try Flops.estimate(
                spec, FlopsOptions(batchSize: shape.batch, sequenceLength: shape.sequence))
            #expect(estimate.forward.total == Double(expected), "\(reference.name) \(key)")
        }
    }

    /// Every case but the three below, whose sequence stays within its window: the cache
    /// transformers holds after the forward pass, to the byte. For deepseek_v2 that is the latent
    /// `kv_lora_rank + qk_rope_head_dim` per token per layer (FORMULAS §5): transformers caches the
    /// compressed latents and decompresses them after reading the cache.
    @Test(arguments: everyCase.filter {
        !["gemma2-small-window", "mistral-small-window", "falcon-40b"].contains($0.name)
    })
    func kvCache(_ reference: ReferenceCase) throws {
        let spec = try reference.imported().spec
        #expect(!reference.kvCacheBytesBF16.isEmpty)
        for (key, expected) in reference.kvCacheBytesBF16 {
            let shape = try #require(ReferenceCase.shape(key))
            if let window = spec.slidingWindow { #expect(shape.sequence <= window, "\(reference.name)") }
            let estimate = try KVCache.estimate(
                spec, KVCacheOptions(batchSize: shape.batch, sequenceLength: shape.sequence))
            #expect(estimate.bytes == expected, "\(reference.name) \(key)")
        }
    }

    /// A config whose cached sequence (b 2, s 1024) passes its window, with its shape by hand.
    struct SlidingCase: Sendable, CustomTestStringConvertible {
        var name: String
        var fullLayers: Int
        var slidingLayers: Int
        var window: Int
        var keyValueHeads: Int
        var headDim: Int
        var testDescription: String { name }

        /// 2 (k and v) · b · kv heads · hd · 2 bytes, times the tokens the layers keep.
        func bytes(keptBySlidingLayer kept: Int) -> Int {
            2 * 2 * keyValueHeads * headDim * 2 * (fullLayers * 1024 + slidingLayers * kept)
        }
    }

    /// Past the window, transformers' DynamicSlidingWindowLayer keeps the last `window − 1` tokens
    /// after a forward pass (the next token makes `window`); FORMULAS §5 keeps `min(s, window)`, the
    /// cache a decoding step attends over, on purpose. So ours is one token per sliding layer more.
    /// Gemma 2 alternates sliding and full layers; Mistral slides in every layer.
    @Test(arguments: [
        SlidingCase(name: "gemma2-small-window", fullLayers: 2, slidingLayers: 2, window: 256, keyValueHeads: 4, headDim: 64),
        SlidingCase(name: "mistral-small-window", fullLayers: 0, slidingLayers: 4, window: 256, keyValueHeads: 2, headDim: 64),
    ])
    func kvCachePastTheSlidingWindow(_ sliding: SlidingCase) throws {
        let reference = try #require(ReferenceCase.named(sliding.name))
        let spec = try reference.imported().spec
        #expect(spec.slidingWindow == sliding.window)
        #expect(LayerLayout(spec).slidingLayers == sliding.slidingLayers)
        let theirs = try #require(reference.kvCacheBytesBF16["b2_s1024"])
        #expect(theirs == sliding.bytes(keptBySlidingLayer: sliding.window - 1))
        let ours = try KVCache.estimate(spec, KVCacheOptions(batchSize: 2, sequenceLength: 1024))
        #expect(ours.bytes == sliding.bytes(keptBySlidingLayer: sliding.window))
    }

    /// Falcon's new decoder architecture: transformers' FalconAttention reshapes the key and value
    /// to all `a` heads (`num_kv_heads = num_heads if new_decoder_architecture`) before the cache
    /// update, so its cache holds each of the k = 8 groups' heads a/k = 16 times over. FORMULAS §5
    /// counts the k key/value heads the weights produce, what a serving engine caches, on purpose.
    /// 2 · b 2 · s 1024 · l 60 · k 8 · hd 64 (8192 / 128) · 2 bytes = 251 658 240.
    @Test func kvCacheOfGroupedFalcon() throws {
        let reference = try #require(ReferenceCase.named("falcon-40b"))
        let spec = try reference.imported().spec
        let theirs = try #require(reference.kvCacheBytesBF16["b2_s1024"])
        let ours = try KVCache.estimate(spec, KVCacheOptions(batchSize: 2, sequenceLength: 1024))
        #expect(ours.bytes == 2 * 2 * 1024 * 60 * 8 * 64 * 2)
        #expect(theirs == ours.bytes * (128 / 8))
    }
}
