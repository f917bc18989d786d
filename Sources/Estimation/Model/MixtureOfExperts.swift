extension ModelSpec {
    /// The block of `moe` layers: a router picks `K` of `E` routed experts per token; `S` shared
    /// experts see every token. Experts are MLPs of the spec's `mlp` kind and `activation`. JSON
    /// names in brackets.
    public struct MixtureOfExperts: Hashable, Sendable {
        /// `E`, routed experts [experts]
        public var experts: Int
        /// `K`, routed experts each token goes through [experts_per_token]
        public var expertsPerToken: Int
        /// `S`, experts every token goes through [shared_experts]
        public var sharedExperts: Int
        /// `fe`, each routed expert's intermediate width [expert_intermediate_size]
        public var expertIntermediateSize: Int
        /// Each shared expert's intermediate width: `fe` for deepseek and glm4_moe, qwen2_moe's own
        /// `shared_expert_intermediate_size` [shared_expert_intermediate_size]
        public var sharedExpertIntermediateSize: Int
        /// A `d → 1` linear whose sigmoid scales the shared experts' output (qwen2_moe, qwen3_next)
        /// [shared_expert_gate]
        public var sharedExpertGate: Bool
        /// One value per routed expert beside the router's weights: gpt_oss's router bias, and the
        /// score-correction bias of deepseek_v3, glm4_moe, minimax_m2 and ernie4_5_moe [router_bias]
        public var routerBias: Bool
        /// The routed experts' linears have biases (gpt_oss) [expert_bias]
        public var expertBias: Bool

        public init(
            experts: Int, expertsPerToken: Int, sharedExperts: Int = 0, expertIntermediateSize: Int,
            sharedExpertIntermediateSize: Int? = nil, sharedExpertGate: Bool = false, routerBias: Bool = false,
            expertBias: Bool = false
        ) {
            self.experts = experts
            self.expertsPerToken = expertsPerToken
            self.sharedExperts = sharedExperts
            self.expertIntermediateSize = expertIntermediateSize
            self.sharedExpertIntermediateSize = sharedExpertIntermediateSize ?? expertIntermediateSize
            self.sharedExpertGate = sharedExpertGate
            self.routerBias = routerBias
            self.expertBias = expertBias
        }
    }
}
