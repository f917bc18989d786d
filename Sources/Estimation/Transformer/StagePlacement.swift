/// Where parameters sit under pipeline and tensor parallelism (the Megatron-LM placement described
/// on `Parallelism`): layers on their stage, embeddings on the first, the final norm and output head
/// on the last, matrices split over the tensor ranks and norms replicated.
struct StagePlacement {
    private let tensor: Int
    /// Parameters and norms of one layer of each kind.
    private let layerGroups: [ParameterBreakdown.LayerGroup]
    private let layout: LayerLayout
    /// Token and position embeddings and an embedding projection.
    private let embedding: Int
    private let embeddingNorm: Int
    private let finalNorm: Int
    /// The output head: untied, or the last stage's copy of a tied embedding (only when the
    /// embedding lives on another stage).
    private let untiedHead: Int
    private let tiedHeadCopy: Int

    init(spec: ModelSpec, parameters: ParameterBreakdown, tensor: Int) {
        self.tensor = tensor
        layout = spec.layout
        layerGroups = parameters.layerGroups
        embedding = parameters.tokenEmbedding + parameters.positionEmbedding + parameters.embeddingProjection
        let normWidth = spec.norm.parameters(width: spec.hiddenSize)
        let layerNorms = parameters.layerGroups.reduce(0) { $0 + $1.count * $1.norms }
        embeddingNorm = spec.embeddingNorm ? normWidth : 0
        finalNorm = Swift.max(0, parameters.norms - layerNorms - embeddingNorm)
        untiedHead = parameters.lmHead
        tiedHeadCopy = spec.tiedEmbeddings ? parameters.tokenEmbedding : 0
    }

    /// Parameters one tensor rank of the stage holding `layers` keeps.
    func parametersPerRank(layers: Range<Int>, first: Bool, last: Bool) -> CheckedInt {
        var all: CheckedInt = 0
        var norms: CheckedInt = 0
        for run in layout.distinctKinds(in: layers) {
            guard let group = layerGroups.first(where: { $0.layer == run.kind }) else { continue }
            all = all + CheckedInt(run.count) * CheckedInt(group.perLayer)
            norms = norms + CheckedInt(run.count) * CheckedInt(group.norms)
        }
        if first {
            all = all + CheckedInt(embedding) + CheckedInt(embeddingNorm)
            norms = norms + CheckedInt(embeddingNorm)
        }
        if last {
            all = all + CheckedInt(untiedHead) + CheckedInt(finalNorm) + (first ? 0 : CheckedInt(tiedHeadCopy))
            norms = norms + CheckedInt(finalNorm)
        }
        return (all - norms).dividedRoundingUp(by: tensor) + norms
    }
}
