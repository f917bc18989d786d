import Testing
import TransformersReference
@testable import Estimation

/// Parameters, forward FLOPs, key/value cache and recurrent state against transformers for every
/// case of cases.json: the ten models.json configs, the presets' real configs of every exact family,
/// and configs for the switches the real ones leave at one value (`generate.py` says how each value
/// was measured).
@Suite("Transformers reference (models.json, cases.json)")
struct TransformersReferenceTests {
    static let cases = ReferenceCase.all(in: .cases)

    /// The counts pin each file, so that a missing or truncated one cannot pass as an empty list.
    @Test func filesHaveEveryCase() throws {
        let models = try ReferenceCase.load(.models)
        #expect(models.count == 10)
        #expect(models.filter { !$0.forwardFlops.isEmpty }.count == 9)
        let cases = try ReferenceCase.load(.cases)
        #expect(cases.count == 83)
        #expect(cases.filter { $0.source == "models.json" }.count == 10)
        #expect(cases.allSatisfy { !$0.forwardFlops.isEmpty && !$0.kvCacheBytesBF16.isEmpty })
    }

    /// cases.json measures models.json's ten configs again with today's transformers: every value
    /// models.json records comes out the same, so the tests below cover it too.
    @Test(arguments: ReferenceCase.all(in: .models))
    func modelsJSONIsRemeasuredInCases(_ first: ReferenceCase) throws {
        let again = try #require(Self.cases.first { $0.name == first.name && $0.source == "models.json" })
        #expect(again.config == first.config)
        #expect(again.parameters == first.parameters)
        for (shape, value) in first.forwardFlops { #expect(again.forwardFlops[shape] == value, "\(shape)") }
        for (shape, value) in first.kvCacheBytesBF16 { #expect(again.kvCacheBytesBF16[shape] == value, "\(shape)") }
    }

    /// Every family the importer calls exact has a case, and every case's family is exact.
    @Test func everyExactFamilyIsMeasured() throws {
        let measured = Set(try Self.cases.map { try $0.imported().family })
        #expect(measured == Set(HFConfigImporter.exactFamilies))
    }

    /// The presets' configs in cases.json are PresetCatalogue's, so a transcription slip in
    /// generate.py cannot pass as agreement. Python writes 50.0 as `50.0`, which the test's JSON
    /// reader takes for an integer; whole numbers compare as integers on both sides.
    @Test func presetConfigsAreTheCatalogues() throws {
        let presets = Self.cases.filter { $0.source == "generate.py" }.compactMap { reference in
            PresetCatalogue.entries.first { $0.name == reference.name }.map { (reference, $0) }
        }
        #expect(presets.count == 44)
        for (reference, entry) in presets {
            #expect(
                reference.config.mapValues(Self.wholeNumbersAsIntegers)
                    == entry.config.mapValues(Self.wholeNumbersAsIntegers), "\(reference.name)")
        }
    }

    private static func wholeNumbersAsIntegers(_ value: ConfigValue) -> ConfigValue {
        switch value {
        case .number(let number): Int(exactly: number).map { .integer($0) } ?? value
        case .array(let items): .array(items.map(wholeNumbersAsIntegers))
        case .object(let members): .object(members.mapValues(wholeNumbersAsIntegers))
        default: value
        }
    }

    /// The language model's count, to the parameter. Two differences are the estimate's on purpose:
    /// a multimodal config's vision or audio tower is left out, named in the only warning; and the
    /// routers' score-correction biases (deepseek_v3, glm4_moe, minimax_m2, nemotron_h), which the
    /// checkpoints store and transformers registers as buffers, are counted.
    @Test(arguments: cases)
    func parameterCount(_ reference: ReferenceCase) throws {
        let imported = try reference.imported()
        let towers = reference.config.keys.filter { ["vision_config", "audio_config"].contains($0) }
        #expect(imported.approximate == !towers.isEmpty)
        #expect(imported.warnings.count == towers.count)
        for tower in towers { #expect(imported.warnings.contains { $0.hasPrefix(tower) }) }
        let ours = try ParameterCounter.count(imported.spec).total
        #expect(ours == reference.languageModelParameters)
    }

    /// FlopCounterMode counts matrix multiplications, convolutions and the full `s×s` of eager
    /// attention (a sliding window or a chunk only masks it), as `forward.total` does without
    /// `causal`; the generator routes each token through its K experts.
    @Test(arguments: cases)
    func forwardFlops(_ reference: ReferenceCase) throws {
        let spec = try reference.imported().spec
        for (key, expected) in reference.forwardFlops {
            let shape = try #require(ReferenceCase.shape(key))
            let estimate = try Flops.estimate(
                spec, FlopsOptions(batchSize: shape.batch, sequenceLength: shape.sequence))
            #expect(estimate.forward.total == Double(expected), "\(reference.name) \(key)")
        }
    }

    /// Layers whose window (or chunk) the cached 1024 tokens reach, by hand from each config. Once a
    /// sequence reaches its window, transformers' DynamicSlidingWindowLayer keeps the last
    /// `window − 1` tokens after a forward pass (the next token makes `window`); the estimate keeps
    /// `min(s, window)`, the cache a decoding step attends over, on purpose: one token more per such
    /// layer and sequence.
    static let layersPastTheirWindow: [String: Int] = [
        "gemma2-small-window": 2, "mistral-small-window": 4, "gemma-3-1b": 22, "gemma-3-27b": 52,
        "gemma3-listed-layers": 3, "llama4-multimodal-small-chunks": 3, "gpt-oss-20b": 12, "gpt-oss-120b": 18,
        "starcoder2-no-bias-window": 3, "olmo3-small-window": 3, "qwen2-moe-mixed-layers": 2,
        "smollm3-window-biases": 2, "exaone4-pattern-window": 2, "qwen2-upper-layers-slide": 2,
    ]

    /// The key/value cache and the recurrent state after a bf16 forward pass over 2 × 1024 tokens, to
    /// the byte: keys and values, latents for latent attention, convolution states in bf16,
    /// gated-delta and Mamba-2 states in fp32, lightning states in bf16.
    @Test(arguments: cases.filter { $0.name != "falcon-40b" })
    func kvCacheAndState(_ reference: ReferenceCase) throws {
        let spec = try reference.imported().spec
        for (key, expected) in reference.kvCacheBytesBF16 {
            let shape = try #require(ReferenceCase.shape(key))
            let estimate = try KVCache.estimate(
                spec, KVCacheOptions(batchSize: shape.batch, sequenceLength: shape.sequence))
            let past = Self.layersPastTheirWindow[reference.name, default: 0]
            let tokenPerLayer = 2 * spec.kvHeads * spec.headDim * 2
            #expect(estimate.keyValueBytes == expected + shape.batch * past * tokenPerLayer, "\(reference.name) \(key)")
            #expect(estimate.stateBytes == reference.stateBytesBF16[key], "\(reference.name) \(key)")
            #expect(estimate.bytes == estimate.keyValueBytes + estimate.stateBytes)
        }
    }

    /// Falcon's new decoder architecture: transformers' FalconAttention reshapes the key and value
    /// to all `a` heads (`num_kv_heads = num_heads if new_decoder_architecture`) before the cache
    /// update, so its cache holds each of the k = 8 groups' heads a/k = 16 times over. docs/formulas.md §5
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
