/// The llama-style families: rotary positions, RMSNorm, a gated MLP without biases, a final norm.
/// Each reads its own defaults (transformers 5 config classes) into the shared shape of
/// `LlamaStyleCore`, then sets what differs.
enum LlamaFamilies {
    static func llama(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 32000, hiddenSize: 4096, intermediateSize: 11008, layers: 32, heads: 32,
            kvHeads: nil, tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        // attention_bias covers q, k, v and o; mlp_bias gate, up and down.
        core.readAttentionBias(&r, &spec)
        spec.mlpBias = r.bool(["mlp_bias"], default: false)
        return spec
    }

    /// Every layer slides when `sliding_window` is set (`MistralAttention`).
    static func mistral(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 32000, hiddenSize: 4096, intermediateSize: 14336, layers: 32, heads: 32,
            kvHeads: 8, tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        core.slideEveryLayer(&spec, window: r.nullableInt(["sliding_window"], default: 4096, spec: "sliding_window"))
        return spec
    }

    /// Routers without bias (`MixtralSparseMoeBlock.gate`); `intermediate_size` is each expert's width.
    static func mixtral(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 32000, hiddenSize: 4096, intermediateSize: 14336, layers: 32, heads: 32,
            kvHeads: 8, tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        let experts = r.int(["num_local_experts", "num_experts"], default: 8, spec: "moe.experts")
        let perToken = r.int(["num_experts_per_tok"], default: 2, spec: "moe.experts_per_token")
        r.note("moe.expert_intermediate_size", ["intermediate_size"])
        core.everyLayerMoE(&spec, ModelSpec.MixtureOfExperts(
            experts: experts, expertsPerToken: perToken, expertIntermediateSize: core.intermediateSize))
        core.slideEveryLayer(&spec, window: r.nullableInt(["sliding_window"], default: nil, spec: "sliding_window"))
        return spec
    }

    /// q, k and v always have biases and o never does (`Qwen2Attention`); `attention_bias` is ignored.
    static func qwen2(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 151936, hiddenSize: 4096, intermediateSize: 22016, layers: 32, heads: 32,
            kvHeads: 32, tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        spec.qkvBias = true
        try core.qwenWindows(&r, &spec)
        return spec
    }

    /// Per-head RMSNorms on q and k, an explicit `head_dim` (default 128).
    static func qwen3(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 151936, hiddenSize: 4096, intermediateSize: 22016, layers: 32, heads: 32,
            kvHeads: 32, tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: 128)
        core.readAttentionBias(&r, &spec)
        spec.qkNorm = .init(scope: .head, norm: .rmsnorm)
        try core.qwenWindows(&r, &spec)
        return spec
    }

    /// qwen3 attention with a routed MoE on the layers `decoder_sparse_step` and `mlp_only_layers`
    /// leave sparse (`Qwen3MoeDecoderLayer`); `Qwen3MoeConfig` has no `head_dim` attribute, so an
    /// absent one is `hidden_size / num_attention_heads`. With `num_experts` 0 every layer is dense.
    /// `use_sliding_window` slides every layer (`Qwen3MoeAttention` reads the window directly).
    static func qwen3MoE(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 151936, hiddenSize: 2048, intermediateSize: 6144, layers: 24, heads: 32,
            kvHeads: 4, tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        core.readAttentionBias(&r, &spec)
        spec.qkNorm = .init(scope: .head, norm: .rmsnorm)
        let experts = r.int(["num_experts", "num_local_experts"], default: 128, spec: "moe.experts")
        let perToken = r.int(["num_experts_per_tok"], default: 8, spec: "moe.experts_per_token")
        let expertWidth = r.int(["moe_intermediate_size"], default: 768, spec: "moe.expert_intermediate_size")
        if experts > 0 {
            let sparse = try core.qwenSparseLayers(&r)
            core.moeLayers(&spec, ModelSpec.MixtureOfExperts(
                experts: experts, expertsPerToken: perToken, expertIntermediateSize: expertWidth), where: sparse)
        }
        if r.bool(["use_sliding_window"], default: false) {
            core.slideEveryLayer(&spec, window: r.nullableInt(["sliding_window"], default: 4096, spec: "sliding_window"))
        }
        return spec
    }

    /// GeGLU, an explicit `head_dim` (default 256), tied head; the RMSNorm weight is `d` wide.
    static func gemma(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 256000, hiddenSize: 3072, intermediateSize: 24576, layers: 28, heads: 16,
            kvHeads: 16, tiedEmbeddings: true, activation: .geluPytorchTanh))
        var spec = try core.spec(&r, headDim: 256)
        // GemmaConfig reads a legacy "gelu" as the tanh approximation it always meant.
        if spec.activation == .gelu { spec.activation = .geluPytorchTanh }
        core.readAttentionBias(&r, &spec)
        return spec
    }

    /// gemma plus post-attention and post-MLP norms (four per layer), and a sliding window on every
    /// layer but each second one (`layer_types`, or its default).
    static func gemma2(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 256000, hiddenSize: 2304, intermediateSize: 9216, layers: 26, heads: 8,
            kvHeads: 4, tiedEmbeddings: true, activation: .geluPytorchTanh, activationKeys: ["hidden_activation"]))
        var spec = try core.spec(&r, headDim: 256)
        core.readAttentionBias(&r, &spec)
        spec.normsPerLayer = 4
        try core.windowsFromLayerTypes(&r, &spec, window: r.nullableInt(["sliding_window"], default: 4096, spec: "sliding_window")) {
            ($0 + 1) % 2 == 0 ? .full : .sliding
        }
        return spec
    }

    /// Fused `qkv_proj` and `gate_up_proj`: the same counts as separate projections, no biases;
    /// `sliding_window`, when set, applies to every layer; rotary over `partial_rotary_factor`.
    static func phi3(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 32064, hiddenSize: 3072, intermediateSize: 8192, layers: 32, heads: 32,
            kvHeads: nil, tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        core.slideEveryLayer(&spec, window: r.nullableInt(["sliding_window"], default: nil, spec: "sliding_window"))
        return spec
    }
}

/// The fields every llama-style family reads, under the same key names, with its own defaults,
/// and the layer patterns several of them share.
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
        var activation: Activation = .silu
        /// Where the family's MLP reads its activation (gemma2 and gemma3 `hidden_activation`).
        var activationKeys: [String] = ["hidden_act"]
        /// Of rotary positions, when the config says nothing.
        var partialRotaryFactor: Double = 1
    }

    var layers: Int
    var hiddenSize: Int
    var heads: Int
    var kvHeads: Int
    var vocabSize: Int
    var intermediateSize: Int
    var tiedEmbeddings: Bool
    var activation: Activation
    var partialRotaryFactor: Double
    /// Layers per-layer lists are built for (`HFConfigReader.slots`).
    var slots: Int { HFConfigReader.slots(layers) }

    init(_ r: inout HFConfigReader, _ defaults: Defaults) throws(EstimationError) {
        layers = r.int(["num_hidden_layers"], default: defaults.layers, spec: "layers")
        hiddenSize = r.int(["hidden_size"], default: defaults.hiddenSize, spec: "hidden_size")
        heads = r.int(["num_attention_heads"], default: defaults.heads, spec: "attention_heads")
        // An explicit null is Python's None, which every class resolves to num_attention_heads.
        kvHeads = r.nullableInt(["num_key_value_heads"], default: defaults.kvHeads, spec: "kv_heads") ?? heads
        vocabSize = r.int(["vocab_size"], default: defaults.vocabSize, spec: "vocab_size")
        intermediateSize = r.int(["intermediate_size"], default: defaults.intermediateSize, spec: "intermediate_size")
        tiedEmbeddings = r.bool(["tie_word_embeddings"], default: defaults.tiedEmbeddings)
        activation = r.activation(defaults.activationKeys, default: defaults.activation)
        partialRotaryFactor = defaults.partialRotaryFactor
        try r.checkpoint()
    }

    /// `head_dim` when the config sets it (or the class has a default), else `hidden_size / heads`.
    func headDim(_ r: inout HFConfigReader, default fallback: Int?) throws(EstimationError) -> Int {
        let headDim = r.nullableInt(["head_dim"], default: fallback, spec: "head_dim")
            ?? r.headDim(hidden: hiddenSize, heads: heads, hiddenKey: "hidden_size", headsKey: "num_attention_heads")
        try r.checkpoint()
        return headDim
    }

    /// Llama's shape: gated MLP, two RMSNorms per layer and a final one, no biases, rotary positions
    /// over `partial_rotary_factor` of each head, every layer full attention and a dense MLP.
    func spec(_ r: inout HFConfigReader, headDim fallback: Int?) throws(EstimationError) -> ModelSpec {
        let headDim = try headDim(&r, default: fallback)
        let rotary = r.rotaryDim(headDim: headDim, default: partialRotaryFactor)
        try r.checkpoint()
        return ModelSpec(
            layers: layers, hiddenSize: hiddenSize, attentionHeads: heads, vocabSize: vocabSize, kvHeads: kvHeads,
            headDim: headDim, intermediateSize: intermediateSize, mlp: .gated, activation: activation, norm: .rmsnorm,
            finalNorm: true, tiedEmbeddings: tiedEmbeddings, qkvBias: false, attentionOutputBias: false,
            mlpBias: false, rotaryDim: rotary, layout: LayerLayout(uniform: .standard, layers: slots))
    }

    /// A switch on the biases of q, k, v and o alike (`attention_bias` in most llama-style classes).
    func readAttentionBias(
        _ r: inout HFConfigReader, _ spec: inout ModelSpec, key: String = "attention_bias", default fallback: Bool = false
    ) {
        let bias = r.bool([key], default: fallback)
        spec.qkvBias = bias
        spec.attentionOutputBias = bias
    }

    /// Every layer's attention slides over `window` (nothing changes without one).
    func slideEveryLayer(_ spec: inout ModelSpec, window: Int?) {
        guard let window else { return }
        spec.slidingWindow = window
        spec.layout = spec.layout.map { kind in
            var kind = kind
            if kind.attention != nil { kind.attention = .sliding }
            return kind
        }
    }

    /// Every layer's MLP is `moe`.
    func everyLayerMoE(_ spec: inout ModelSpec, _ moe: ModelSpec.MixtureOfExperts) {
        moeLayers(&spec, moe) { _ in true }
    }

    /// The layers `isSparse` picks hold `moe`; the others keep their dense MLP.
    func moeLayers(_ spec: inout ModelSpec, _ moe: ModelSpec.MixtureOfExperts, where isSparse: (Int) -> Bool) {
        spec.moe = moe
        spec.layout = LayerLayout((0..<slots).map { index in
            LayerKind(attention: .full, mlp: isSparse(index) ? .moe : .dense)
        })
    }

    /// Sliding and full layers from `layer_types`, or from `defaultSpan` per layer index when the
    /// config has no list; a window of nil leaves every layer full (transformers' masks ignore the
    /// types then).
    func windowsFromLayerTypes(
        _ r: inout HFConfigReader, _ spec: inout ModelSpec, window: Int?,
        default defaultSpan: (Int) -> LayerKind.Attention
    ) throws(EstimationError) {
        let spans: [LayerKind.Attention]
        if let types = r.stringList("layer_types") {
            spans = r.attentionSpans(types, layers: layers) ?? []
        } else {
            spans = (0..<slots).map(defaultSpan)
        }
        try r.checkpoint()
        guard let window, spans.contains(.sliding) else { return }
        spec.slidingWindow = window
        let current = spec.layout.runs.flatMap { repeatElement($0.kind, count: $0.count) }
        spec.layout = LayerLayout(zip(current, spans).map { kind, span in
            var kind = kind
            kind.attention = span
            return kind
        })
    }

    /// qwen2 and qwen3: a window only with `use_sliding_window`, then on the layers from
    /// `max_window_layers` on (or as `layer_types` lists them).
    func qwenWindows(_ r: inout HFConfigReader, _ spec: inout ModelSpec) throws(EstimationError) {
        let useWindow = r.bool(["use_sliding_window"], default: false)
        let window = useWindow ? r.nullableInt(["sliding_window"], default: 4096, spec: "sliding_window") : nil
        let firstSliding = r.int(["max_window_layers"], default: 28)
        try windowsFromLayerTypes(&r, &spec, window: window) { $0 >= firstSliding ? .sliding : .full }
    }

    /// qwen2_moe and qwen3_moe (`…DecoderLayer`): layer `i` is sparse unless it is in
    /// `mlp_only_layers`, when `(i + 1) % decoder_sparse_step == 0`.
    func qwenSparseLayers(_ r: inout HFConfigReader) throws(EstimationError) -> (Int) -> Bool {
        let step = r.int(["decoder_sparse_step"], default: 1)
        let denseOnly = r.layerIndices("mlp_only_layers", layers: layers) ?? []
        if step < 1 { r.fail("decoder_sparse_step", "must be at least 1, got \(step)") }
        try r.checkpoint()
        return { index in !denseOnly.contains(index) && (index + 1) % step == 0 }
    }
}
