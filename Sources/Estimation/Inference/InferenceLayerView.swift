/// The layers as inference sees them: runs of identical layers, each with its attention kind (full,
/// or a sliding window) and MLP kind (dense, or a mixture of experts), and the widths their
/// operators move. It is the one place the inference tables read the spec's layer structure (today
/// through `LayerLayout` and `AttentionShape`): a per-layer layout changes this view, not the
/// operator tables built on it.
struct InferenceLayerView {
    enum AttentionKind: String, Hashable, Sendable {
        case full
        case sliding
    }

    enum MLPKind: String, Hashable, Sendable {
        case dense
        case mixtureOfExperts = "moe"
    }

    /// `layers` layers alike.
    struct Group: Hashable, Sendable {
        var layers: Int
        var attention: AttentionKind
        var mlp: MLPKind
    }

    struct Experts {
        /// `E`, routed experts.
        let count: Int
        /// `K`, routed experts per token.
        let perToken: Int
        /// `S`, shared experts.
        let shared: Int
        /// `fe`, each expert's width.
        let width: Int
    }

    /// In model order: dense layers (deepseek's leading ones) before mixture-of-experts layers,
    /// full attention before sliding within each.
    let groups: [Group]
    /// `d`
    let hidden: Int
    /// `V`
    let vocabulary: Int
    /// Width of the token embedding and of the head's input: `d`, or OPT's projected width.
    let embeddingWidth: Int
    /// A learned position table, read a row per token beside the token embedding.
    let learnedPositions: Bool
    let attention: AttentionShape
    /// Tokens a sliding layer keeps; nil without sliding layers.
    let window: Int?
    /// Gate, up and down (3 matrices) rather than up and down (2).
    let gated: Bool
    /// `f`, the dense MLP's width.
    let denseWidth: Int
    let experts: Experts?
    /// Norm kernels per layer: its norms, the per-head q and k norms, the latent norms.
    let normKernelsPerLayer: Int
    /// The embedding norm and the final norm, those present.
    let outerNorms: Int
    /// Kernels of the query, key and value projections per layer: one fused, or latent
    /// attention's down- and up-projections.
    let projectionKernelsPerLayer: Int
    /// Elementwise FLOPs per intermediate value of the MLP's activation: `≈4` for the nonlinearity
    /// (SiLU's exp, add, divide, multiply; GELU's tanh form alike), `+1` for the gated product.
    /// The spec does not yet name its activation function, so every one costs the same.
    var activationFlopsPerValue: Double { gated ? 5 : 4 }

    init(_ spec: ModelSpec) {
        let layout = spec.layout
        func layers(_ attention: LayerKind.Attention, _ mlp: LayerKind.MLP) -> Int {
            layout.count { $0.attention == attention && $0.mlp == mlp }
        }
        let counts: [Group] = [
            Group(layers: layers(.full, .dense), attention: .full, mlp: .dense),
            Group(layers: layers(.sliding, .dense), attention: .sliding, mlp: .dense),
            Group(layers: layers(.full, .moe), attention: .full, mlp: .mixtureOfExperts),
            Group(layers: layers(.sliding, .moe), attention: .sliding, mlp: .mixtureOfExperts),
        ]
        groups = counts.filter { $0.layers > 0 }
        hidden = spec.hiddenSize
        vocabulary = spec.vocabSize
        embeddingWidth = spec.embeddingProjection > 0 ? spec.embeddingProjection : spec.hiddenSize
        learnedPositions = spec.positionEmbeddings > 0
        attention = AttentionShape(spec)
        window = spec.slidingWindow
        gated = spec.mlp == .gated
        denseWidth = spec.intermediateSize
        experts = spec.moe.map {
            Experts(count: $0.experts, perToken: $0.expertsPerToken, shared: $0.sharedExperts, width: $0.expertIntermediateSize)
        }
        let latentNorms = (attention.queryLatentWidth > 0 ? 1 : 0) + (attention.keyValueLatentWidth > 0 ? 1 : 0)
        normKernelsPerLayer = spec.normsPerLayer + (spec.qkNorm == nil ? 0 : 2) + latentNorms
        outerNorms = (spec.finalNorm ? 1 : 0) + (spec.embeddingNorm ? 1 : 0)
        if spec.latentAttention != nil {
            // q down and up (or one full-rank q), kv down, kv up.
            projectionKernelsPerLayer = attention.queryLatentWidth > 0 ? 4 : 3
        } else {
            projectionKernelsPerLayer = 1
        }
    }

    /// Whether the attention cache is latent (one entry per token shared by every head), which
    /// tensor parallelism cannot split by heads.
    var latentCache: Bool { attention.keyValueLatentWidth > 0 }
}
