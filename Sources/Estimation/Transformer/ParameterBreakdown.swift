/// Exact parameter counts of a `ModelSpec`, split the way people reason about them.
/// Every field is a whole-model count unless its name says otherwise.
public struct ParameterBreakdown: Hashable, Sendable {
    /// Every parameter the checkpoint stores (a tied head counted once).
    public var total: Int
    /// Token embedding table: `V·d` (or `V·e` with an embedding projection).
    public var tokenEmbedding: Int
    /// Learned position table; 0 for rotary/ALiBi.
    public var positionEmbedding: Int
    /// OPT-style project-in and project-out matrices around a narrower embedding.
    public var embeddingProjection: Int
    /// Softmax attention in all layers: projections, their biases, q/k norms, sinks.
    public var attention: Int
    /// Recurrent mixers in all layers (linear attention, Mamba-2, short convolutions), their inner
    /// norms included.
    public var recurrent: Int
    /// Dense MLPs in all layers (leading dense layers of an MoE model included).
    public var mlp: Int
    /// MoE routers in all MoE layers (weights and biases).
    public var router: Int
    /// Routed experts in all MoE layers.
    public var routedExperts: Int
    /// Shared experts in all MoE layers.
    public var sharedExperts: Int
    /// Every norm: inside layers, after the embedding, and the final one.
    public var norms: Int
    /// Untied output head (and its bias); 0 when tied to the token embedding.
    public var lmHead: Int
    /// `total` less the token and position embeddings and an untied output head (Kaplan et al.'s N).
    public var nonEmbedding: Int
    /// Parameters a single token passes through: `total` less the routed experts it does not visit.
    /// Equal to `total` for a dense model.
    public var active: Int
    /// The distinct kinds of layer, in the order they first appear, with how many of each (a dense
    /// model has one group; deepseek has its leading dense layers then its MoE layers; gemma3 its
    /// sliding and full layers).
    public var layerGroups: [LayerGroup]

    public struct LayerGroup: Hashable, Sendable {
        /// What the layers hold.
        public var layer: LayerKind
        /// How many layers are of this kind.
        public var count: Int
        /// Parameters of one such layer, by part.
        public var attention: Int
        public var recurrent: Int
        public var mlp: Int
        public var router: Int
        public var routedExperts: Int
        public var sharedExperts: Int
        public var norms: Int
        /// Sum of the parts of one layer.
        public var perLayer: Int

        public init(
            layer: LayerKind, count: Int, attention: Int, recurrent: Int, mlp: Int, router: Int, routedExperts: Int,
            sharedExperts: Int, norms: Int, perLayer: Int
        ) {
            self.layer = layer
            self.count = count
            self.attention = attention
            self.recurrent = recurrent
            self.mlp = mlp
            self.router = router
            self.routedExperts = routedExperts
            self.sharedExperts = sharedExperts
            self.norms = norms
            self.perLayer = perLayer
        }
    }

    public init(
        total: Int, tokenEmbedding: Int, positionEmbedding: Int, embeddingProjection: Int,
        attention: Int, recurrent: Int, mlp: Int, router: Int, routedExperts: Int, sharedExperts: Int, norms: Int,
        lmHead: Int, nonEmbedding: Int, active: Int, layerGroups: [LayerGroup]
    ) {
        self.total = total
        self.tokenEmbedding = tokenEmbedding
        self.positionEmbedding = positionEmbedding
        self.embeddingProjection = embeddingProjection
        self.attention = attention
        self.recurrent = recurrent
        self.mlp = mlp
        self.router = router
        self.routedExperts = routedExperts
        self.sharedExperts = sharedExperts
        self.norms = norms
        self.lmHead = lmHead
        self.nonEmbedding = nonEmbedding
        self.active = active
        self.layerGroups = layerGroups
    }
}
