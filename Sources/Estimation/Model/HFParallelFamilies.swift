/// Families whose layers run attention and MLP side by side from one (or two) LayerNorms:
/// gptj, gpt_neox, falcon and phi.
enum ParallelFamilies {
    /// One LayerNorm per layer, bias-free q/k/v/out projections, MLP with biases, and an output head
    /// with a bias (`lm_head`, untied by default); rotary over `rotary_dim` (64, or all of a head when
    /// null).
    static func gptj(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let hiddenKeys = ["n_embd", "hidden_size"]
        let hidden = r.int(hiddenKeys, default: 4096, spec: "hidden_size")
        let layers = r.int(["n_layer", "num_hidden_layers"], default: 28, spec: "layers")
        let heads = r.int(["n_head", "num_attention_heads"], default: 16, spec: "attention_heads")
        let vocab = r.int(["vocab_size"], default: 50400, spec: "vocab_size")
        let tied = r.bool(["tie_word_embeddings"], default: false)
        let activation = r.activation(["activation_function"], default: .geluNew)
        let rotaryDim = r.nullableInt(["rotary_dim"], default: 64, spec: "rotary_dim")
        try r.checkpoint()
        let hiddenKey = hiddenKeys.first(where: r.contains) ?? hiddenKeys[0]
        let width = try r.widthOrFourTimes(["n_inner"], hidden: hidden, hiddenKey: hiddenKey)
        let headDim = r.headDim(hidden: hidden, heads: heads, hiddenKey: hiddenKey, headsKey: "n_head")
        try r.checkpoint()
        return ModelSpec(
            layers: layers, hiddenSize: hidden, attentionHeads: heads, vocabSize: vocab, headDim: headDim,
            intermediateSize: width, activation: activation, normsPerLayer: 1, finalNorm: true, tiedEmbeddings: tied,
            lmHeadBias: true, qkvBias: false, attentionOutputBias: false, rotaryDim: rotaryDim ?? headDim)
    }

    /// Two LayerNorms per layer whether or not the residual is parallel; `attention_bias` covers
    /// `query_key_value` and `dense`; the MLP always has biases; `embed_out` is untied by default;
    /// rotary over `rotary_pct` (0.25) of each head.
    static func gptNeoX(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let hidden = r.int(["hidden_size"], default: 6144, spec: "hidden_size")
        let layers = r.int(["num_hidden_layers"], default: 44, spec: "layers")
        let heads = r.int(["num_attention_heads"], default: 64, spec: "attention_heads")
        let width = r.int(["intermediate_size"], default: 24576, spec: "intermediate_size")
        let vocab = r.int(["vocab_size"], default: 50432, spec: "vocab_size")
        let attentionBias = r.bool(["attention_bias"], default: true)
        let tied = r.bool(["tie_word_embeddings"], default: false)
        let activation = r.activation(["hidden_act"], default: .gelu)
        try r.checkpoint()
        let headDim = r.headDim(hidden: hidden, heads: heads, hiddenKey: "hidden_size", headsKey: "num_attention_heads")
        let rotaryDim = r.rotaryDim(headDim: headDim, keys: ["rotary_pct", "partial_rotary_factor"], default: 0.25)
        try r.checkpoint()
        return ModelSpec(
            layers: layers, hiddenSize: hidden, attentionHeads: heads, vocabSize: vocab, headDim: headDim,
            intermediateSize: width, activation: activation, finalNorm: true, tiedEmbeddings: tied,
            qkvBias: attentionBias, attentionOutputBias: attentionBias, rotaryDim: rotaryDim)
    }

    /// Key/value heads: `num_kv_heads` with `new_decoder_architecture`, else one with `multi_query`,
    /// else all. Norms per layer: two when `parallel_attn` is false; with parallel attention, two
    /// when `num_ln_in_parallel_attn` is 2 (its default under the new architecture), else one.
    /// `bias` switches every linear's bias; the head is tied by default; rotary positions unless
    /// `alibi`.
    static func falcon(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let hiddenKeys = ["n_embed", "hidden_size"]  // n_embed wins, as in the config class
        let hidden = r.int(hiddenKeys, default: 4544, spec: "hidden_size")
        let layers = r.int(["num_hidden_layers", "n_layer"], default: 32, spec: "layers")
        let headsKeys = ["num_attention_heads", "n_head"]
        let heads = r.int(headsKeys, default: 71, spec: "attention_heads")
        let vocab = r.int(["vocab_size"], default: 65024, spec: "vocab_size")
        let newArchitecture = r.bool(["new_decoder_architecture"], default: false)
        let multiQuery = r.bool(["multi_query"], default: true)
        let parallel = r.bool(["parallel_attn"], default: true)
        let bias = r.bool(["bias"], default: false)
        let parallelNorms = r.nullableInt(["num_ln_in_parallel_attn"], default: nil, spec: "norms_per_layer")
        let kvKeys = ["num_kv_heads", "n_head_kv"]
        let configuredKVHeads = r.nullableInt(kvKeys, default: nil) ?? heads
        let tied = r.bool(["tie_word_embeddings"], default: true)
        let activation = r.activation(["activation"], default: .gelu)
        let alibi = r.bool(["alibi"], default: false)
        try r.checkpoint()
        let hiddenKey = hiddenKeys.first(where: r.contains) ?? hiddenKeys[0]
        let headsKey = headsKeys.first(where: r.contains) ?? headsKeys[0]
        let width = try r.widthOrFourTimes(["ffn_hidden_size"], hidden: hidden, hiddenKey: hiddenKey)
        let headDim = r.headDim(hidden: hidden, heads: heads, hiddenKey: hiddenKey, headsKey: headsKey)
        try r.checkpoint()

        let kvHeads: Int
        if newArchitecture {
            r.note("kv_heads", kvKeys)
            kvHeads = configuredKVHeads
        } else {
            r.note("kv_heads", ["multi_query"])
            kvHeads = multiQuery ? 1 : heads
        }
        let norms: Int
        if !parallel {
            norms = 2
        } else {
            norms = (parallelNorms ?? (newArchitecture ? 2 : 1)) == 2 ? 2 : 1
        }
        return ModelSpec(
            layers: layers, hiddenSize: hidden, attentionHeads: heads, vocabSize: vocab, kvHeads: kvHeads,
            headDim: headDim, intermediateSize: width, activation: activation, normsPerLayer: norms, finalNorm: true,
            tiedEmbeddings: tied, qkvBias: bias, attentionOutputBias: bias, mlpBias: bias,
            rotaryDim: alibi ? 0 : headDim)
    }

    /// One LayerNorm per layer, biases everywhere, optional LayerNorms on q and k (`qk_layernorm`, one
    /// `hd`-wide norm shared by the heads), an untied head with a bias, rotary positions over half of
    /// each head by default.
    static func phi(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let hidden = r.int(["hidden_size"], default: 2048, spec: "hidden_size")
        let layers = r.int(["num_hidden_layers"], default: 24, spec: "layers")
        let heads = r.int(["num_attention_heads"], default: 32, spec: "attention_heads")
        let kvHeads = r.nullableInt(["num_key_value_heads"], default: nil, spec: "kv_heads") ?? heads
        let width = r.int(["intermediate_size"], default: 8192, spec: "intermediate_size")
        let vocab = r.int(["vocab_size"], default: 51200, spec: "vocab_size")
        let qkNorm = r.bool(["qk_layernorm"], default: false)
        let tied = r.bool(["tie_word_embeddings"], default: false)
        let activation = r.activation(["hidden_act"], default: .geluNew)
        try r.checkpoint()
        let headDim = r.headDim(hidden: hidden, heads: heads, hiddenKey: "hidden_size", headsKey: "num_attention_heads")
        let rotaryDim = r.rotaryDim(headDim: headDim, default: 0.5)
        try r.checkpoint()
        return ModelSpec(
            layers: layers, hiddenSize: hidden, attentionHeads: heads, vocabSize: vocab, kvHeads: kvHeads,
            headDim: headDim, intermediateSize: width, activation: activation, normsPerLayer: 1, finalNorm: true,
            tiedEmbeddings: tied, lmHeadBias: true, qkNorm: qkNorm ? .init(scope: .head, norm: .layernorm) : nil,
            rotaryDim: rotaryDim)
    }
}
