extension ModelSpec {
    /// Norms on the queries and keys before their scores. JSON names in brackets.
    public struct QKNorm: Hashable, Sendable {
        /// What one normalisation spans [scope]
        public var scope: Scope
        /// Its kind, which may differ from the layer norms' (stablelm's are bias-free LayerNorms
        /// beside biased ones) [norm]
        public var norm: NormKind

        public enum Scope: String, Hashable, Sendable, CaseIterable {
            /// Each head over its `hd` values, one weight shared by every head: qwen3, gemma3, phi.
            case head
            /// Each head over its `hd` values, each head its own weight: cohere, stablelm.
            case eachHead = "each_head"
            /// The whole projection at once, `a·hd` for queries and `k·hd` for keys: olmo2,
            /// minimax_m2.
            case projection
        }

        public init(scope: Scope, norm: NormKind) {
            self.scope = scope
            self.norm = norm
        }
    }
}
