import Estimation

/// The native spec's JSON form: the bracketed names in `ModelSpec`. Reading leaves every omitted
/// field to `ModelSpec.init`'s defaults; writing spells out every field, in declaration order, which
/// makes the written form canonical (it is both what responses show as `model` and what is hashed).
///
/// Reading checks types only; ranges and relations are `ModelSpec.validate()`'s, so that their
/// documentation lives in one place.
enum ModelSpecCoding {
    static func read(_ reader: inout FieldReader) -> ModelSpec? {
        let layers = reader.requiredInteger("layers")
        let hiddenSize = reader.requiredInteger("hidden_size")
        let attentionHeads = reader.requiredInteger("attention_heads")
        let vocabSize = reader.requiredInteger("vocab_size")
        let kvHeads = reader.integer("kv_heads")
        let headDim = reader.integer("head_dim")
        let intermediateSize = reader.integer("intermediate_size")
        let mlp = reader.choice("mlp", default: ModelSpec.MLPKind.standard)
        let norm = reader.choice("norm", default: ModelSpec.NormKind.layernorm)
        let normsPerLayer = reader.integer("norms_per_layer", default: 2)
        let finalNorm = reader.bool("final_norm", default: false)
        let embeddingNorm = reader.bool("embedding_norm", default: false)
        let positionEmbeddings = reader.integer("position_embeddings", default: 0)
        let embeddingProjection = reader.integer("embedding_projection", default: 0)
        let tiedEmbeddings = reader.bool("tied_embeddings", default: true)
        let lmHeadBias = reader.bool("lm_head_bias", default: false)
        let qkvBias = reader.bool("qkv_bias", default: true)
        let attentionOutputBias = reader.bool("attention_output_bias", default: true)
        let mlpBias = reader.bool("mlp_bias", default: true)
        let qkNorm = reader.bool("qk_norm", default: false)
        let slidingWindow = reader.integer("sliding_window")
        let globalAttentionEvery = reader.integer("global_attention_every", default: 0)
        let moe = reader.nestedObject("moe", readMixtureOfExperts)
        let latentAttention = reader.nestedObject("latent_attention", readLatentAttention)
        guard let layers, let hiddenSize, let attentionHeads, let vocabSize, moe.valid, latentAttention.valid
        else { return nil }
        return ModelSpec(
            layers: layers, hiddenSize: hiddenSize, attentionHeads: attentionHeads, vocabSize: vocabSize,
            kvHeads: kvHeads, headDim: headDim, intermediateSize: intermediateSize, mlp: mlp, norm: norm,
            normsPerLayer: normsPerLayer, finalNorm: finalNorm, embeddingNorm: embeddingNorm,
            positionEmbeddings: positionEmbeddings, embeddingProjection: embeddingProjection,
            tiedEmbeddings: tiedEmbeddings, lmHeadBias: lmHeadBias, qkvBias: qkvBias,
            attentionOutputBias: attentionOutputBias, mlpBias: mlpBias, qkNorm: qkNorm,
            slidingWindow: slidingWindow, globalAttentionEvery: globalAttentionEvery,
            moe: moe.value, latentAttention: latentAttention.value)
    }

    private static func readMixtureOfExperts(_ reader: inout FieldReader) -> ModelSpec.MixtureOfExperts? {
        let experts = reader.requiredInteger("experts")
        let expertsPerToken = reader.requiredInteger("experts_per_token")
        let sharedExperts = reader.integer("shared_experts", default: 0)
        let expertIntermediateSize = reader.requiredInteger("expert_intermediate_size")
        let routerBias = reader.bool("router_bias", default: false)
        let denseLayers = reader.integer("dense_layers", default: 0)
        guard let experts, let expertsPerToken, let expertIntermediateSize else { return nil }
        return ModelSpec.MixtureOfExperts(
            experts: experts, expertsPerToken: expertsPerToken, sharedExperts: sharedExperts,
            expertIntermediateSize: expertIntermediateSize, routerBias: routerBias, denseLayers: denseLayers)
    }

    private static func readLatentAttention(_ reader: inout FieldReader) -> ModelSpec.LatentAttention? {
        let qLoraRank = reader.integer("q_lora_rank", default: 0)
        let kvLoraRank = reader.requiredInteger("kv_lora_rank")
        let qkNopeHeadDim = reader.requiredInteger("qk_nope_head_dim")
        let qkRopeHeadDim = reader.requiredInteger("qk_rope_head_dim")
        let vHeadDim = reader.requiredInteger("v_head_dim")
        guard let kvLoraRank, let qkNopeHeadDim, let qkRopeHeadDim, let vHeadDim else { return nil }
        return ModelSpec.LatentAttention(
            qLoraRank: qLoraRank, kvLoraRank: kvLoraRank, qkNopeHeadDim: qkNopeHeadDim,
            qkRopeHeadDim: qkRopeHeadDim, vHeadDim: vHeadDim)
    }

    // MARK: - Writing

    static func write(_ spec: ModelSpec, to json: inout JSONWriter) {
        json.beginObject()
        json.field("layers", spec.layers)
        json.field("hidden_size", spec.hiddenSize)
        json.field("attention_heads", spec.attentionHeads)
        json.field("kv_heads", spec.kvHeads)
        json.field("head_dim", spec.headDim)
        json.field("vocab_size", spec.vocabSize)
        json.field("intermediate_size", spec.intermediateSize)
        json.field("mlp", spec.mlp.rawValue)
        json.field("norm", spec.norm.rawValue)
        json.field("norms_per_layer", spec.normsPerLayer)
        json.field("final_norm", spec.finalNorm)
        json.field("embedding_norm", spec.embeddingNorm)
        json.field("position_embeddings", spec.positionEmbeddings)
        json.field("embedding_projection", spec.embeddingProjection)
        json.field("tied_embeddings", spec.tiedEmbeddings)
        json.field("lm_head_bias", spec.lmHeadBias)
        json.field("qkv_bias", spec.qkvBias)
        json.field("attention_output_bias", spec.attentionOutputBias)
        json.field("mlp_bias", spec.mlpBias)
        json.field("qk_norm", spec.qkNorm)
        json.field("sliding_window", spec.slidingWindow)
        json.field("global_attention_every", spec.globalAttentionEvery)
        json.key("moe")
        if let moe = spec.moe {
            json.beginObject()
            json.field("experts", moe.experts)
            json.field("experts_per_token", moe.expertsPerToken)
            json.field("shared_experts", moe.sharedExperts)
            json.field("expert_intermediate_size", moe.expertIntermediateSize)
            json.field("router_bias", moe.routerBias)
            json.field("dense_layers", moe.denseLayers)
            json.endObject()
        } else {
            json.null()
        }
        json.key("latent_attention")
        if let latent = spec.latentAttention {
            json.beginObject()
            json.field("q_lora_rank", latent.qLoraRank)
            json.field("kv_lora_rank", latent.kvLoraRank)
            json.field("qk_nope_head_dim", latent.qkNopeHeadDim)
            json.field("qk_rope_head_dim", latent.qkRopeHeadDim)
            json.field("v_head_dim", latent.vHeadDim)
            json.endObject()
        } else {
            json.null()
        }
        json.endObject()
    }
}
