extension ModelSpec {
    /// Checks every field against its documented range and the relations between fields, and throws
    /// all the problems at once. Field names are the spec's JSON names, relative to the spec
    /// (`hidden_size`, `moe.experts`, `layout`); the caller prefixes them.
    ///
    /// The ranges are generous enough for any real or near-future model:
    ///
    /// | field | range |
    /// |---|---|
    /// | `layers` | 1…10 000, and the layers `layout` describes |
    /// | `hidden_size` | 1…2^20 (1 048 576) |
    /// | `attention_heads` | 1…2^16 (65 536) |
    /// | `kv_heads` | 1…`attention_heads`, dividing `attention_heads` |
    /// | `head_dim` | 1…2^16 |
    /// | `vocab_size` | 1…2^24 (16 777 216) |
    /// | `intermediate_size` | 1…2^22 (4 194 304) |
    /// | `norms_per_layer` | 0…8 |
    /// | `position_embeddings` | 0…2^24 |
    /// | `embedding_projection` | 0…2^20 (0: the embedding is `hidden_size` wide) |
    /// | `rotary_dim` | 0…`head_dim` |
    /// | `sliding_window`, `attention_chunk` | 1…2^30, and given when a layer slides or is chunked |
    /// | `moe.experts` | 1…2^16 |
    /// | `moe.experts_per_token` | 1…`moe.experts` |
    /// | `moe.shared_experts` | 0…1 024 |
    /// | `moe.expert_intermediate_size`, `moe.shared_expert_intermediate_size` | 1…2^22 |
    /// | `latent_attention.q_lora_rank` | 0…2^20 (0: a full-rank query projection) |
    /// | `latent_attention.kv_lora_rank` | 1…2^20 |
    /// | `latent_attention.qk_nope_head_dim` | 0…2^16 |
    /// | `latent_attention.qk_rope_head_dim` | 0…2^16, and `qk_nope_head_dim + qk_rope_head_dim` ≥ 1 |
    /// | `latent_attention.v_head_dim` | 1…2^16 |
    /// | `linear_attention.key_heads`, `.value_heads` | 1…2^16, `key_heads` dividing `value_heads` (equal for lightning) |
    /// | `linear_attention.key_head_dim`, `.value_head_dim` | 1…2^16 (equal for lightning) |
    /// | `linear_attention.conv_kernel` | 1…1 024 (gated delta net), 0 (lightning) |
    /// | `linear_attention.chunk_size`, `mamba.chunk_size` | 1…2^16 |
    /// | `mamba.heads`, `.head_dim`, `.state_size` | 1…2^16 |
    /// | `mamba.groups` | 1…`mamba.heads`, dividing it |
    /// | `mamba.conv_kernel`, `short_conv.conv_kernel` | 1…1 024 |
    ///
    /// Every layer of `layout` must have something (attention, a recurrent mixer or an MLP), and
    /// each block a layer names must be given (`moe` for a `moe` layer, `mamba` for a `mamba2` one…).
    ///
    /// Staying inside these ranges does not promise that every count fits in 64 bits (10 000 layers of
    /// 65 536 experts can exceed it); the counters check their arithmetic and report that separately.
    public func validate() throws(EstimationError) {
        var check = FieldValidation()
        let layersValid = check.require(layers, in: 1...LayerLayout.maxLayers, field: "layers")
        check.require(hiddenSize, in: 1...(1 << 20), field: "hidden_size")
        check.require(attentionHeads, in: 1...(1 << 16), field: "attention_heads")
        if check.require(kvHeads, in: Self.headsRange, field: "kv_heads"), attentionHeads >= 1 {
            if kvHeads > attentionHeads {
                check.fail("kv_heads", "must not exceed attention_heads (\(attentionHeads)), got \(kvHeads)")
            } else if attentionHeads % kvHeads != 0 {
                check.fail("kv_heads", "must divide attention_heads (\(attentionHeads)) evenly, got \(kvHeads)")
            }
        }
        if check.require(headDim, in: Self.headDimRange, field: "head_dim") {
            check.require(rotaryDim, in: 0...headDim, field: "rotary_dim")
        }
        check.require(vocabSize, in: 1...(1 << 24), field: "vocab_size")
        check.require(intermediateSize, in: Self.intermediateSizeRange, field: "intermediate_size")
        check.require(normsPerLayer, in: 0...8, field: "norms_per_layer")
        check.require(positionEmbeddings, in: 0...(1 << 24), field: "position_embeddings")
        if let maxPositionEmbeddings {
            check.require(maxPositionEmbeddings, in: 1...(1 << 30), field: "max_position_embeddings")
        }
        check.require(embeddingProjection, in: 0...(1 << 20), field: "embedding_projection")
        Self.checkBlocks(
            slidingWindow, attentionChunk, moe, latentAttention, linearAttention, mamba, shortConvolution, &check)
        if layersValid { checkLayout(&check) }
        try check.check()
    }

    private func checkLayout(_ check: inout FieldValidation) {
        guard layout.layers == layers else {
            check.fail("layout", "describes \(layout.layers) layers, but layers is \(layers)")
            return
        }
        for run in layout.distinctKinds {
            let kind = run.kind
            if kind.isEmpty {
                check.fail("layout", "has layers with no attention, no recurrent mixer and no MLP")
            }
            let needs: [(Bool, Bool, String)] = [
                (kind.attention == .sliding, slidingWindow != nil, "sliding layers need a sliding_window"),
                (kind.attention == .chunked, attentionChunk != nil, "chunked layers need an attention_chunk"),
                (kind.mlp == .moe, moe != nil, "moe layers need a moe block"),
                (kind.recurrent == .linearAttention, linearAttention != nil,
                 "linear_attention layers need a linear_attention block"),
                (kind.recurrent == .mamba2, mamba != nil, "mamba2 layers need a mamba block"),
                (kind.recurrent == .shortConvolution, shortConvolution != nil, "short_conv layers need a short_conv block"),
            ]
            for (used, given, message) in needs where used && !given { check.fail("layout", message) }
        }
    }
}

extension ModelSpec.MixtureOfExperts {
    fileprivate func check(_ check: inout FieldValidation) {
        if check.require(experts, in: 1...(1 << 16), field: "moe.experts") {
            check.require(expertsPerToken, in: 1...experts, field: "moe.experts_per_token")
        } else {
            check.require(expertsPerToken, in: 1...(1 << 16), field: "moe.experts_per_token")
        }
        check.require(sharedExperts, in: 0...1_024, field: "moe.shared_experts")
        check.require(expertIntermediateSize, in: 1...(1 << 22), field: "moe.expert_intermediate_size")
        check.require(sharedExpertIntermediateSize, in: 1...(1 << 22), field: "moe.shared_expert_intermediate_size")
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

extension ModelSpec.LinearAttention {
    fileprivate func check(_ check: inout FieldValidation) {
        let field = "linear_attention"
        let keyHeadsValid = check.require(keyHeads, in: 1...(1 << 16), field: "\(field).key_heads")
        let valueHeadsValid = check.require(valueHeads, in: 1...(1 << 16), field: "\(field).value_heads")
        check.require(keyHeadDim, in: 1...(1 << 16), field: "\(field).key_head_dim")
        check.require(valueHeadDim, in: 1...(1 << 16), field: "\(field).value_head_dim")
        check.require(chunkSize, in: 1...(1 << 16), field: "\(field).chunk_size")
        switch kind {
        case .gatedDeltaNet:
            check.require(convolutionKernel, in: 1...1_024, field: "\(field).conv_kernel")
            if keyHeadsValid, valueHeadsValid, valueHeads % keyHeads != 0 {
                check.fail("\(field).value_heads", "must be a multiple of key_heads (\(keyHeads)), got \(valueHeads)")
            }
        case .lightning:
            check.require(convolutionKernel, in: 0...0, field: "\(field).conv_kernel")
            if valueHeads != keyHeads {
                check.fail("\(field).value_heads", "must equal key_heads for lightning attention")
            }
            if valueHeadDim != keyHeadDim {
                check.fail("\(field).value_head_dim", "must equal key_head_dim for lightning attention")
            }
        }
    }
}

extension ModelSpec.Mamba2 {
    fileprivate func check(_ check: inout FieldValidation) {
        let headsValid = check.require(heads, in: 1...(1 << 16), field: "mamba.heads")
        check.require(headDim, in: 1...(1 << 16), field: "mamba.head_dim")
        check.require(stateSize, in: 1...(1 << 16), field: "mamba.state_size")
        if check.require(groups, in: 1...(1 << 16), field: "mamba.groups"), headsValid, heads % groups != 0 {
            check.fail("mamba.groups", "must divide heads (\(heads)) evenly, got \(groups)")
        }
        check.require(convolutionKernel, in: 1...1_024, field: "mamba.conv_kernel")
        check.require(chunkSize, in: 1...(1 << 16), field: "mamba.chunk_size")
    }
}

extension ModelSpec {
    /// Checks, as they were given, the fields `normalised` may drop or replace (and `init` does
    /// normalise): the blocks no layer uses (the window, the chunk, the experts, a recurrent mixer)
    /// and the widths nothing reads (`intermediate_size` without dense layers; `head_dim` and
    /// `kv_heads` under latent attention). An unused value changes nothing, but it must still lie in
    /// its documented range. Nil is "not given".
    public static func validateGiven(
        slidingWindow: Int?, attentionChunk: Int?, moe: MixtureOfExperts?, latentAttention: LatentAttention?,
        linearAttention: LinearAttention?, mamba: Mamba2?, shortConvolution: ShortConvolution?,
        intermediateSize: Int?, headDim: Int?, kvHeads: Int?
    ) throws(EstimationError) {
        var check = FieldValidation()
        checkBlocks(slidingWindow, attentionChunk, moe, latentAttention, linearAttention, mamba, shortConvolution, &check)
        if let intermediateSize {
            check.require(intermediateSize, in: intermediateSizeRange, field: "intermediate_size")
        }
        if let headDim { check.require(headDim, in: headDimRange, field: "head_dim") }
        if let kvHeads { check.require(kvHeads, in: headsRange, field: "kv_heads") }
        try check.check()
    }

    fileprivate static let headsRange = 1...(1 << 16)
    fileprivate static let headDimRange = 1...(1 << 16)
    fileprivate static let intermediateSizeRange = 1...(1 << 22)

    /// The optional blocks' own ranges and relations, for `validate()` and `validateGiven` alike.
    fileprivate static func checkBlocks(
        _ slidingWindow: Int?, _ attentionChunk: Int?, _ moe: MixtureOfExperts?, _ latentAttention: LatentAttention?,
        _ linearAttention: LinearAttention?, _ mamba: Mamba2?, _ shortConvolution: ShortConvolution?,
        _ check: inout FieldValidation
    ) {
        if let slidingWindow {
            check.require(slidingWindow, in: 1...(1 << 30), field: "sliding_window")
        }
        if let attentionChunk {
            check.require(attentionChunk, in: 1...(1 << 30), field: "attention_chunk")
        }
        moe?.check(&check)
        latentAttention?.check(&check)
        linearAttention?.check(&check)
        mamba?.check(&check)
        if let shortConvolution {
            check.require(shortConvolution.convolutionKernel, in: 1...1_024, field: "short_conv.conv_kernel")
        }
    }
}
