/// The GPT-2 lineage: LayerNorm, a standard MLP, biases everywhere, a tied head.
enum GPTFamilies {
    /// Learned positions (`wpe`), `n_inner` defaulting to `4·n_embd`, a final `ln_f`.
    static func gpt2(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        try gpt2Style(&r, multiQuery: false, activation: .geluNew)
    }

    /// gpt2's layout with multi-query attention by default (`multi_query` → one key/value head).
    static func gptBigCode(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let multiQuery = r.bool(["multi_query"], default: true, spec: "kv_heads")
        return try gpt2Style(&r, multiQuery: multiQuery, activation: .geluPytorchTanh)
    }

    private static func gpt2Style(
        _ r: inout HFConfigReader, multiQuery: Bool, activation fallback: Activation
    ) throws(EstimationError) -> ModelSpec {
        let hiddenKeys = ["n_embd", "hidden_size"]
        let hidden = r.int(hiddenKeys, default: 768, spec: "hidden_size")
        let layers = r.int(["n_layer", "num_hidden_layers"], default: 12, spec: "layers")
        let heads = r.int(["n_head", "num_attention_heads"], default: 12, spec: "attention_heads")
        let positions = r.int(["n_positions", "max_position_embeddings"], default: 1024, spec: "position_embeddings")
        let vocab = r.int(["vocab_size"], default: 50257, spec: "vocab_size")
        let tied = r.bool(["tie_word_embeddings"], default: true)
        let activation = r.activation(["activation_function"], default: fallback)
        rejectCrossAttention(&r)
        try r.checkpoint()
        let hiddenKey = hiddenKeys.first(where: r.contains) ?? hiddenKeys[0]
        let width = try r.widthOrFourTimes(["n_inner"], hidden: hidden, hiddenKey: hiddenKey)
        let headDim = r.headDim(hidden: hidden, heads: heads, hiddenKey: hiddenKey, headsKey: "n_head")
        try r.checkpoint()
        return ModelSpec(
            layers: layers, hiddenSize: hidden, attentionHeads: heads, vocabSize: vocab,
            kvHeads: multiQuery ? 1 : heads, headDim: headDim, intermediateSize: width, activation: activation,
            finalNorm: true, positionEmbeddings: positions, tiedEmbeddings: tied)
    }

    /// Learned positions with OPT's offset of two rows; a `word_embed_proj_dim` narrower than the
    /// hidden size adds bias-free `project_in`/`project_out` and narrows the token table and head;
    /// the final norm exists only with `do_layer_norm_before` (and not `_remove_final_layer_norm`);
    /// `enable_bias` switches every linear's bias; `layer_norm_elementwise_affine: false` leaves the
    /// norms without parameters.
    static func opt(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let hiddenKeys = ["hidden_size", "d_model"]
        let hidden = r.int(hiddenKeys, default: 768, spec: "hidden_size")
        let layers = r.int(["num_hidden_layers"], default: 12, spec: "layers")
        let heads = r.int(["num_attention_heads"], default: 12, spec: "attention_heads")
        let width = r.int(["ffn_dim"], default: 3072, spec: "intermediate_size")
        let positions = r.int(["max_position_embeddings"], default: 2048, spec: "position_embeddings")
        let vocab = r.int(["vocab_size"], default: 50272, spec: "vocab_size")
        let projection = r.nullableInt(["word_embed_proj_dim"], default: nil, spec: "embedding_projection") ?? hidden
        let normBefore = r.bool(["do_layer_norm_before"], default: true)
        let removeFinalNorm = r.bool(["_remove_final_layer_norm"], default: false)
        let bias = r.bool(["enable_bias"], default: true)
        let affineNorms = r.bool(["layer_norm_elementwise_affine"], default: true)
        let tied = r.bool(["tie_word_embeddings"], default: true)
        let activation = r.activation(["activation_function"], default: .relu)
        try r.checkpoint()
        let hiddenKey = hiddenKeys.first(where: r.contains) ?? hiddenKeys[0]
        let headDim = r.headDim(hidden: hidden, heads: heads, hiddenKey: hiddenKey, headsKey: "num_attention_heads")
        try r.checkpoint()
        if !affineNorms {
            r.warn("layer_norm_elementwise_affine is false: the norms have no parameters, so the spec has none (norms_per_layer 0, no final norm)")
        }
        return ModelSpec(
            layers: layers, hiddenSize: hidden, attentionHeads: heads, vocabSize: vocab, headDim: headDim,
            intermediateSize: width, activation: activation, normsPerLayer: affineNorms ? 2 : 0,
            finalNorm: affineNorms && normBefore && !removeFinalNorm,
            positionEmbeddings: try CheckedArithmetic.sum(positions, 2, field: "max_position_embeddings"),
            embeddingProjection: projection == hidden ? 0 : projection, tiedEmbeddings: tied,
            qkvBias: bias, attentionOutputBias: bias, mlpBias: bias)
    }

    /// ALiBi (no position table), a LayerNorm right after the embedding, `4·d` MLP. `BloomGelu` is
    /// the tanh approximation written out in Python, `gelu_python_tanh`'s formula.
    static func bloom(_ r: inout HFConfigReader) throws(EstimationError) -> ModelSpec {
        let hiddenKeys = ["n_embed", "hidden_size"]  // n_embed wins, as in the config class
        let hidden = r.int(hiddenKeys, default: 64, spec: "hidden_size")
        let layers = r.int(["n_layer", "num_hidden_layers"], default: 2, spec: "layers")
        let heads = r.int(["n_head", "num_attention_heads"], default: 8, spec: "attention_heads")
        let vocab = r.int(["vocab_size"], default: 250880, spec: "vocab_size")
        let tied = r.bool(["tie_word_embeddings"], default: true)
        try r.checkpoint()
        let hiddenKey = hiddenKeys.first(where: r.contains) ?? hiddenKeys[0]
        let headDim = r.headDim(hidden: hidden, heads: heads, hiddenKey: hiddenKey, headsKey: "n_head")
        r.note("intermediate_size", [hiddenKey])
        let width = try CheckedArithmetic.product(4, hidden, field: hiddenKey)
        try r.checkpoint()
        return ModelSpec(
            layers: layers, hiddenSize: hidden, attentionHeads: heads, vocabSize: vocab, headDim: headDim,
            intermediateSize: width, activation: .geluPythonTanh, finalNorm: true, embeddingNorm: true,
            tiedEmbeddings: tied)
    }

    /// Cross-attention blocks (an encoder-decoder use of gpt2) are outside the spec.
    private static func rejectCrossAttention(_ r: inout HFConfigReader) {
        if r.bool(["add_cross_attention"], default: false) {
            r.fail("add_cross_attention", "cross-attention layers cannot be estimated; only decoder-only models")
        }
    }
}
