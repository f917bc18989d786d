/// The layers as inference sees them: each distinct kind of layer along the spec's layout (its
/// attention span, its recurrent mixer, its MLP; rotary positions cost nothing here, so NoPE layers
/// join their kind), with how many layers are of it, and the widths their operators move. It is
/// the one place the inference tables read the spec's layer structure.
struct InferenceLayerView {
    /// `layers` layers alike, wherever they sit in the model.
    struct Group: Hashable, Sendable {
        var layers: Int
        var attention: LayerKind.Attention?
        var recurrent: LayerKind.Recurrent?
        var mlp: LayerKind.MLP?

        /// Sequence mixers the layer runs side by side (falcon_h1's attention and Mamba-2: two).
        var mixers: Int { (attention == nil ? 0 : 1) + (recurrent == nil ? 0 : 1) }
        /// Blocks whose output joins the residual stream through a tensor-parallel all-reduce:
        /// the mixers (summed first when side by side) and the MLP.
        var reducedBlocks: Int { (mixers > 0 ? 1 : 0) + (mlp == nil ? 0 : 1) }
    }

    struct Experts {
        /// `E`, routed experts.
        let count: Int
        /// `K`, routed experts per token.
        let perToken: Int
        /// `fe`, each routed expert's width.
        let width: Int
        /// `S · fe_shared`, the shared experts' width together.
        let sharedWidth: Int
    }

    /// In the order each kind first appears.
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
    /// Gate, up and down (3 matrices) rather than up and down (2).
    let gated: Bool
    /// `f`, the dense MLP's width.
    let denseWidth: Int
    let experts: Experts?
    /// Elementwise FLOPs per intermediate value of the MLP: the activation function's, and one
    /// more for the gated product.
    let activationFlopsPerValue: Double
    /// The embedding norm and the final norm, those present.
    let outerNorms: Int
    /// Kernels of the query, key and value projections per layer: one fused, or latent
    /// attention's down- and up-projections.
    let projectionKernelsPerLayer: Int
    /// Norm kernels every layer runs, and those its attention adds (the q and k norms, the latent
    /// norms).
    private let layerNormKernels: Int
    private let attentionNormKernels: Int
    /// The recurrent mixers the layers use.
    private let mixers: [LayerKind.Recurrent: RecurrentMixerShape]

    init(_ spec: ModelSpec) {
        var groups: [Group] = []
        for run in spec.layout.distinctKinds {
            let kind = run.kind
            if let index = groups.firstIndex(where: {
                $0.attention == kind.attention && $0.recurrent == kind.recurrent && $0.mlp == kind.mlp
            }) {
                groups[index].layers += run.count
            } else {
                groups.append(Group(layers: run.count, attention: kind.attention, recurrent: kind.recurrent, mlp: kind.mlp))
            }
        }
        self.groups = groups
        var mixers: [LayerKind.Recurrent: RecurrentMixerShape] = [:]
        for mixer in groups.compactMap(\.recurrent) where mixers[mixer] == nil {
            mixers[mixer] = RecurrentMixerShape(spec, mixer)
        }
        self.mixers = mixers
        hidden = spec.hiddenSize
        vocabulary = spec.vocabSize
        embeddingWidth = spec.embeddingProjection > 0 ? spec.embeddingProjection : spec.hiddenSize
        learnedPositions = spec.positionEmbeddings > 0
        attention = AttentionShape(spec)
        gated = spec.mlp == .gated
        denseWidth = spec.intermediateSize
        experts = spec.moe.map {
            Experts(
                count: $0.experts, perToken: $0.expertsPerToken, width: $0.expertIntermediateSize,
                sharedWidth: $0.sharedExperts * $0.sharedExpertIntermediateSize)
        }
        activationFlopsPerValue = spec.activation.elementwiseFlops + (gated ? 1 : 0)
        layerNormKernels = spec.normsPerLayer
        let latentNorms = (attention.queryLatentWidth > 0 ? 1 : 0) + (attention.keyValueLatentWidth > 0 ? 1 : 0)
        attentionNormKernels = (spec.qkNorm == nil ? 0 : 2) + latentNorms
        outerNorms = (spec.finalNorm ? 1 : 0) + (spec.embeddingNorm ? 1 : 0)
        if spec.latentAttention != nil {
            // q down and up (or one full-rank q), kv down, kv up.
            projectionKernelsPerLayer = attention.queryLatentWidth > 0 ? 4 : 3
        } else {
            projectionKernelsPerLayer = 1
        }
    }

    /// Tensor-parallel all-reduces per step: one per block of every layer that joins the residual
    /// stream, one after the embedding.
    var allReduces: Int { groups.reduce(1) { $0 + $1.layers * $1.reducedBlocks } }

    /// Whether the attention cache is latent (one entry per token shared by every head), which
    /// tensor parallelism cannot split by heads.
    var latentCache: Bool { attention.keyValueLatentWidth > 0 }

    /// Norm kernels one layer of `group` runs: its own, its attention's, its mixer's gated norm.
    func normKernels(_ group: Group) -> Int {
        layerNormKernels + (group.attention == nil ? 0 : attentionNormKernels)
            + (group.recurrent.flatMap { mixers[$0]?.hasNorm == true ? 1 : nil } ?? 0)
    }

    /// The widths of a recurrent mixer some layers use (a mixer none uses has none).
    func mixer(_ mixer: LayerKind.Recurrent) -> RecurrentMixerShape? { mixers[mixer] }

    /// The layer kind a group stands for (any rotary choice: it changes no cost).
    func kind(_ group: Group) -> LayerKind {
        LayerKind(attention: group.attention, recurrent: group.recurrent, mlp: group.mlp)
    }
}
