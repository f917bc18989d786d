/// Mixture-of-experts families on llama's decoder: llama4_text, gpt_oss, granitemoe, phimoe,
/// qwen2_moe, glm4_moe, minimax_m2, ernie4_5_moe and hunyuan_v1_moe. Each reads which layers are
/// sparse, its experts' shape and its routers' biases as its transformers 5 modelling code does.
enum MoEFamilies {
    /// Chunked attention (`attention_chunk_size`) on the layers with rotary positions, full attention
    /// without them on every `no_rope_layer_interval`-th (or as `no_rope_layers` marks, 1 rotary),
    /// q/k L2 norms without weights with `use_qk_norm` (transformers applies them on the rotary layers
    /// only; they hold no parameters); experts on `moe_layers` (or every
    /// `interleave_moe_layer_step`-th layer), each `intermediate_size` wide with one shared expert as
    /// wide, dense layers `intermediate_size_mlp` wide; routers without bias.
    static func llama4Text(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 202_048, hiddenSize: 5120, intermediateSize: 8192, layers: 48, heads: 40, kvHeads: 8,
            tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: 128)
        core.readAttentionBias(&r, &spec)
        if r.bool(["use_qk_norm"], default: true) { spec.qkNorm = .init(scope: .head, norm: .rmsnormWithoutWeight) }
        let denseWidth = r.int(["intermediate_size_mlp"], default: 16384, spec: "intermediate_size")
        let experts = r.int(["num_local_experts"], default: 16, spec: "moe.experts")
        let perToken = r.int(["num_experts_per_tok"], default: 1, spec: "moe.experts_per_token")
        let chunk = r.nullableInt(["attention_chunk_size"], default: 8192, spec: "attention_chunk")
        let interval = r.int(["no_rope_layer_interval"], default: 4)
        let step = r.int(["interleave_moe_layer_step"], default: 1)
        // An empty no_rope_layers means "use the interval", as Llama4TextConfig reads it.
        let listedRotary = r.intList("no_rope_layers").flatMap { $0.isEmpty ? nil : r.checkPerLayer($0, key: "no_rope_layers", layers: core.layers) }
        let listedSparse = r.layerIndices("moe_layers", layers: core.layers)
        if interval < 1 { r.fail("no_rope_layer_interval", "must be at least 1, got \(interval)") }
        if step < 1, listedSparse == nil { r.fail("interleave_moe_layer_step", "must be at least 1, got \(step)") }
        let listedSpans = r.stringList("layer_types").flatMap { r.attentionSpans($0, layers: core.layers) }
        try r.checkpoint()
        let rotary = listedRotary?.map { $0 != 0 } ?? (0..<core.slots).map { ($0 + 1) % interval != 0 }
        let spans = listedSpans ?? rotary.map { $0 && chunk != nil ? .chunked : .full }
        let sparse = listedSparse ?? Set(stride(from: step - 1, to: core.slots, by: step))
        spec.intermediateSize = denseWidth
        spec.attentionChunk = chunk
        spec.moe = .init(
            experts: experts, expertsPerToken: perToken, sharedExperts: 1, expertIntermediateSize: core.intermediateSize)
        spec.layout = LayerLayout((0..<core.slots).map { index in
            LayerKind(attention: spans[index], rotary: rotary[index], mlp: sparse.contains(index) ? .moe : .dense)
        })
        return spec
    }

    /// Attention sinks, biases on q, k, v and o (`attention_bias`), sliding (window 128) and full
    /// layers alternating unless `layer_types` lists them, experts in every layer with biases
    /// (`gate_up_proj_bias`, `down_proj_bias`) and gpt-oss's clamped SwiGLU, a router with a bias.
    static func gptOSS(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 201_088, hiddenSize: 2880, intermediateSize: 2880, layers: 36, heads: 64, kvHeads: 8,
            tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: 64)
        core.readAttentionBias(&r, &spec, default: true)
        spec.attentionSinks = true
        spec.activation = .clampedSwiglu
        let experts = r.int(["num_local_experts"], default: 128, spec: "moe.experts")
        let perToken = r.int(["num_experts_per_tok", "experts_per_token"], default: 4, spec: "moe.experts_per_token")
        r.note("moe.expert_intermediate_size", ["intermediate_size"])
        core.everyLayerMoE(&spec, .init(
            experts: experts, expertsPerToken: perToken, expertIntermediateSize: core.intermediateSize,
            routerBias: true, expertBias: true))
        try core.windowsFromLayerTypes(
            &r, &spec, window: r.nullableInt(["sliding_window"], default: 128, spec: "sliding_window")
        ) { ($0 + 1) % 2 == 0 ? .full : .sliding }
        return spec
    }

    /// granite's multipliers and attention with `num_local_experts` experts of `intermediate_size`
    /// (`GraniteMoeExperts`) in every layer and a router without bias.
    static func graniteMoE(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 32000, hiddenSize: 4096, intermediateSize: 11008, layers: 32, heads: 32, kvHeads: nil,
            tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        core.readAttentionBias(&r, &spec)
        let experts = r.int(["num_local_experts"], default: 8, spec: "moe.experts")
        let perToken = r.int(["num_experts_per_tok"], default: 2, spec: "moe.experts_per_token")
        r.note("moe.expert_intermediate_size", ["intermediate_size"])
        core.everyLayerMoE(&spec, .init(experts: experts, expertsPerToken: perToken, expertIntermediateSize: core.intermediateSize))
        return spec
    }

    /// mixtral with LayerNorms (biased), biases on q, k, v and o (`attention_bias`), an output head
    /// with a bias (`lm_head_bias`), and a window on every layer when `sliding_window` is set.
    static func phiMoE(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 32064, hiddenSize: 4096, intermediateSize: 6400, layers: 32, heads: 32, kvHeads: 8,
            tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        core.readAttentionBias(&r, &spec)
        spec.norm = .layernorm
        spec.lmHeadBias = r.bool(["lm_head_bias"], default: false)
        let experts = r.int(["num_local_experts"], default: 16, spec: "moe.experts")
        let perToken = r.int(["num_experts_per_tok"], default: 2, spec: "moe.experts_per_token")
        r.note("moe.expert_intermediate_size", ["intermediate_size"])
        core.everyLayerMoE(&spec, .init(experts: experts, expertsPerToken: perToken, expertIntermediateSize: core.intermediateSize))
        core.slideEveryLayer(&spec, window: r.nullableInt(["sliding_window"], default: nil, spec: "sliding_window"))
        return spec
    }

    /// qwen2's attention (`qkv_bias`, no output bias) with experts on the layers `decoder_sparse_step`
    /// and `mlp_only_layers` leave sparse, one shared expert of `shared_expert_intermediate_size`
    /// behind a sigmoid gate, and, with `use_sliding_window`, every other layer below
    /// `max_window_layers` sliding (`Qwen2MoeConfig`) unless `layer_types` lists them.
    static func qwen2MoE(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 151_936, hiddenSize: 2048, intermediateSize: 5632, layers: 24, heads: 16, kvHeads: 16,
            tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: nil)
        spec.qkvBias = r.bool(["qkv_bias"], default: true)
        let experts = r.int(["num_experts"], default: 60, spec: "moe.experts")
        let perToken = r.int(["num_experts_per_tok"], default: 4, spec: "moe.experts_per_token")
        let expertWidth = r.int(["moe_intermediate_size"], default: 1408, spec: "moe.expert_intermediate_size")
        let sharedWidth = r.int(["shared_expert_intermediate_size"], default: 5632, spec: "moe.shared_expert_intermediate_size")
        let sparse = try core.qwenSparseLayers(&r)
        core.moeLayers(&spec, .init(
            experts: experts, expertsPerToken: perToken, sharedExperts: 1, expertIntermediateSize: expertWidth,
            sharedExpertIntermediateSize: sharedWidth, sharedExpertGate: true), where: sparse)
        let useWindow = r.bool(["use_sliding_window"], default: false)
        let window = useWindow ? r.nullableInt(["sliding_window"], default: 4096, spec: "sliding_window") : nil
        let windowLayers = r.int(["max_window_layers"], default: 28)
        try core.windowsFromLayerTypes(&r, &spec, window: window) {
            ($0 + 1) % 2 != 0 && $0 < windowLayers ? .sliding : .full
        }
        return spec
    }

    /// Half of each head rotary by default, biases on q, k and v (`attention_bias`, never on o),
    /// per-head q/k RMSNorms with `use_qk_norm`, `first_k_dense_replace` leading dense layers, then
    /// routed experts with `n_shared_experts` shared ones (one MLP of their summed width) and a
    /// score-correction bias per router (a buffer in transformers, counted as deepseek_v3's is). A
    /// config without `head_dim` gets `hidden_size // num_attention_heads`, floored, as
    /// `Glm4MoeAttention` takes it. The multi-token-prediction layer
    /// (`num_nextn_predict_layers`) is not part of the model transformers builds, nor of the count.
    static func glm4MoE(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 151_552, hiddenSize: 4096, intermediateSize: 10944, layers: 46, heads: 96, kvHeads: 8,
            tiedEmbeddings: false, partialRotaryFactor: 0.5))
        let flooredHeadDim = core.heads > 0 ? core.hiddenSize / core.heads : 0
        var spec = try core.spec(&r, headDim: flooredHeadDim)
        spec.qkvBias = r.bool(["attention_bias"], default: false)
        if r.bool(["use_qk_norm"], default: false) { spec.qkNorm = .init(scope: .head, norm: .rmsnorm) }
        let experts = r.int(["n_routed_experts", "num_local_experts"], default: 128, spec: "moe.experts")
        let perToken = r.int(["num_experts_per_tok"], default: 8, spec: "moe.experts_per_token")
        let expertWidth = r.int(["moe_intermediate_size"], default: 1408, spec: "moe.expert_intermediate_size")
        let shared = r.int(["n_shared_experts"], default: 1, spec: "moe.shared_experts")
        let denseLayers = r.int(["first_k_dense_replace"], default: 1)
        try r.checkpoint()
        core.moeLayers(&spec, .init(
            experts: experts, expertsPerToken: perToken, sharedExperts: shared, expertIntermediateSize: expertWidth,
            routerBias: true)) { $0 >= denseLayers }
        return spec
    }

    /// q/k RMSNorms over the whole projection, rotary positions over `rotary_dim` of each head (or
    /// `partial_rotary_factor`), `num_local_experts` experts of `intermediate_size` in every layer,
    /// and a score-correction bias per router (a buffer in transformers, counted as deepseek_v3's is).
    static func miniMaxM2(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 200_064, hiddenSize: 3072, intermediateSize: 1536, layers: 62, heads: 48, kvHeads: 8,
            tiedEmbeddings: false))
        var spec = try core.spec(&r, headDim: 128)
        spec.qkNorm = .init(scope: .projection, norm: .rmsnorm)
        if let rotary = r.nullableInt(["rotary_dim"], default: nil, spec: "rotary_dim") { spec.rotaryDim = rotary }
        let experts = r.int(["num_local_experts"], default: 256, spec: "moe.experts")
        let perToken = r.int(["num_experts_per_tok"], default: 8, spec: "moe.experts_per_token")
        r.note("moe.expert_intermediate_size", ["intermediate_size"])
        core.everyLayerMoE(&spec, .init(
            experts: experts, expertsPerToken: perToken, expertIntermediateSize: core.intermediateSize, routerBias: true))
        return spec
    }

    /// `use_bias` on q, k, v, o, the dense and shared MLPs and the output head; experts on the layers
    /// from `moe_layer_start_index` to `moe_layer_end_index` (-1: the last) whose `index + 1` is a
    /// multiple of `moe_layer_interval`, with `moe_num_shared_experts` shared ones (one MLP of their
    /// summed width) and the router's score-correction bias (`moe_statics`, a parameter).
    static func ernie45MoE(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, .init(
            vocabSize: 103_424, hiddenSize: 2560, intermediateSize: 12288, layers: 28, heads: 20, kvHeads: 4,
            tiedEmbeddings: true))
        var spec = try core.spec(&r, headDim: nil)
        core.readAttentionBias(&r, &spec, key: "use_bias")
        spec.mlpBias = spec.qkvBias
        spec.lmHeadBias = spec.qkvBias
        let experts = r.int(["moe_num_experts", "num_experts"], default: 64, spec: "moe.experts")
        let perToken = r.int(["moe_k", "num_experts_per_tok"], default: 6, spec: "moe.experts_per_token")
        let expertWidth = r.int(["moe_intermediate_size"], default: 1536, spec: "moe.expert_intermediate_size")
        let shared = r.int(["moe_num_shared_experts"], default: 2, spec: "moe.shared_experts")
        let start = r.int(["moe_layer_start_index"], default: 1)
        let configuredEnd = r.int(["moe_layer_end_index"], default: -1)
        let interval = r.int(["moe_layer_interval"], default: 1)
        if interval < 1 { r.fail("moe_layer_interval", "must be at least 1, got \(interval)") }
        try r.checkpoint()
        let end = configuredEnd == -1 ? core.layers - 1 : configuredEnd
        core.moeLayers(&spec, .init(
            experts: experts, expertsPerToken: perToken, sharedExperts: shared, expertIntermediateSize: expertWidth,
            routerBias: true)) { ($0 + 1) % interval == 0 && $0 >= start && $0 <= end }
        return spec
    }

    /// hunyuan_v1_dense's attention with `num_experts` experts of `intermediate_size` and one shared
    /// expert as wide in every layer (`HunYuanMoEV1Moe`; the config's `moe_intermediate_size` and
    /// `num_shared_expert` are not read by transformers), `moe_topk` per token (one value, or a list
    /// with one value for every layer).
    static func hunyuanMoE(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let core = try LlamaStyleCore(&r, LlamaVariantFamilies.hunyuanDefaults)
        var spec = try LlamaVariantFamilies.hunyuanAttention(&r, core)
        let experts = r.intOrUniformList(["num_experts", "num_local_experts"], default: 1, spec: "moe.experts")
        let perToken = r.intOrUniformList(["moe_topk", "num_experts_per_tok"], default: 1, spec: "moe.experts_per_token")
        r.note("moe.expert_intermediate_size", ["intermediate_size"])
        try r.checkpoint()
        core.everyLayerMoE(&spec, .init(
            experts: experts, expertsPerToken: perToken, sharedExperts: 1, expertIntermediateSize: core.intermediateSize))
        return spec
    }
}
