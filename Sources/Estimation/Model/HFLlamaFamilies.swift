/// The llama-style families: rotary positions, RMSNorm, a gated MLP without biases, a final norm.
/// Each reads its own defaults (transformers 5 config classes) into the shared shape below.
enum LlamaFamilies {
    static func llama(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 32000, hiddenSize: 4096, intermediateSize: 11008, layers: 32, heads: 32,
            kvHeads: nil, tiedEmbeddings: false))
        let headDim = try core.headDim(&r, default: nil)
        // attention_bias covers q, k, v and o; mlp_bias gate, up and down.
        let attentionBias = r.bool(["attention_bias"], default: false)
        let mlpBias = r.bool(["mlp_bias"], default: false)
        return core.spec(headDim: headDim, qkvBias: attentionBias, outputBias: attentionBias, mlpBias: mlpBias)
    }

    /// Every layer slides when `sliding_window` is set (`MistralAttention`).
    static func mistral(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 32000, hiddenSize: 4096, intermediateSize: 14336, layers: 32, heads: 32,
            kvHeads: 8, tiedEmbeddings: false))
        let headDim = try core.headDim(&r, default: nil)
        let window = r.nullableInt(["sliding_window"], default: 4096, spec: "sliding_window")
        return core.spec(headDim: headDim, window: window)
    }

    /// Routers without bias (`MixtralSparseMoeBlock.gate`); `intermediate_size` is each expert's width.
    static func mixtral(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 32000, hiddenSize: 4096, intermediateSize: 14336, layers: 32, heads: 32,
            kvHeads: 8, tiedEmbeddings: false))
        let headDim = try core.headDim(&r, default: nil)
        let window = r.nullableInt(["sliding_window"], default: nil, spec: "sliding_window")
        let experts = r.int(["num_local_experts", "num_experts"], default: 8, spec: "moe.experts")
        let perToken = r.int(["num_experts_per_tok"], default: 2, spec: "moe.experts_per_token")
        r.note("moe.expert_intermediate_size", ["intermediate_size"])
        let moe = ModelSpec.MixtureOfExperts(
            experts: experts, expertsPerToken: perToken, expertIntermediateSize: core.intermediateSize)
        return core.spec(headDim: headDim, window: window, moe: moe)
    }

    /// q, k and v always have biases and o never does (`Qwen2Attention`); `attention_bias` is ignored.
    static func qwen2(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 151936, hiddenSize: 4096, intermediateSize: 22016, layers: 32, heads: 32,
            kvHeads: 32, tiedEmbeddings: false))
        let headDim = try core.headDim(&r, default: nil)
        let layout = qwenWindowLayout(&r, layers: core.layers)
        return core.spec(headDim: headDim, qkvBias: true, layout: layout)
    }

    /// Per-head RMSNorms on q and k, an explicit `head_dim` (default 128).
    static func qwen3(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 151936, hiddenSize: 4096, intermediateSize: 22016, layers: 32, heads: 32,
            kvHeads: 32, tiedEmbeddings: false))
        let headDim = try core.headDim(&r, default: 128)
        let attentionBias = r.bool(["attention_bias"], default: false)
        let layout = qwenWindowLayout(&r, layers: core.layers)
        return core.spec(
            headDim: headDim, qkvBias: attentionBias, outputBias: attentionBias, qkNorm: true, layout: layout)
    }

    /// qwen3 attention with a routed MoE in every layer; `Qwen3MoeConfig` has no `head_dim` attribute,
    /// so an absent one is `hidden_size / num_attention_heads`. With `num_experts` 0 every layer is dense.
    static func qwen3MoE(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 151936, hiddenSize: 2048, intermediateSize: 6144, layers: 24, heads: 32,
            kvHeads: 4, tiedEmbeddings: false))
        let headDim = try core.headDim(&r, default: nil)
        let attentionBias = r.bool(["attention_bias"], default: false)
        let experts = r.int(["num_experts", "num_local_experts"], default: 128, spec: "moe.experts")
        let perToken = r.int(["num_experts_per_tok"], default: 8, spec: "moe.experts_per_token")
        let expertWidth = r.int(["moe_intermediate_size"], default: 768, spec: "moe.expert_intermediate_size")
        let sparseStep = r.int(["decoder_sparse_step"], default: 1)
        let denseOnly = r.intListCount("mlp_only_layers") ?? 0
        var layout = (window: Int?.none, globalEvery: 0)
        if r.bool(["use_sliding_window"], default: false) {
            layout.window = r.nullableInt(["sliding_window"], default: 4096, spec: "sliding_window")
            if layout.window != nil {
                r.warn("use_sliding_window is true: assumed every layer slides, as Qwen3MoeAttention applies the window to all layers")
            }
        }
        guard experts != 0 else {
            return core.spec(headDim: headDim, qkvBias: attentionBias, outputBias: attentionBias, qkNorm: true, layout: layout)
        }
        if sparseStep != 1 {
            r.fail("decoder_sparse_step", "only 1 (an MoE block in every layer) can be estimated, got \(sparseStep)")
        }
        if denseOnly != 0 {
            r.fail("mlp_only_layers", "must be empty: dense layers between MoE layers cannot be estimated")
        }
        let moe = ModelSpec.MixtureOfExperts(experts: experts, expertsPerToken: perToken, expertIntermediateSize: expertWidth)
        return core.spec(
            headDim: headDim, qkvBias: attentionBias, outputBias: attentionBias, qkNorm: true, layout: layout, moe: moe)
    }

    /// GeGLU, an explicit `head_dim` (default 256), tied head; the RMSNorm weight is `d` wide.
    static func gemma(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 256000, hiddenSize: 3072, intermediateSize: 24576, layers: 28, heads: 16,
            kvHeads: 16, tiedEmbeddings: true))
        let headDim = try core.headDim(&r, default: 256)
        let attentionBias = r.bool(["attention_bias"], default: false)
        return core.spec(headDim: headDim, qkvBias: attentionBias, outputBias: attentionBias)
    }

    /// gemma plus post-attention and post-MLP norms (four per layer), and a sliding window on every
    /// layer but each second one (`layer_types`, or its default).
    static func gemma2(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 256000, hiddenSize: 2304, intermediateSize: 9216, layers: 26, heads: 8,
            kvHeads: 4, tiedEmbeddings: true))
        let headDim = try core.headDim(&r, default: 256)
        let attentionBias = r.bool(["attention_bias"], default: false)
        let window = r.nullableInt(["sliding_window"], default: 4096, spec: "sliding_window")
        let layerTypes = r.stringList("layer_types")
            ?? (0..<max(0, min(core.layers, 10_000))).map { ($0 + 1) % 2 == 0 ? "full_attention" : "sliding_attention" }
        let layout = r.windowLayout(layerTypes: layerTypes, window: window, layers: core.layers)
        return core.spec(
            headDim: headDim, qkvBias: attentionBias, outputBias: attentionBias, normsPerLayer: 4, layout: layout)
    }

    /// Fused `qkv_proj` and `gate_up_proj`: the same counts as separate projections, no biases;
    /// `sliding_window`, when set, applies to every layer.
    static func phi3(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 32064, hiddenSize: 3072, intermediateSize: 8192, layers: 32, heads: 32,
            kvHeads: nil, tiedEmbeddings: false))
        let headDim = try core.headDim(&r, default: nil)
        let window = r.nullableInt(["sliding_window"], default: nil, spec: "sliding_window")
        return core.spec(headDim: headDim, window: window)
    }

    /// qwen2/qwen3: a window only with `use_sliding_window`, then on the layers from
    /// `max_window_layers` on (or as `layer_types` lists them).
    private static func qwenWindowLayout(_ r: inout HFConfigReader, layers: Int) -> (window: Int?, globalEvery: Int) {
        let useWindow = r.bool(["use_sliding_window"], default: false)
        let window = useWindow ? r.nullableInt(["sliding_window"], default: 4096, spec: "sliding_window") : nil
        if let layerTypes = r.stringList("layer_types") {
            return r.windowLayout(layerTypes: layerTypes, window: window, layers: layers)
        }
        guard let window else { return (nil, 0) }
        let firstSliding = r.int(["max_window_layers"], default: 28)
        if firstSliding >= layers { return (nil, 0) }
        if firstSliding <= 0 { return (window, 0) }
        r.fail("max_window_layers", "full layers followed by sliding ones cannot be estimated; only 0 (all slide) or at least num_hidden_layers (none slide)")
        return (nil, 0)
    }
}

/// The fields every llama-style family reads, under the same key names, with its own defaults.
struct LlamaStyleCore {
    struct Defaults {
        var vocabSize: Int
        var hiddenSize: Int
        var intermediateSize: Int
        var layers: Int
        var heads: Int
        /// nil: `num_attention_heads` (the class default is `None`).
        var kvHeads: Int?
        var tiedEmbeddings: Bool
    }

    var layers: Int
    var hiddenSize: Int
    var heads: Int
    var kvHeads: Int
    var vocabSize: Int
    var intermediateSize: Int
    var tiedEmbeddings: Bool

    init(_ r: inout HFConfigReader, _ defaults: Defaults) throws(EstimationError) {
        layers = r.int(["num_hidden_layers"], default: defaults.layers, spec: "layers")
        hiddenSize = r.int(["hidden_size"], default: defaults.hiddenSize, spec: "hidden_size")
        heads = r.int(["num_attention_heads"], default: defaults.heads, spec: "attention_heads")
        // An explicit null is Python's None, which every class resolves to num_attention_heads.
        kvHeads = r.nullableInt(["num_key_value_heads"], default: defaults.kvHeads, spec: "kv_heads") ?? heads
        vocabSize = r.int(["vocab_size"], default: defaults.vocabSize, spec: "vocab_size")
        intermediateSize = r.int(["intermediate_size"], default: defaults.intermediateSize, spec: "intermediate_size")
        tiedEmbeddings = r.bool(["tie_word_embeddings"], default: defaults.tiedEmbeddings)
        try r.checkpoint()
    }

    /// `head_dim` when the config sets it (or the class has a default), else `hidden_size / heads`.
    func headDim(_ r: inout HFConfigReader, default fallback: Int?) throws(EstimationError) -> Int {
        let headDim = r.nullableInt(["head_dim"], default: fallback, spec: "head_dim")
            ?? r.headDim(hidden: hiddenSize, heads: heads, hiddenKey: "hidden_size", headsKey: "num_attention_heads")
        try r.checkpoint()
        return headDim
    }

    func spec(
        headDim: Int, qkvBias: Bool = false, outputBias: Bool = false, mlpBias: Bool = false,
        qkNorm: Bool = false, normsPerLayer: Int = 2, window: Int? = nil,
        layout: (window: Int?, globalEvery: Int)? = nil, moe: ModelSpec.MixtureOfExperts? = nil,
        latent: ModelSpec.LatentAttention? = nil
    ) -> ModelSpec {
        // An MoE model without dense layers never uses intermediate_size; the canonical spec sets it
        // to the expert width so that configs differing only in that unused key hash alike.
        var width = intermediateSize
        if let moe, moe.denseLayers == 0 { width = moe.expertIntermediateSize }
        return ModelSpec(
            layers: layers, hiddenSize: hiddenSize, attentionHeads: heads, vocabSize: vocabSize,
            kvHeads: kvHeads, headDim: headDim, intermediateSize: width, mlp: .gated, norm: .rmsnorm,
            normsPerLayer: normsPerLayer, finalNorm: true, tiedEmbeddings: tiedEmbeddings,
            qkvBias: qkvBias, attentionOutputBias: outputBias, mlpBias: mlpBias, qkNorm: qkNorm,
            slidingWindow: layout?.window ?? window, globalAttentionEvery: layout?.globalEvery ?? 0, moe: moe,
            latentAttention: latent)
    }
}
