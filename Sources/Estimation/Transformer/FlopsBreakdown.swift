/// One forward pass's FLOPs by operation, whole model, 2 FLOPs per multiply-accumulate. FLOPs are
/// `Double`: they pass 2^63 for real training runs, and Double is exact below 2^53.
public struct FlopsBreakdown: Hashable, Sendable {
    /// Q, K and V projections `2bs·d·(a·hd + 2·k·hd)`; latent attention: its q, kv down- and
    /// up-projections.
    public var attentionProjections: Double
    /// `QKᵀ`: `2·b·a·hd` per attended (query, key) pair.
    public var attentionScores: Double
    /// Scores × V: `2·b·a·v_hd` per attended pair.
    public var attentionValues: Double
    /// Output projection `2bs·a·v_hd·d`.
    public var attentionOutput: Double
    /// Recurrent mixers' (linear attention, Mamba-2, short convolution) projections into and out of
    /// the mixer (`RecurrentFlops`).
    public var recurrentProjections: Double
    /// Recurrent mixers' convolutions and chunked scans, what stands in for `QKᵀ` and scores × V.
    public var recurrentMixing: Double
    /// Dense MLPs: standard `4bsdf`, gated `6bsdf`.
    public var mlp: Double
    /// Mixture-of-experts layers: `K` routed and `S` shared experts per token, `6bs·d·fe` each when
    /// gated (the spec's MLP kind; `4bs·d·fe` for standard).
    public var experts: Double
    /// MoE routers `2bsdE`, and the shared-expert gate `2bsd` where there is one.
    public var router: Double
    /// OPT-style projections in and out of a narrower embedding, `2·2bs·d·e`.
    public var embeddingProjection: Double
    /// Output logits once, after the last layer: `2bs·d·V` (`2bs·e·V` with an embedding projection).
    public var logits: Double
    /// Sum of the matrix multiplications above.
    public var total: Double
    /// Elementwise work, estimated and never part of `total`.
    public var elementwise: Elementwise

    public init(
        attentionProjections: Double, attentionScores: Double, attentionValues: Double,
        attentionOutput: Double, recurrentProjections: Double, recurrentMixing: Double, mlp: Double,
        experts: Double, router: Double, embeddingProjection: Double, logits: Double, total: Double,
        elementwise: Elementwise
    ) {
        self.attentionProjections = attentionProjections
        self.attentionScores = attentionScores
        self.attentionValues = attentionValues
        self.attentionOutput = attentionOutput
        self.recurrentProjections = recurrentProjections
        self.recurrentMixing = recurrentMixing
        self.mlp = mlp
        self.experts = experts
        self.router = router
        self.embeddingProjection = embeddingProjection
        self.logits = logits
        self.total = total
        self.elementwise = elementwise
    }

    public struct Elementwise: Hashable, Sendable {
        /// `≈5` FLOPs per attention score per head (max, subtract, exp, sum, divide).
        public var softmax: Double
        /// `≈5` FLOPs per normalised value: every norm of every layer, per-head q/k and latent norms,
        /// the embedding and final norms.
        public var norms: Double
        public var total: Double

        public init(softmax: Double, norms: Double, total: Double) {
            self.softmax = softmax
            self.norms = norms
            self.total = total
        }
    }

    /// The matrix multiplications inside the layers (everything but the logits and embedding
    /// projection): what full recompute runs again.
    public var layers: Double { total - logits - embeddingProjection }
    /// The attention core, `QKᵀ` and scores × V: what selective recompute runs again.
    public var attentionCore: Double { attentionScores + attentionValues }
}
