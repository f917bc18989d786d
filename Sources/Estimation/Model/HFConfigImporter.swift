/// A Hugging Face `config.json` resolved into a `ModelSpec`.
public struct ImportedModel: Hashable, Sendable {
    public var spec: ModelSpec
    /// The config's `model_type`, or `"unknown"` when it has none.
    public var family: String
    /// True when the spec rests on assumptions (an unknown `model_type`, or a setting the spec
    /// cannot express exactly); `warnings` says which.
    public var approximate: Bool
    /// Each assumption made, in words a person can check against the checkpoint.
    public var warnings: [String]

    public init(spec: ModelSpec, family: String, approximate: Bool, warnings: [String]) {
        self.spec = spec
        self.family = family
        self.approximate = approximate
        self.warnings = warnings
    }
}

/// Turns a Hugging Face `config.json` into a `ModelSpec`, reading each family's own key names and,
/// for an absent key, the default of that family's transformers config class (transformers 5).
///
/// Exact for the families in `exactFamilies`: the spec's parameter count equals
/// `model.num_parameters()` of the model transformers builds from the same config. Any other
/// `model_type` that has the usual llama-style keys gets a best-effort llama-style spec with
/// `approximate: true` and a warning for each assumption.
///
/// Errors name the config key at fault: a wrong type, a missing key, a contradiction
/// (`hidden_size` not divisible by the heads without a `head_dim`), or a layout the spec cannot
/// express (`moe_layer_freq` ≠ 1, `decoder_sparse_step` ≠ 1, non-empty `mlp_only_layers`).
/// Integer keys accept JSON integers and whole JSON numbers (`1e3`).
public enum HFConfigImporter {
    /// The `model_type`s imported exactly.
    public static let exactFamilies: [String] = [
        "bloom", "deepseek_v2", "deepseek_v3", "falcon", "gemma", "gemma2", "gpt2", "gpt_bigcode",
        "gpt_neox", "gptj", "llama", "mistral", "mixtral", "opt", "phi", "phi3", "qwen2", "qwen3",
        "qwen3_moe",
    ]

    public static func importConfig(_ config: [String: ConfigValue]) throws(EstimationError) -> ImportedModel {
        var reader = HFConfigReader(config)
        let modelType = reader.optionalString("model_type")
        try reader.checkpoint()

        let spec: ModelSpec
        var approximate = false
        switch modelType {
        case "gpt2": spec = try GPTFamilies.gpt2(&reader)
        case "gpt_bigcode": spec = try GPTFamilies.gptBigCode(&reader)
        case "opt": spec = try GPTFamilies.opt(&reader)
        case "bloom": spec = try GPTFamilies.bloom(&reader)
        case "gptj": spec = try ParallelFamilies.gptj(&reader)
        case "gpt_neox": spec = try ParallelFamilies.gptNeoX(&reader)
        case "falcon": spec = try ParallelFamilies.falcon(&reader)
        case "phi": spec = try ParallelFamilies.phi(&reader)
        case "llama": spec = try LlamaFamilies.llama(&reader)
        case "mistral": spec = try LlamaFamilies.mistral(&reader)
        case "mixtral": spec = try LlamaFamilies.mixtral(&reader)
        case "qwen2": spec = try LlamaFamilies.qwen2(&reader)
        case "qwen3": spec = try LlamaFamilies.qwen3(&reader)
        case "qwen3_moe": spec = try LlamaFamilies.qwen3MoE(&reader)
        case "gemma": spec = try LlamaFamilies.gemma(&reader)
        case "gemma2": spec = try LlamaFamilies.gemma2(&reader)
        case "phi3": spec = try LlamaFamilies.phi3(&reader)
        case "deepseek_v2": spec = try DeepseekFamilies.deepseek(&reader, version: .v2)
        case "deepseek_v3": spec = try DeepseekFamilies.deepseek(&reader, version: .v3)
        default:
            spec = try GenericImport.llamaStyle(&reader, modelType: modelType)
            approximate = true
        }
        try reader.checkpoint()
        do {
            try spec.validate()
        } catch {
            // Name the config key the value came from; when the spec calls it otherwise (a renamed
            // or derived field), say which spec field the range is about.
            throw EstimationError(issues: error.issues.map { issue in
                guard let key = reader.sources[issue.field], key != issue.field else { return issue }
                return EstimationError.Issue(field: key, message: "(as \(issue.field)) \(issue.message)")
            })
        }
        return ImportedModel(
            spec: spec, family: modelType ?? "unknown",
            approximate: approximate || !reader.warnings.isEmpty, warnings: reader.warnings)
    }
}

extension HFConfigReader {
    /// `hidden / heads`, which the family's modelling code requires to divide evenly.
    mutating func headDim(hidden: Int, heads: Int, hiddenKey: String, headsKey: String) -> Int {
        note("head_dim", [hiddenKey])
        guard heads > 0 else {
            fail(headsKey, "must be at least 1, got \(heads)")
            return 0
        }
        guard hidden % heads == 0 else {
            fail(headsKey, "must divide \(hiddenKey) (\(hidden)) evenly when no head_dim is given, got \(heads)")
            return 0
        }
        return hidden / heads
    }

    /// `n_inner`-style widths that default to four times the hidden size.
    mutating func widthOrFourTimes(_ keys: [String], hidden: Int, hiddenKey: String) throws(EstimationError) -> Int {
        if let width = nullableInt(keys, default: nil, spec: "intermediate_size") { return width }
        note("intermediate_size", [hiddenKey])
        return try CheckedArithmetic.product(4, hidden, field: hiddenKey)
    }

    /// The sliding-window layout as the spec expresses it, from a per-layer `layer_types` list:
    /// no window, every layer sliding, or every n-th layer global.
    mutating func windowLayout(layerTypes: [String], window: Int?, layers: Int) -> (window: Int?, globalEvery: Int) {
        note("sliding_window", ["sliding_window"])
        note("global_attention_every", ["layer_types"])
        guard layerTypes.count == layers else {
            fail("layer_types", "must list one type per layer (\(layers)), got \(layerTypes.count)")
            return (nil, 0)
        }
        var sliding: [Bool] = []
        for type in layerTypes {
            switch type {
            case "sliding_attention": sliding.append(true)
            case "full_attention": sliding.append(false)
            default:
                fail("layer_types", "has a layer type that cannot be estimated: \"\(type.prefix(40))\"")
                return (nil, 0)
            }
        }
        guard let window, sliding.contains(true) else { return (nil, 0) }
        guard let firstGlobal = sliding.firstIndex(of: false) else { return (window, 0) }
        let every = firstGlobal + 1
        for (index, slides) in sliding.enumerated() where slides == ((index + 1) % every == 0) {
            fail("layer_types", "mixes sliding and full layers in a pattern the spec cannot express (full layers must be every n-th)")
            return (nil, 0)
        }
        return (window, every)
    }
}
