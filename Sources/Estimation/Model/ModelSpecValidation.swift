extension ModelSpec {
    /// Checks every field against its documented range and the relations between fields, and throws
    /// all the problems at once. Field names are the spec's JSON names, relative to the spec
    /// (`hidden_size`, `moe.experts`, `latent_attention.kv_lora_rank`); the caller prefixes them.
    ///
    /// The ranges are generous enough for any real or near-future model:
    ///
    /// | field | range |
    /// |---|---|
    /// | `layers` | 1…10 000 |
    /// | `hidden_size` | 1…2^20 (1 048 576) |
    /// | `attention_heads` | 1…2^16 (65 536) |
    /// | `kv_heads` | 1…`attention_heads`, dividing `attention_heads` |
    /// | `head_dim` | 1…2^16 |
    /// | `vocab_size` | 1…2^24 (16 777 216) |
    /// | `intermediate_size` | 1…2^22 (4 194 304) |
    /// | `norms_per_layer` | 0…8 |
    /// | `position_embeddings` | 0…2^24 |
    /// | `embedding_projection` | 0…2^20 (0: the embedding is `hidden_size` wide) |
    /// | `sliding_window` | absent, or 1…2^30 |
    /// | `global_attention_every` | 0…10 000; above 0 only with a `sliding_window` |
    /// | `moe.experts` | 1…2^16 |
    /// | `moe.experts_per_token` | 1…`moe.experts` |
    /// | `moe.shared_experts` | 0…1 024 |
    /// | `moe.expert_intermediate_size` | 1…2^22 |
    /// | `moe.dense_layers` | 0…`layers` − 1 (at least one layer is MoE) |
    /// | `latent_attention.q_lora_rank` | 0…2^20 (0: a full-rank query projection) |
    /// | `latent_attention.kv_lora_rank` | 1…2^20 |
    /// | `latent_attention.qk_nope_head_dim` | 0…2^16 |
    /// | `latent_attention.qk_rope_head_dim` | 0…2^16, and `qk_nope_head_dim + qk_rope_head_dim` ≥ 1 |
    /// | `latent_attention.v_head_dim` | 1…2^16 |
    ///
    /// Staying inside these ranges does not promise that every count fits in 64 bits (10 000 layers of
    /// 65 536 experts can exceed it); the counters check their arithmetic and report that separately.
    public func validate() throws(EstimationError) {
        var check = FieldValidation()
        check.require(layers, in: 1...10_000, field: "layers")
        check.require(hiddenSize, in: 1...(1 << 20), field: "hidden_size")
        check.require(attentionHeads, in: 1...(1 << 16), field: "attention_heads")
        if check.require(kvHeads, in: 1...(1 << 16), field: "kv_heads"), attentionHeads >= 1 {
            if kvHeads > attentionHeads {
                check.fail("kv_heads", "must not exceed attention_heads (\(attentionHeads)), got \(kvHeads)")
            } else if attentionHeads % kvHeads != 0 {
                check.fail("kv_heads", "must divide attention_heads (\(attentionHeads)) evenly, got \(kvHeads)")
            }
        }
        check.require(headDim, in: 1...(1 << 16), field: "head_dim")
        check.require(vocabSize, in: 1...(1 << 24), field: "vocab_size")
        check.require(intermediateSize, in: 1...(1 << 22), field: "intermediate_size")
        check.require(normsPerLayer, in: 0...8, field: "norms_per_layer")
        check.require(positionEmbeddings, in: 0...(1 << 24), field: "position_embeddings")
        check.require(embeddingProjection, in: 0...(1 << 20), field: "embedding_projection")
        if let slidingWindow {
            check.require(slidingWindow, in: 1...(1 << 30), field: "sliding_window")
        }
        if check.require(globalAttentionEvery, in: 0...10_000, field: "global_attention_every"),
            globalAttentionEvery > 0, slidingWindow == nil
        {
            check.fail("global_attention_every", "only means something with a sliding_window; set one or use 0")
        }
        if let moe {
            moe.check(&check, layers: layers)
        }
        if let latentAttention {
            latentAttention.check(&check)
        }
        try check.check()
    }
}

extension ModelSpec.MixtureOfExperts {
    fileprivate func check(_ check: inout FieldValidation, layers: Int) {
        if check.require(experts, in: 1...(1 << 16), field: "moe.experts") {
            check.require(expertsPerToken, in: 1...experts, field: "moe.experts_per_token")
        } else {
            check.require(expertsPerToken, in: 1...(1 << 16), field: "moe.experts_per_token")
        }
        check.require(sharedExperts, in: 0...1_024, field: "moe.shared_experts")
        check.require(expertIntermediateSize, in: 1...(1 << 22), field: "moe.expert_intermediate_size")
        check.require(denseLayers, in: 0...max(0, min(layers, 10_000) - 1), field: "moe.dense_layers")
    }
}

extension ModelSpec.LatentAttention {
    fileprivate func check(_ check: inout FieldValidation) {
        check.require(qLoraRank, in: 0...(1 << 20), field: "latent_attention.q_lora_rank")
        check.require(kvLoraRank, in: 1...(1 << 20), field: "latent_attention.kv_lora_rank")
        let nope = check.require(qkNopeHeadDim, in: 0...(1 << 16), field: "latent_attention.qk_nope_head_dim")
        let rope = check.require(qkRopeHeadDim, in: 0...(1 << 16), field: "latent_attention.qk_rope_head_dim")
        if nope, rope, qkNopeHeadDim + qkRopeHeadDim == 0 {
            check.fail("latent_attention.qk_rope_head_dim", "qk_nope_head_dim + qk_rope_head_dim must be at least 1")
        }
        check.require(vHeadDim, in: 1...(1 << 16), field: "latent_attention.v_head_dim")
    }
}
