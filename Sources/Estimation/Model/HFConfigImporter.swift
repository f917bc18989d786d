/// A Hugging Face `config.json` resolved into a `ModelSpec`.
public struct ImportedModel: Hashable, Sendable {
    public var spec: ModelSpec
    /// The config's `model_type`, or `"unknown"` when it has none.
    public var family: String
    /// True when the spec rests on assumptions (an unknown `model_type`, or a setting the spec
    /// cannot express exactly) or leaves part of the checkpoint out (a vision or audio tower);
    /// `warnings` says which.
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
/// `model.num_parameters()` of the model transformers builds from the same config (the exceptions,
/// checkpoint buffers counted as parameters, are documented per family), its forward FLOPs equal
/// PyTorch's FLOP counter's, and its cache the tensors transformers keeps. A multimodal config
/// (`gemma3`, `llama4`, `mistral3`, …) is read through its `text_config`: the language model is
/// exact and each tower (`vision_config`, `audio_config`) is named in a warning, not counted.
/// Encoder-only and encoder–decoder configs are refused, naming `model_type`. Any other
/// `model_type` that has the usual llama-style keys gets a best-effort llama-style spec with
/// `approximate: true` and a warning for each assumption.
///
/// Errors name the config key at fault: a wrong type, a missing key, a contradiction
/// (`hidden_size` not divisible by the heads without a `head_dim`), or a layout the spec cannot
/// express. Integer keys accept JSON integers and whole JSON numbers (`1e3`).
public enum HFConfigImporter {
    typealias Family = @Sendable (inout HFConfigReader) throws(EstimationError) -> ModelSpec

    /// Each exactly imported `model_type` and the function that reads it.
    static let families: [String: Family] = [
        "gpt2": GPTFamilies.gpt2, "gpt_bigcode": GPTFamilies.gptBigCode, "opt": GPTFamilies.opt,
        "bloom": GPTFamilies.bloom,
        "gptj": ParallelFamilies.gptj, "gpt_neox": ParallelFamilies.gptNeoX, "falcon": ParallelFamilies.falcon,
        "phi": ParallelFamilies.phi,
        "llama": LlamaFamilies.llama, "mistral": LlamaFamilies.mistral, "mixtral": LlamaFamilies.mixtral,
        "qwen2": LlamaFamilies.qwen2, "qwen3": LlamaFamilies.qwen3, "qwen3_moe": LlamaFamilies.qwen3MoE,
        "gemma": LlamaFamilies.gemma, "gemma2": LlamaFamilies.gemma2, "phi3": LlamaFamilies.phi3,
        "deepseek_v2": { (r: inout HFConfigReader) throws(EstimationError) in try DeepseekFamilies.deepseek(&r, version: .v2) },
        "deepseek_v3": { (r: inout HFConfigReader) throws(EstimationError) in try DeepseekFamilies.deepseek(&r, version: .v3) },
        "gemma3_text": LlamaVariantFamilies.gemma3Text, "olmo2": LlamaVariantFamilies.olmo2,
        "olmo3": LlamaVariantFamilies.olmo3, "granite": LlamaVariantFamilies.granite,
        "smollm3": LlamaVariantFamilies.smolLM3, "exaone4": LlamaVariantFamilies.exaone4,
        "hunyuan_v1_dense": LlamaVariantFamilies.hunyuanDense, "seed_oss": LlamaVariantFamilies.seedOSS,
        "cohere": LlamaVariantFamilies.cohere, "stablelm": LlamaVariantFamilies.stableLM,
        "starcoder2": LlamaVariantFamilies.starcoder2,
        "llama4_text": MoEFamilies.llama4Text, "gpt_oss": MoEFamilies.gptOSS, "granitemoe": MoEFamilies.graniteMoE,
        "phimoe": MoEFamilies.phiMoE, "qwen2_moe": MoEFamilies.qwen2MoE, "glm4_moe": MoEFamilies.glm4MoE,
        "minimax_m2": MoEFamilies.miniMaxM2, "ernie4_5_moe": MoEFamilies.ernie45MoE,
        "hunyuan_v1_moe": MoEFamilies.hunyuanMoE,
        "qwen3_next": HybridFamilies.qwen3Next, "minimax": HybridFamilies.miniMax, "lfm2": HybridFamilies.lfm2,
        "nemotron_h": HybridFamilies.nemotronH, "falcon_h1": HybridFamilies.falconH1,
    ]

    /// The `model_type`s imported exactly, sorted; multimodal wrappers (`multimodalFamilies`) are
    /// exact for their language model.
    public static let exactFamilies: [String] = (Array(families.keys) + Array(multimodalFamilies.keys)).sorted()

    /// Multimodal `model_type`s whose `text_config` holds a family above: the family a `text_config`
    /// without its own `model_type` defaults to, and whether the output head is tied when the config
    /// does not say. The wrapper's own `tie_word_embeddings` decides, not the text config's: the
    /// composite model transformers builds ties its head by its top-level config.
    static let multimodalFamilies: [String: (textFamily: String, tiedByDefault: Bool)] = [
        "gemma3": ("gemma3_text", true), "llama4": ("llama4_text", false), "mistral3": ("mistral", true),
    ]

    /// Families with an encoder, which the spec (a decoder-only language model) cannot express.
    static let encoderFamilies: Set<String> = [
        "albert", "bart", "bert", "big_bird", "bigbird_pegasus", "blenderbot", "camembert", "convbert",
        "deberta", "deberta-v2", "distilbert", "electra", "ernie", "esm", "funnel", "led", "longformer",
        "longt5", "m2m_100", "marian", "mbart", "megatron-bert", "modernbert", "mpnet", "mt5", "nllb-moe",
        "pegasus", "plbart", "prophetnet", "rembert", "roberta", "roformer", "switch_transformers", "t5",
        "umt5", "whisper", "xlm", "xlm-roberta", "xlnet",
    ]

    public static func importConfig(_ config: [String: ConfigValue]) throws(EstimationError) -> ImportedModel {
        var outer = HFConfigReader(config)
        let modelType = outer.optionalString("model_type")
        let encoderDecoder = outer.bool(["is_encoder_decoder"], default: false)
        try outer.checkpoint()
        if let modelType, encoderFamilies.contains(modelType) || encoderDecoder {
            throw EstimationError(
                field: "model_type",
                message: "\"\(modelType.prefix(60))\" is an encoder-only or encoder-decoder model; only decoder-only language models can be estimated")
        }
        if encoderDecoder {
            throw EstimationError(
                field: "is_encoder_decoder",
                message: "an encoder-decoder model cannot be estimated; only decoder-only language models")
        }

        var reader = try languageModelReader(&outer, modelType: modelType)
        // A text_config names its own family, or takes its wrapper's default.
        let textType = reader.prefix.isEmpty
            ? modelType : reader.optionalString("model_type") ?? modelType.flatMap { multimodalFamilies[$0]?.textFamily }
        try reader.checkpoint()

        var approximate = false
        var spec: ModelSpec
        if let textType, let family = families[textType] {
            spec = try family(&reader)
        } else {
            spec = try GenericImport.llamaStyle(&reader, modelType: textType)
            approximate = true
        }
        spec.quantizedWeights = quantization(&outer, spec: spec)
        // Every family names its context one of these ways; without either it stays unknown
        // rather than taking a config class's default, since it only ever feeds a warning.
        spec.maxPositionEmbeddings = reader.nullableInt(
            ["max_position_embeddings", "n_positions"], default: nil, spec: "max_position_embeddings")
        if !reader.prefix.isEmpty, let modelType, let wrapper = multimodalFamilies[modelType] {
            spec.tiedEmbeddings = outer.bool(["tie_word_embeddings"], default: wrapper.tiedByDefault)
        }
        try reader.checkpoint()
        try outer.checkpoint()
        spec = spec.normalised
        do {
            try spec.validate()
        } catch {
            // Name the config key the value came from; when the spec calls it otherwise (a renamed
            // or derived field), say which spec field the range is about.
            throw EstimationError(issues: error.issues.map { issue in
                guard let key = reader.sources[issue.field], key != issue.field else {
                    return EstimationError.Issue(field: reader.prefix + issue.field, message: issue.message)
                }
                return EstimationError.Issue(field: key, message: "(as \(issue.field)) \(issue.message)")
            })
        }
        let warnings = outer.warnings + reader.warnings
        return ImportedModel(
            spec: spec, family: modelType ?? "unknown", approximate: approximate || !warnings.isEmpty,
            warnings: warnings)
    }

    /// The reader of the language model: the config itself, or its `text_config` (keys named
    /// `text_config.…`) with each other sub-model named in a warning on `outer`. A known multimodal
    /// wrapper without a `text_config` takes its text family's defaults, as its config class does.
    private static func languageModelReader(
        _ outer: inout HFConfigReader, modelType: String?
    ) throws(EstimationError) -> HFConfigReader {
        let wrapper = modelType.flatMap { multimodalFamilies[$0] } != nil
        guard outer.contains("text_config") || wrapper else { return outer }
        let text = outer.object("text_config") ?? [:]
        try outer.checkpoint()
        let towers = outer.config.keys.sorted().filter { key in
            guard !["text_config", "quantization_config"].contains(key), key.hasSuffix("_config"),
                case .object = outer.config[key] else { return false }
            return true
        }
        for key in towers {
            guard case .object(let tower) = outer.config[key] else { continue }
            let kind = tower["model_type"].flatMap { value -> String? in
                if case .string(let name) = value { return String(name.prefix(60)) } else { return nil }
            }
            outer.warn("\(key)\(kind.map { " (\($0))" } ?? "") is not counted: the estimate covers the language model (text_config) only")
        }
        if towers.isEmpty, let modelType, wrapper {
            outer.warn("\(modelType)'s vision tower is not counted: the estimate covers the language model (text_config) only")
        }
        return HFConfigReader(text, prefix: "text_config.")
    }
}

extension HFConfigImporter {
    /// The quantised storage `quantization_config` describes, when the spec can express it: MXFP4
    /// (`quant_method` `mxfp4`) on the routed experts, which is where gpt-oss keeps it
    /// (`modules_to_not_convert` leaves attention, routers, embeddings and head alone). Any other
    /// method, or MXFP4 without experts, is named in a warning and its weights are counted in the type
    /// the estimate names.
    static func quantization(_ r: inout HFConfigReader, spec: ModelSpec) -> ModelSpec.QuantizedWeights? {
        guard let config = r.object("quantization_config") else { return nil }
        guard case .string(let method)? = config["quant_method"] else {
            r.fail("quantization_config.quant_method", "must name the quantisation method")
            return nil
        }
        if method == "mxfp4", spec.layout.contains(where: { $0.mlp == .moe }) {
            return .init(format: .mxfp4, scope: .routedExperts)
        }
        r.warn("quantization_config \"\(method.prefix(40))\" is not modelled: every weight is counted in the weight_dtype the estimate names")
        return nil
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
}
