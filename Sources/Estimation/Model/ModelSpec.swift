/// A decoder-only transformer, fully defaulted: the one canonical form that every input (a preset
/// name, a native spec, a Hugging Face `config.json`) resolves to before anything is computed.
///
/// It is purely structural: no names, no provenance. Two inputs that describe the same architecture
/// produce equal specs, which is what lets the service cache them under one hash.
///
/// Symbols follow FORMULAS.md: `l` layers, `d` hidden, `a` heads, `k` KV heads, `hd` head dim,
/// `V` vocabulary, `f` MLP width. The JSON name of each field is given in brackets.
///
/// The memberwise defaults reproduce the seed's GPT block exactly: with only `layers`, `hiddenSize`,
/// `attentionHeads` and `vocabSize` given, the parameter count is `l(12d²+13d) + Vd`.
public struct ModelSpec: Hashable, Sendable {
    /// `l` [layers]
    public var layers: Int
    /// `d` [hidden_size]
    public var hiddenSize: Int
    /// `a`, query heads [attention_heads]
    public var attentionHeads: Int
    /// `k`, key/value heads; `a` for multi-head, 1 for multi-query [kv_heads]
    public var kvHeads: Int
    /// `hd` [head_dim]; `d / a` unless a config sets it explicitly.
    public var headDim: Int
    /// `V` [vocab_size]
    public var vocabSize: Int
    /// `f`, the dense MLP's intermediate width [intermediate_size]
    public var intermediateSize: Int
    /// [mlp]
    public var mlp: MLPKind
    /// [norm]
    public var norm: NormKind
    /// Norms inside each layer: 2 (pre-attention and pre-MLP), 1 (parallel attention: gptj, phi,
    /// falcon-7b), 4 (gemma2) [norms_per_layer]
    public var normsPerLayer: Int
    /// A norm after the last layer [final_norm]
    public var finalNorm: Bool
    /// A norm right after the token embedding (bloom) [embedding_norm]
    public var embeddingNorm: Bool
    /// Rows of a learned position table; 0 for rotary, ALiBi or none. OPT stores `n_pos + 2`
    /// [position_embeddings]
    public var positionEmbeddings: Int
    /// Width of the token embedding when it differs from `d` and is projected in and out
    /// (OPT's `word_embed_proj_dim`); 0 when the embedding is `d` wide [embedding_projection]
    public var embeddingProjection: Int
    /// Output head shares the token embedding's matrix [tied_embeddings]
    public var tiedEmbeddings: Bool
    /// Output head has a bias of `V` (gptj, phi) [lm_head_bias]
    public var lmHeadBias: Bool
    /// Q, K and V projections have biases [qkv_bias]
    public var qkvBias: Bool
    /// Attention output projection has a bias [attention_output_bias]
    public var attentionOutputBias: Bool
    /// MLP linears have biases [mlp_bias]
    public var mlpBias: Bool
    /// Per-head norms on queries and keys, each `hd` wide (qwen3; phi's qk_layernorm) [qk_norm]
    public var qkNorm: Bool
    /// Tokens a sliding-window layer keeps; nil when every layer attends to the whole sequence
    /// [sliding_window]
    public var slidingWindow: Int?
    /// With a sliding window: every n-th layer (layer `i` with `(i + 1) % n == 0`) is global;
    /// 0 means every layer slides (mistral), 2 alternates (gemma2) [global_attention_every]
    public var globalAttentionEvery: Int
    /// Mixture-of-experts MLP; nil for a dense model [moe]
    public var moe: MixtureOfExperts?
    /// Low-rank latent attention (deepseek_v2/v3); nil for standard attention [latent_attention]
    public var latentAttention: LatentAttention?

    public enum MLPKind: String, Hashable, Sendable, CaseIterable {
        /// `d → f → d`: two matrices.
        case standard
        /// SwiGLU / GeGLU: gate, up and down, three matrices.
        case gated
    }

    public enum NormKind: String, Hashable, Sendable, CaseIterable {
        /// γ and β: `2d` parameters.
        case layernorm
        /// γ only: `d` parameters.
        case rmsnorm
    }

    public struct MixtureOfExperts: Hashable, Sendable {
        /// `E`, routed experts [experts]
        public var experts: Int
        /// `K`, routed experts each token goes through [experts_per_token]
        public var expertsPerToken: Int
        /// `S`, experts every token goes through [shared_experts]
        public var sharedExperts: Int
        /// `fe`, each expert's (gated) intermediate width [expert_intermediate_size]
        public var expertIntermediateSize: Int
        /// The router has a per-expert bias (deepseek_v3's score-correction bias) [router_bias]
        public var routerBias: Bool
        /// Leading layers that keep a dense MLP of `intermediateSize` (deepseek's
        /// `first_k_dense_replace`) [dense_layers]
        public var denseLayers: Int

        public init(
            experts: Int, expertsPerToken: Int, sharedExperts: Int = 0, expertIntermediateSize: Int,
            routerBias: Bool = false, denseLayers: Int = 0
        ) {
            self.experts = experts
            self.expertsPerToken = expertsPerToken
            self.sharedExperts = sharedExperts
            self.expertIntermediateSize = expertIntermediateSize
            self.routerBias = routerBias
            self.denseLayers = denseLayers
        }
    }

    public struct LatentAttention: Hashable, Sendable {
        /// Rank of the query compression; 0 means a full-rank query projection (deepseek-v2-lite)
        /// [q_lora_rank]
        public var qLoraRank: Int
        /// [kv_lora_rank]
        public var kvLoraRank: Int
        /// [qk_nope_head_dim]
        public var qkNopeHeadDim: Int
        /// [qk_rope_head_dim]
        public var qkRopeHeadDim: Int
        /// [v_head_dim]
        public var vHeadDim: Int

        public init(qLoraRank: Int, kvLoraRank: Int, qkNopeHeadDim: Int, qkRopeHeadDim: Int, vHeadDim: Int) {
            self.qLoraRank = qLoraRank
            self.kvLoraRank = kvLoraRank
            self.qkNopeHeadDim = qkNopeHeadDim
            self.qkRopeHeadDim = qkRopeHeadDim
            self.vHeadDim = vHeadDim
        }
    }

    /// Every default is the seed's GPT block: multi-head, `hd = d/a`, `f = 4d`, LayerNorm with two per
    /// layer, biases everywhere, a tied head, no position table and no final norm.
    public init(
        layers: Int,
        hiddenSize: Int,
        attentionHeads: Int,
        vocabSize: Int,
        kvHeads: Int? = nil,
        headDim: Int? = nil,
        intermediateSize: Int? = nil,
        mlp: MLPKind = .standard,
        norm: NormKind = .layernorm,
        normsPerLayer: Int = 2,
        finalNorm: Bool = false,
        embeddingNorm: Bool = false,
        positionEmbeddings: Int = 0,
        embeddingProjection: Int = 0,
        tiedEmbeddings: Bool = true,
        lmHeadBias: Bool = false,
        qkvBias: Bool = true,
        attentionOutputBias: Bool = true,
        mlpBias: Bool = true,
        qkNorm: Bool = false,
        slidingWindow: Int? = nil,
        globalAttentionEvery: Int = 0,
        moe: MixtureOfExperts? = nil,
        latentAttention: LatentAttention? = nil
    ) {
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.attentionHeads = attentionHeads
        self.vocabSize = vocabSize
        self.kvHeads = kvHeads ?? attentionHeads
        // A zero head count is caught by validation; avoid dividing by it here.
        self.headDim = headDim ?? (attentionHeads > 0 ? hiddenSize / attentionHeads : 0)
        self.intermediateSize = intermediateSize ?? hiddenSize &* 4
        self.mlp = mlp
        self.norm = norm
        self.normsPerLayer = normsPerLayer
        self.finalNorm = finalNorm
        self.embeddingNorm = embeddingNorm
        self.positionEmbeddings = positionEmbeddings
        self.embeddingProjection = embeddingProjection
        self.tiedEmbeddings = tiedEmbeddings
        self.lmHeadBias = lmHeadBias
        self.qkvBias = qkvBias
        self.attentionOutputBias = attentionOutputBias
        self.mlpBias = mlpBias
        self.qkNorm = qkNorm
        self.slidingWindow = slidingWindow
        self.globalAttentionEvery = globalAttentionEvery
        self.moe = moe
        self.latentAttention = latentAttention
    }
}
