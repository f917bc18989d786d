import Testing
import TransformersReference
@testable import Estimation

@Suite("Model presets")
struct PresetTests {
    @Test func everyCatalogueEntryImports() {
        #expect(ModelPresets.all.count == PresetCatalogue.entries.count)
        #expect(Set(ModelPresets.all.map(\.name)).count == ModelPresets.all.count)
    }

    @Test func theRequiredPresetsExist() {
        let required = [
            "gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl", "llama-2-7b", "llama-2-13b", "llama-2-70b",
            "llama-3-8b", "llama-3-70b", "llama-3.1-405b", "llama-3.2-1b", "llama-3.2-3b", "mistral-7b",
            "mixtral-8x7b", "mixtral-8x22b", "qwen2.5-0.5b", "qwen2.5-7b", "qwen2.5-72b", "qwen3-8b",
            "qwen3-30b-a3b", "gemma-2b", "gemma-7b", "gemma-2-9b", "phi-2", "phi-3-mini", "falcon-7b",
            "pythia-160m", "pythia-1.4b", "gpt-neox-20b", "opt-125m", "opt-1.3b", "bloom-560m", "gpt-j-6b",
            "starcoder", "deepseek-v2-lite", "deepseek-v3",
            // Round 2: an alias of an existing architecture, and each new family's flagships.
            "llama-3.1-8b", "llama-3.1-70b", "llama-3.3-70b", "gemma-3-1b", "gemma-3-27b", "llama-4-scout",
            "llama-4-maverick", "mistral-small-3.1-24b", "gpt-oss-20b", "gpt-oss-120b", "starcoder2-7b",
            "starcoder2-15b", "olmo-2-7b", "olmo-3-7b", "granite-3.3-8b", "granite-3.1-3b-a800m",
            "qwen1.5-moe-a2.7b", "qwen3-next-80b-a3b", "glm-4.5-air", "glm-4.5", "command-r", "command-r-plus",
            "stablelm-2-1.6b", "phi-3.5-moe", "smollm3-3b", "exaone-4.0-1.2b", "exaone-4.0-32b",
            "minimax-text-01", "minimax-m2", "ernie-4.5-21b-a3b", "hunyuan-7b", "hunyuan-a13b", "seed-oss-36b",
            "lfm2-1.2b", "nemotron-nano-9b-v2", "falcon-h1-7b",
        ]
        for name in required {
            #expect(ModelPresets.named(name) != nil, "missing preset \(name)")
        }
    }

    @Test(arguments: ModelPresets.all.map(\.name))
    func countMatchesThePublishedCheckpoint(_ name: String) throws {
        let preset = try #require(ModelPresets.named(name))
        #expect(try ParameterCounter.count(preset.spec).total == preset.publishedParameters)
    }

    /// A preset and its config.json must give the same architecture, and where models.json has the
    /// same checkpoint, the same count as transformers. The declared context is left out: the
    /// reference configs are written for counting, and qwen2.5-7b's is the instruct checkpoint's
    /// (32,768 positions) where the preset is the base one's (131,072).
    @Test(arguments: ReferenceCase.all(in: .models))
    func presetAgreesWithReference(_ reference: ReferenceCase) throws {
        let preset = try #require(ModelPresets.named(reference.name))
        var imported = try HFConfigImporter.importConfig(reference.config).spec
        imported.maxPositionEmbeddings = preset.spec.maxPositionEmbeddings
        #expect(preset.spec == imported)
        #expect(preset.publishedParameters == reference.parameters)
    }

    /// Llama 3.1 and 3.3 change the context length and the training, not the architecture.
    @Test(arguments: [("llama-3.1-8b", "llama-3-8b"), ("llama-3.1-70b", "llama-3-70b"), ("llama-3.3-70b", "llama-3-70b")])
    func aliasesShareTheArchitecture(_ alias: String, _ original: String) throws {
        var aliasSpec = try #require(ModelPresets.named(alias)).spec
        let originalSpec = try #require(ModelPresets.named(original)).spec
        #expect(aliasSpec.maxPositionEmbeddings == 131_072 && originalSpec.maxPositionEmbeddings == 8192)
        aliasSpec.maxPositionEmbeddings = originalSpec.maxPositionEmbeddings
        #expect(aliasSpec == originalSpec)
    }

    @Test func lookupIsTolerant() {
        #expect(ModelPresets.named("Llama_3.1_405B")?.name == "llama-3.1-405b")
        #expect(ModelPresets.named("llama-3-1-405b")?.name == "llama-3.1-405b")
        #expect(ModelPresets.named("QWEN2_5-7B")?.name == "qwen2.5-7b")
        #expect(ModelPresets.named("llama-4-8b") == nil)
        #expect(ModelPresets.named(String(repeating: "x", count: 10_000)) == nil)
    }

    @Test func closeMatchesSuggestNames() {
        #expect(ModelPresets.closeMatches(to: "llama-3-8").first == "llama-3-8b")
        #expect(ModelPresets.closeMatches(to: "lama-2-7b").first == "llama-2-7b")
        #expect(ModelPresets.closeMatches(to: "gpt2", limit: 3) == ["gpt2", "gpt2-large", "gpt2-medium"])
        #expect(ModelPresets.closeMatches(to: "mixtral").count == 2)
        #expect(ModelPresets.closeMatches(to: "zzzzzzzzzzzz").isEmpty)
        #expect(ModelPresets.closeMatches(to: "gpt2", limit: 0).isEmpty)
        #expect(ModelPresets.closeMatches(to: String(repeating: "q", count: 100_000)).isEmpty)
    }
}
