/// A decoder-only language model, fully defaulted: the one canonical form that every input (a preset
/// name, a native spec, a Hugging Face `config.json`) resolves to before anything is computed.
///
/// It is purely structural: no names, no provenance. Two inputs that describe the same architecture
/// produce equal specs, which is what lets the service cache them under one hash: `init` puts every
/// spec in canonical form (see `normalised`).
///
/// The spec has two levels. The fields hold the shapes of the blocks a layer can be built from
/// (attention, its norms and rotary positions, the dense MLP, the experts, the recurrent mixers);
/// `layout` says, layer by layer, which of them each layer has (`LayerKind`). Training memory,
/// FLOPs and the KV cache follow the layout layer by layer.
///
/// Symbols follow docs/formulas.md: `l` layers, `d` hidden, `a` heads, `k` KV heads, `hd` head dim,
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
    /// Of the dense MLP, the experts and the shared experts alike [mlp]
    public var mlp: MLPKind
    /// The MLP's (and experts') activation function [activation]
    public var activation: Activation
    /// Kind of the layer, embedding and final norms [norm]
    public var norm: NormKind
    /// Norms inside each layer: 2 (pre-attention and pre-MLP; olmo2's post-norms), 1 (parallel
    /// attention: gptj, phi, cohere; nemotron_h's single-block layers), 4 (gemma2, gemma3)
    /// [norms_per_layer]
    public var normsPerLayer: Int
    /// A norm after the last layer [final_norm]
    public var finalNorm: Bool
    /// A norm right after the token embedding (bloom) [embedding_norm]
    public var embeddingNorm: Bool
    /// Rows of a learned position table; 0 for rotary, ALiBi or none. OPT stores `n_pos + 2`
    /// [position_embeddings]
    public var positionEmbeddings: Int
    /// The longest sequence the model's config declares (`max_position_embeddings`), nil when it
    /// does not say. It sizes nothing (a learned table is `positionEmbeddings`); the service warns
    /// when a `sequence_length` exceeds it [max_position_embeddings]
    public var maxPositionEmbeddings: Int?
    /// Width of the token embedding when it differs from `d` and is projected in and out
    /// (OPT's `word_embed_proj_dim`); 0 when the embedding is `d` wide [embedding_projection]
    public var embeddingProjection: Int
    /// Output head shares the token embedding's matrix [tied_embeddings]
    public var tiedEmbeddings: Bool
    /// Output head has a bias of `V` (gptj, phi, phimoe) [lm_head_bias]
    public var lmHeadBias: Bool
    /// Q, K and V projections have biases [qkv_bias]
    public var qkvBias: Bool
    /// Attention output projection has a bias [attention_output_bias]
    public var attentionOutputBias: Bool
    /// Dense MLP (and shared expert) linears have biases [mlp_bias]
    public var mlpBias: Bool
    /// Norms on queries and keys; nil for none [qk_norm]
    public var qkNorm: QKNorm?
    /// Dimensions of each query and key head that rotary positions rotate: `hd` for full rotary,
    /// fewer for partial rotary (phi's, stablelm's, glm4_moe's, minimax_m2's), 0 for none (learned
    /// positions, ALiBi, or none) [rotary_dim]
    public var rotaryDim: Int
    /// One learned logit per head that joins every softmax and takes no value (gpt_oss's sinks)
    /// [attention_sinks]
    public var attentionSinks: Bool
    /// The query projection also produces a per-value gate, `σ(gate) ⊙ attention`, before the
    /// output projection (qwen3_next) [attention_output_gate]
    public var attentionOutputGate: Bool
    /// Tokens a `sliding` layer keeps; nil when no layer slides [sliding_window]
    public var slidingWindow: Int?
    /// Chunk length of `chunked` layers (llama4's `attention_chunk_size`); nil when none is chunked
    /// [attention_chunk]
    public var attentionChunk: Int?
    /// The experts of `moe` layers; nil when no layer has them [moe]
    public var moe: MixtureOfExperts?
    /// Low-rank latent attention (deepseek_v2/v3) in place of standard attention [latent_attention]
    public var latentAttention: LatentAttention?
    /// The mixer of `linear_attention` layers [linear_attention]
    public var linearAttention: LinearAttention?
    /// The mixer of `mamba2` layers [mamba]
    public var mamba: Mamba2?
    /// The mixer of `short_conv` layers [short_conv]
    public var shortConvolution: ShortConvolution?
    /// Weights the checkpoint stores quantised (gpt-oss's MXFP4 experts); nil when every weight is
    /// stored in the type the estimate names [quantized_weights]
    public var quantizedWeights: QuantizedWeights?
    /// Which blocks each layer has [layout]
    public var layout: LayerLayout
    /// How transformers' modules compute the layers, where it changes what they save for the
    /// backward pass; nil when the other fields imply it (`moduleTraits`) [module_traits]
    public var modules: ModuleTraits?

    public enum MLPKind: String, Hashable, Sendable, CaseIterable {
        /// `d → f → d`: two matrices.
        case standard
        /// SwiGLU / GeGLU: gate, up and down, three matrices.
        case gated
    }

    public enum NormKind: String, Hashable, Sendable, CaseIterable {
        /// γ and β: `2w` parameters for a width `w`.
        case layernorm
        /// γ only (cohere's, stablelm's per-head q/k norms): `w`.
        case layernormWithoutBias = "layernorm_no_bias"
        /// γ only: `w`.
        case rmsnorm
        /// Neither (llama4's q/k L2 norm): 0.
        case rmsnormWithoutWeight = "rmsnorm_no_weight"

        /// Parameters of one such norm over `width` values.
        func parameters(width: Int) -> Int {
            switch self {
            case .layernorm: 2 * width  // widths are validated far below Int.max / 2
            case .layernormWithoutBias, .rmsnorm: width
            case .rmsnormWithoutWeight: 0
            }
        }
    }

    /// Every default is the seed's GPT block: multi-head, `hd = d/a`, `f = 4d`, GELU, LayerNorm with
    /// two per layer, biases everywhere, a tied head, no positions, no final norm, every layer full
    /// attention and a dense MLP.
    ///
    /// Without a `layout`, every layer has attention (`sliding` when a `slidingWindow` is given,
    /// else `full`) and an MLP (`moe` when `moe` is given, else `dense`).
    public init(
        layers: Int,
        hiddenSize: Int,
        attentionHeads: Int,
        vocabSize: Int,
        kvHeads: Int? = nil,
        headDim: Int? = nil,
        intermediateSize: Int? = nil,
        mlp: MLPKind = .standard,
        activation: Activation = .gelu,
        norm: NormKind = .layernorm,
        normsPerLayer: Int = 2,
        finalNorm: Bool = false,
        embeddingNorm: Bool = false,
        positionEmbeddings: Int = 0,
        maxPositionEmbeddings: Int? = nil,
        embeddingProjection: Int = 0,
        tiedEmbeddings: Bool = true,
        lmHeadBias: Bool = false,
        qkvBias: Bool = true,
        attentionOutputBias: Bool = true,
        mlpBias: Bool = true,
        qkNorm: QKNorm? = nil,
        rotaryDim: Int = 0,
        attentionSinks: Bool = false,
        attentionOutputGate: Bool = false,
        slidingWindow: Int? = nil,
        attentionChunk: Int? = nil,
        moe: MixtureOfExperts? = nil,
        latentAttention: LatentAttention? = nil,
        linearAttention: LinearAttention? = nil,
        mamba: Mamba2? = nil,
        shortConvolution: ShortConvolution? = nil,
        quantizedWeights: QuantizedWeights? = nil,
        layout: LayerLayout? = nil,
        modules: ModuleTraits? = nil
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
        self.activation = activation
        self.norm = norm
        self.normsPerLayer = normsPerLayer
        self.finalNorm = finalNorm
        self.embeddingNorm = embeddingNorm
        self.positionEmbeddings = positionEmbeddings
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.embeddingProjection = embeddingProjection
        self.tiedEmbeddings = tiedEmbeddings
        self.lmHeadBias = lmHeadBias
        self.qkvBias = qkvBias
        self.attentionOutputBias = attentionOutputBias
        self.mlpBias = mlpBias
        self.qkNorm = qkNorm
        self.rotaryDim = rotaryDim
        self.attentionSinks = attentionSinks
        self.attentionOutputGate = attentionOutputGate
        self.slidingWindow = slidingWindow
        self.attentionChunk = attentionChunk
        self.moe = moe
        self.latentAttention = latentAttention
        self.linearAttention = linearAttention
        self.mamba = mamba
        self.shortConvolution = shortConvolution
        self.quantizedWeights = quantizedWeights
        self.modules = modules
        self.layout = layout ?? LayerLayout(
            uniform: LayerKind(attention: slidingWindow == nil ? .full : .sliding, mlp: moe == nil ? .dense : .moe),
            layers: Swift.min(Swift.max(layers, 0), LayerLayout.maxLayers))
        self = normalised
    }
}
