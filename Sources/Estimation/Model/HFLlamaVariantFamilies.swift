/// Dense families built on llama's decoder that move its norms, add q/k norms, skip rotary positions
/// on some layers or switch biases: gemma3_text, olmo2, olmo3, granite, smollm3, exaone4,
/// hunyuan_v1_dense, seed_oss, cohere, stablelm, and starcoder2. Each reads its transformers 5
/// config class's defaults.
enum LlamaVariantFamilies {
    /// Per-head q/k RMSNorms, four norms per layer, and five sliding layers to one full
    /// (`sliding_window_pattern`, 6) unless `layer_types` lists them; bidirectional attention
    /// (EmbeddingGemma) keeps `window / 2 + 1` tokens on each side, as `Gemma3TextConfig` sets it.
    static func gemma3Text(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 262_208, hiddenSize: 2304, intermediateSize: 9216, layers: 26, heads: 8, kvHeads: 4,
            tiedEmbeddings: true, activation: .geluPytorchTanh, activationKeys: ["hidden_activation"]))
        var spec = try core.spec(&r, headDim: 256)
        core.readAttentionBias(&r, &spec)
        spec.normsPerLayer = 4
        spec.qkNorm = .init(scope: .head, norm: .rmsnorm)
        var window = r.nullableInt(["sliding_window"], default: 4096, spec: "sliding_window")
        if r.bool(["use_bidirectional_attention"], default: false), let bidirectional = window {
            window = bidirectional / 2 + 1
        }
        let pattern = r.int(["sliding_window_pattern"], default: 6)
        if pattern < 1 { r.fail("sliding_window_pattern", "must be at least 1, got \(pattern)") }
        try r.checkpoint()
        try core.windowsFromLayerTypes(&r, &spec, window: window) { ($0 + 1) % pattern == 0 ? .full : .sliding }
        return spec
    }

    /// Norms after attention and after the MLP instead of before (two per layer), q/k RMSNorms over
    /// the whole projection (`Olmo2Attention.q_norm` is `a·hd` wide), `attention_bias` on q, k, v, o.
    static func olmo2(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        try olmo(&r).spec
    }

    /// olmo2 with three sliding layers (window 4096) to one full, unless `layer_types` lists them.
    static func olmo3(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        var (spec, core) = try olmo(&r)
        try core.windowsFromLayerTypes(
            &r, &spec, window: r.nullableInt(["sliding_window"], default: 4096, spec: "sliding_window")
        ) { ($0 + 1) % 4 == 0 ? .full : .sliding }
        return spec
    }

    private static let olmoDefaults = LlamaStyleCore.Defaults(
        vocabSize: 50304, hiddenSize: 4096, intermediateSize: 11008, layers: 32, heads: 32, kvHeads: nil,
        tiedEmbeddings: false)

    private static func olmo(_ r: inout HFConfigReader) throws(EstimationError) -> (spec: ModelSpec, core: LlamaStyleCore) {
        let core = try LlamaStyleCore(&r, olmoDefaults)
        var spec = try core.spec(&r, headDim: nil)
        core.readAttentionBias(&r, &spec)
        spec.qkNorm = .init(scope: .projection, norm: .rmsnorm)
        return (spec, core)
    }

    /// llama with μP-style multipliers (`embedding_multiplier`, `residual_multiplier`,
    /// `attention_multiplier`, `logits_scaling`), which scale activations and hold no parameters.
    static func granite(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 32000, hiddenSize: 4096, intermediateSize: 11008, layers: 32, heads: 32, kvHeads: nil,
            tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        core.readAttentionBias(&r, &spec)
        spec.mlpBias = r.bool(["mlp_bias"], default: false)
        return spec
    }

    /// llama without rotary positions on the layers `no_rope_layers` marks 0 (by default every
    /// `no_rope_layer_interval`-th, 4); with `use_sliding_window`, those NoPE layers slide
    /// (`SmolLM3Config`), unless `layer_types` says otherwise.
    static func smolLM3(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 128256, hiddenSize: 2048, intermediateSize: 11008, layers: 36, heads: 16, kvHeads: 4,
            tiedEmbeddings: true))
        var spec = try core.spec(&r, headDim: nil)
        core.readAttentionBias(&r, &spec)
        spec.mlpBias = r.bool(["mlp_bias"], default: false)
        let interval = r.int(["no_rope_layer_interval"], default: 4)
        if interval < 1 { r.fail("no_rope_layer_interval", "must be at least 1, got \(interval)") }
        let listed = r.intList("no_rope_layers").flatMap { r.checkPerLayer($0, key: "no_rope_layers", layers: core.layers) }
        try r.checkpoint()
        let rotary = listed?.map { $0 != 0 } ?? (0..<core.slots).map { ($0 + 1) % interval != 0 }
        let window = r.bool(["use_sliding_window"], default: false)
            ? r.nullableInt(["sliding_window"], default: nil, spec: "sliding_window") : nil
        try core.windowsFromLayerTypes(&r, &spec, window: window) { rotary[$0] ? .full : .sliding }
        spec.layout = core.withRotary(spec.layout, rotary)
        return spec
    }

    /// q/k RMSNorms per head, norms after attention and MLP (`Exaone4DecoderLayer`), and sliding
    /// layers from `layer_types` or `sliding_window_pattern` (every n-th layer full, or a string such
    /// as `"LLLG"` read per layer, L sliding and G global). When some layers slide, the global ones
    /// take no rotary positions (`Exaone4Attention` rotates only sliding layers then).
    static func exaone4(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 102400, hiddenSize: 4096, intermediateSize: 16384, layers: 32, heads: 32, kvHeads: 32,
            tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        spec.qkNorm = .init(scope: .head, norm: .rmsnorm)
        let window = r.nullableInt(["sliding_window"], default: 4096, spec: "sliding_window")
        let defaultSpan: (Int) -> LayerKind.Attention
        if case .string(let pattern)? = r.config["sliding_window_pattern"] {
            let slides = pattern.map { $0 == "L" }
            if slides.isEmpty { r.fail("sliding_window_pattern", "must not be empty") }
            defaultSpan = { slides.isEmpty || slides[$0 % slides.count] ? .sliding : .full }
        } else {
            let every = r.nullableInt(["sliding_window_pattern"], default: 4) ?? 0
            if window != nil, every < 1, !r.contains("layer_types") {
                r.fail("sliding_window_pattern", "must be at least 1 when sliding_window is set, got \(every)")
            }
            defaultSpan = { every < 1 || ($0 + 1) % every != 0 ? .sliding : .full }
        }
        try r.checkpoint()
        try core.windowsFromLayerTypes(&r, &spec, window: window, default: defaultSpan)
        if spec.slidingWindow != nil {
            spec.layout = spec.layout.map { kind in
                var kind = kind
                kind.rotary = kind.attention == .sliding
                return kind
            }
        }
        return spec
    }

    /// Per-head q/k RMSNorms (`query_layernorm`, `key_layernorm`), `attention_bias` on q, k, v, o.
    static func hunyuanDense(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, hunyuanDefaults)
        return try hunyuanAttention(&r, core)
    }

    static let hunyuanDefaults = LlamaStyleCore.Defaults(
        vocabSize: 290_943, hiddenSize: 4096, intermediateSize: 11008, layers: 32, heads: 32, kvHeads: nil,
        tiedEmbeddings: false)

    /// The attention hunyuan_v1_dense and hunyuan_v1_moe share.
    static func hunyuanAttention(_ r: inout HFConfigReader, _ core: LlamaStyleCore) throws(EstimationError) -> ModelSpec {
        var spec = try core.spec(&r, headDim: nil)
        core.readAttentionBias(&r, &spec)
        spec.qkNorm = .init(scope: .head, norm: .rmsnorm)
        return spec
    }

    /// llama with biases on q, k and v (`attention_bias`, default on), the output projection's own
    /// switch (`attention_out_bias`), and `head_dim` 128 by default.
    static func seedOSS(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 155_136, hiddenSize: 4096, intermediateSize: 27648, layers: 64, heads: 80, kvHeads: 8,
            tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: 128)
        spec.qkvBias = r.bool(["attention_bias"], default: true)
        spec.attentionOutputBias = r.bool(["attention_out_bias"], default: false)
        spec.mlpBias = r.bool(["mlp_bias"], default: false)
        return spec
    }

    /// Attention and MLP side by side from one LayerNorm without bias, a final one, per-head q/k
    /// LayerNorms (each head its own weight) with `use_qk_norm`, a tied head by default.
    static func cohere(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 256_000, hiddenSize: 8192, intermediateSize: 22528, layers: 40, heads: 64, kvHeads: nil,
            tiedEmbeddings: true))
        var spec = try core.spec(&r, headDim: nil)
        core.readAttentionBias(&r, &spec)
        spec.norm = .layernormWithoutBias
        spec.normsPerLayer = 1
        if r.bool(["use_qk_norm"], default: false) {
            spec.qkNorm = .init(scope: .eachHead, norm: .layernormWithoutBias)
        }
        return spec
    }

    /// LayerNorms with biases (one per layer with `use_parallel_residual`), biases on q, k and v with
    /// `use_qkv_bias`, per-head q/k LayerNorms without bias (each head its own) with `qk_layernorm`,
    /// rotary positions over a quarter of each head by default.
    static func stableLM(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 50304, hiddenSize: 2560, intermediateSize: 6912, layers: 32, heads: 32, kvHeads: 32,
            tiedEmbeddings: false))
        // StableLmAttention takes hidden_size / heads whatever head_dim says.
        let headDim = r.headDim(
            hidden: core.hiddenSize, heads: core.heads, hiddenKey: "hidden_size", headsKey: "num_attention_heads")
        try r.checkpoint()
        var spec = try core.spec(&r, headDim: nil)
        spec.headDim = headDim
        spec.rotaryDim = r.rotaryDim(headDim: headDim, default: 0.25)
        spec.norm = .layernorm
        spec.qkvBias = r.bool(["use_qkv_bias"], default: false)
        if r.bool(["use_parallel_residual"], default: false) { spec.normsPerLayer = 1 }
        if r.bool(["qk_layernorm"], default: false) {
            spec.qkNorm = .init(scope: .eachHead, norm: .layernormWithoutBias)
        }
        return spec
    }

    /// LayerNorms with biases, a GELU MLP that is not gated, biases on every linear (`use_bias`), a
    /// window on every layer when `sliding_window` is set, a tied head by default.
    static func starcoder2(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 49152, hiddenSize: 3072, intermediateSize: 12288, layers: 30, heads: 24, kvHeads: 2,
            tiedEmbeddings: true, activation: .geluPytorchTanh))
        var spec = try core.spec(&r, headDim: nil)
        let bias = r.bool(["use_bias"], default: true)
        spec.mlp = .standard
        spec.norm = .layernorm
        spec.qkvBias = bias
        spec.attentionOutputBias = bias
        spec.mlpBias = bias
        core.slideEveryLayer(&spec, window: r.nullableInt(["sliding_window"], default: nil, spec: "sliding_window"))
        return spec
    }
}

extension LlamaStyleCore {
    /// `layout` with each attention layer's `rotary` flag from `rotary` (one per layer).
    func withRotary(_ layout: LayerLayout, _ rotary: [Bool]) -> LayerLayout {
        let kinds = layout.runs.flatMap { repeatElement($0.kind, count: $0.count) }
        return LayerLayout(zip(kinds, rotary).map { kind, rotates in
            var kind = kind
            kind.rotary = rotates
            return kind
        })
    }
}
