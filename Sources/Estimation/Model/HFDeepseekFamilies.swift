/// deepseek_v2 and deepseek_v3: multi-head latent attention, leading dense layers
/// (`first_k_dense_replace`), then MoE layers of routed experts plus shared ones. A layer from
/// `first_k_dense_replace` on is MoE when its index is a multiple of `moe_layer_freq`, as DeepSeek's
/// own modelling code reads it (transformers 5 ignores `moe_layer_freq`; every released checkpoint
/// has 1, where the two agree).
enum DeepseekFamilies {
    enum Version {
        /// Router without bias; `mlp_bias` switches the biases of the dense and shared MLPs.
        case v2
        /// The router's `e_score_correction_bias` (one value per routed expert) is counted as a
        /// parameter: the checkpoint stores it, and DeepSeek's own code declares it an
        /// `nn.Parameter`. transformers registers it as a buffer, so its `num_parameters()` is lower
        /// by `n_routed_experts` per MoE layer. The MLPs never have biases.
        case v3
    }

    static func deepseek(_ r: inout HFConfigReader, version: Version) throws(EstimationError) -> ModelSpec {
        let v2 = version == .v2
        let core = try LlamaStyleCore(&r, v2
            ? .init(vocabSize: 32000, hiddenSize: 4096, intermediateSize: 11008, layers: 32, heads: 32,
                    kvHeads: nil, tiedEmbeddings: false)
            : .init(vocabSize: 129280, hiddenSize: 7168, intermediateSize: 18432, layers: 61, heads: 128,
                    kvHeads: 128, tiedEmbeddings: false))
        // q_lora_rank null (deepseek-v2-lite) is a full-rank q_proj, which the spec writes as 0.
        let qLoraRank = r.nullableInt(["q_lora_rank"], default: 1536, spec: "latent_attention.q_lora_rank") ?? 0
        let latent = ModelSpec.LatentAttention(
            qLoraRank: qLoraRank,
            kvLoraRank: r.int(["kv_lora_rank"], default: 512, spec: "latent_attention.kv_lora_rank"),
            qkNopeHeadDim: r.int(["qk_nope_head_dim"], default: 128, spec: "latent_attention.qk_nope_head_dim"),
            qkRopeHeadDim: r.int(["qk_rope_head_dim"], default: 64, spec: "latent_attention.qk_rope_head_dim"),
            vHeadDim: r.int(["v_head_dim"], default: 128, spec: "latent_attention.v_head_dim"))
        let experts = r.int(
            ["n_routed_experts", "num_local_experts", "num_experts"], default: v2 ? 64 : 256, spec: "moe.experts")
        let perToken = r.nullableInt(["num_experts_per_tok"], default: v2 ? nil : 8, spec: "moe.experts_per_token")
        let shared = r.nullableInt(["n_shared_experts"], default: v2 ? 2 : 1, spec: "moe.shared_experts") ?? 0
        let expertWidth = r.int(["moe_intermediate_size"], default: v2 ? 1407 : 2048, spec: "moe.expert_intermediate_size")
        let denseLayers = r.int(["first_k_dense_replace"], default: v2 ? 0 : 3)
        let layerFrequency = r.int(["moe_layer_freq"], default: 1)
        let attentionBias = r.bool(["attention_bias"], default: false)
        let mlpBias = v2 ? r.bool(["mlp_bias"], default: false) : false
        if layerFrequency < 1 {
            r.fail("moe_layer_freq", "must be at least 1, got \(layerFrequency)")
        }
        if perToken == nil {
            r.fail("num_experts_per_tok", "is required: the deepseek_v2 config class has no default for it")
        }
        try r.checkpoint()

        // The spec's head_dim for latent attention is the query/key head width.
        r.note("head_dim", ["qk_nope_head_dim"])
        var spec = try core.spec(&r, headDim: latent.qkNopeHeadDim &+ latent.qkRopeHeadDim)
        spec.latentAttention = latent
        spec.rotaryDim = latent.qkRopeHeadDim
        spec.qkvBias = attentionBias
        spec.attentionOutputBias = attentionBias
        spec.mlpBias = mlpBias
        // With every layer dense (first_k_dense_replace ≥ layers) there is no MoE block at all.
        core.moeLayers(&spec, ModelSpec.MixtureOfExperts(
            experts: experts, expertsPerToken: perToken ?? 0, sharedExperts: shared,
            expertIntermediateSize: expertWidth, routerBias: version == .v3)
        ) { index in index >= denseLayers && index % layerFrequency == 0 }
        return spec
    }
}
