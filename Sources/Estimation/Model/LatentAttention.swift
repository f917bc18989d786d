extension ModelSpec {
    /// Low-rank latent attention (deepseek_v2/v3): queries through an optional low-rank bottleneck,
    /// keys and values expanded from one cached latent. JSON names in brackets.
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
}
