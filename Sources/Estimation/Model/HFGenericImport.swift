/// Best effort for a `model_type` we do not know: most recent decoders follow llama, so read the
/// usual keys and assume llama's layout, saying so in a warning for each assumption.
enum GenericImport {
    static func llamaStyle(_ r: inout HFConfigReader, modelType: String?) throws(EstimationError) -> ModelSpec {
        let subject = modelType.map { "model_type \"\($0.prefix(60))\" is not a known family" } ?? "the config has no model_type"
        r.warn("\(subject): estimated as a llama-style decoder (rotary positions over every head dimension, RMSNorm, gated MLP, a final norm, 2 norms per layer, no q/k norms)")
        let hidden = r.requiredInt(["hidden_size", "n_embd", "d_model"], spec: "hidden_size")
        let layers = r.requiredInt(["num_hidden_layers", "n_layer", "n_layers", "num_layers"], spec: "layers")
        let heads = r.requiredInt(["num_attention_heads", "n_head", "n_heads"], spec: "attention_heads")
        let vocab = r.requiredInt(["vocab_size"], spec: "vocab_size")
        try r.checkpoint()

        let kvHeads = r.nullableInt(["num_key_value_heads", "num_kv_heads", "n_head_kv"], default: nil, spec: "kv_heads")
        let explicitHeadDim = r.nullableInt(["head_dim"], default: nil, spec: "head_dim")
        let widthKeys = ["intermediate_size", "n_inner", "ffn_dim", "ffn_hidden_size"]
        let width = r.nullableInt(widthKeys, default: nil, spec: "intermediate_size")
        let tied = r.bool(["tie_word_embeddings"], default: true)
        let attentionBias = r.bool(["attention_bias"], default: false)
        let mlpBias = r.bool(["mlp_bias"], default: false)
        let useWindow = r.bool(["use_sliding_window"], default: true)
        let window = useWindow ? r.nullableInt(["sliding_window"], default: nil, spec: "sliding_window") : nil
        let experts = r.nullableInt(["num_local_experts", "num_experts", "n_routed_experts"], default: nil, spec: "moe.experts")
        let activationName = r.optionalString("hidden_act")
        try r.checkpoint()

        if kvHeads == nil { r.warn("num_key_value_heads absent: assumed multi-head attention (as many key/value heads as heads)") }
        let headDim = explicitHeadDim
            ?? r.headDim(hidden: hidden, heads: heads, hiddenKey: "hidden_size", headsKey: "num_attention_heads")
        if width == nil { r.warn("intermediate_size absent: assumed 4 × hidden_size") }
        if !r.contains("tie_word_embeddings") {
            r.warn("tie_word_embeddings absent: assumed true, PreTrainedConfig's default")
        }
        if window != nil { r.warn("sliding_window set: assumed every layer slides") }
        let activation = activationName.flatMap(Activation.init(transformersName:)) ?? .silu
        if activationName.flatMap(Activation.init(transformersName:)) == nil {
            r.warn("hidden_act absent or not known: assumed silu")
        }
        let denseWidth: Int
        if let width {
            denseWidth = width
        } else {
            denseWidth = try CheckedArithmetic.product(4, hidden, field: "hidden_size")
        }
        let moe = try mixtureOfExperts(&r, experts: experts, width: width)
        try r.checkpoint()

        return ModelSpec(
            layers: layers, hiddenSize: hidden, attentionHeads: heads, vocabSize: vocab,
            kvHeads: kvHeads ?? heads, headDim: headDim,
            intermediateSize: denseWidth, mlp: .gated, activation: activation, norm: .rmsnorm, finalNorm: true,
            tiedEmbeddings: tied, qkvBias: attentionBias, attentionOutputBias: attentionBias, mlpBias: mlpBias,
            rotaryDim: headDim, slidingWindow: window, moe: moe)
    }

    private static func mixtureOfExperts(
        _ r: inout HFConfigReader, experts: Int?, width: Int?
    ) throws(EstimationError) -> ModelSpec.MixtureOfExperts? {
        guard let experts, experts > 0 else { return nil }
        r.warn("\(experts) experts: assumed a routed MoE block in every layer, routers without bias")
        let perToken = r.requiredInt(["num_experts_per_tok", "moe_top_k", "top_k"], spec: "moe.experts_per_token")
        let shared = r.nullableInt(["n_shared_experts", "num_shared_experts"], default: 0, spec: "moe.shared_experts") ?? 0
        let expertWidth = r.nullableInt(["moe_intermediate_size", "expert_intermediate_size"], default: nil, spec: "moe.expert_intermediate_size")
        try r.checkpoint()
        guard let expertWidth = expertWidth ?? width else {
            r.fail("moe_intermediate_size", "is required for a mixture-of-experts config (or intermediate_size)")
            return nil
        }
        return ModelSpec.MixtureOfExperts(
            experts: experts, expertsPerToken: perToken, sharedExperts: shared, expertIntermediateSize: expertWidth)
    }
}
