extension ModelSpec {
    /// The mixer of `linear_attention` layers: attention without softmax, whose cache is a fixed
    /// `dk × dv` state per value head instead of keys and values. JSON names in brackets.
    ///
    /// - `gatedDeltaNet` (qwen3_next's `Qwen3NextGatedDeltaNet`): `in_proj_qkvz` (`d → 2·Hk·dk +
    ///   2·Hv·dv`), `in_proj_ba` (`d → 2·Hv`), a depthwise causal convolution of `K` taps over q, k
    ///   and v, `dt_bias` and `A_log` (`Hv` each), a gated RMSNorm of `dv`, `out_proj`
    ///   (`Hv·dv → d`). Cache: the convolution's last `K` inputs, in the cache type, and an fp32
    ///   state `Hv·dk·dv`.
    /// - `lightning` (minimax's `MiniMaxLightningAttention`): `qkv_proj` (`d → 3·H·dh`), an RMSNorm
    ///   of `H·dh`, a sigmoid `output_gate` (`d → H·dh`), `out_proj`; `Hk = Hv = H`, `dk = dv = dh`,
    ///   no convolution. Cache: the state `H·dh·dh` in the cache type.
    public struct LinearAttention: Hashable, Sendable {
        /// [kind]
        public var kind: Kind
        /// `Hk` [key_heads]
        public var keyHeads: Int
        /// `Hv` [value_heads]
        public var valueHeads: Int
        /// `dk` [key_head_dim]
        public var keyHeadDim: Int
        /// `dv` [value_head_dim]
        public var valueHeadDim: Int
        /// `K`, taps of the causal convolution over q, k and v; 0 for none [conv_kernel]
        public var convolutionKernel: Int
        /// Tokens per chunk of the chunked (parallel) form that a forward pass runs: 64 for the gated
        /// delta rule, minimax's `block_size` (256) for lightning. It decides the matrix products the
        /// pass multiplies [chunk_size]
        public var chunkSize: Int

        public enum Kind: String, Hashable, Sendable, CaseIterable {
            case gatedDeltaNet = "gated_delta_net"
            case lightning
        }

        public init(
            kind: Kind, keyHeads: Int, valueHeads: Int, keyHeadDim: Int, valueHeadDim: Int, convolutionKernel: Int,
            chunkSize: Int
        ) {
            self.kind = kind
            self.keyHeads = keyHeads
            self.valueHeads = valueHeads
            self.keyHeadDim = keyHeadDim
            self.valueHeadDim = valueHeadDim
            self.convolutionKernel = convolutionKernel
            self.chunkSize = chunkSize
        }
    }

    /// The mixer of `mamba2` layers (Mamba-2's state-space duality block, as nemotron_h's and
    /// falcon_h1's `Mamba2Mixer`): `in_proj` (`d → 2·I + 2·G·N + H`, `I = H·P`), a depthwise causal
    /// convolution of `K` taps over `I + 2·G·N` channels, `dt_bias`, `A_log` and `D` (`H` each), an
    /// optional gated RMSNorm of `I`, `out_proj` (`I → d`). Cache: the convolution's last `K`
    /// inputs, in the cache type, and an fp32 state `H·P·N`. JSON names in brackets.
    public struct Mamba2: Hashable, Sendable {
        /// `H` [heads]
        public var heads: Int
        /// `P` [head_dim]
        public var headDim: Int
        /// `N` [state_size]
        public var stateSize: Int
        /// `G`, groups sharing B and C [groups]
        public var groups: Int
        /// `K` [conv_kernel]
        public var convolutionKernel: Int
        /// The convolution has a bias [conv_bias]
        public var convolutionBias: Bool
        /// `in_proj` has a bias [in_proj_bias]
        public var inputProjectionBias: Bool
        /// `out_proj` has a bias (falcon_h1's `projectors_bias`, apart from its `mamba_proj_bias`)
        /// [out_proj_bias]
        public var outputProjectionBias: Bool
        /// A gated RMSNorm of `I` before `out_proj` [gated_norm]
        public var gatedNorm: Bool
        /// Tokens per chunk of the state-space-duality scan [chunk_size]
        public var chunkSize: Int

        public init(
            heads: Int, headDim: Int, stateSize: Int, groups: Int, convolutionKernel: Int, convolutionBias: Bool,
            inputProjectionBias: Bool, outputProjectionBias: Bool, gatedNorm: Bool, chunkSize: Int
        ) {
            self.heads = heads
            self.headDim = headDim
            self.stateSize = stateSize
            self.groups = groups
            self.convolutionKernel = convolutionKernel
            self.convolutionBias = convolutionBias
            self.inputProjectionBias = inputProjectionBias
            self.outputProjectionBias = outputProjectionBias
            self.gatedNorm = gatedNorm
            self.chunkSize = chunkSize
        }

        /// `I = H·P`.
        var innerWidth: Int { heads &* headDim }
        /// Channels the convolution sees: `I + 2·G·N`.
        var convolutionChannels: Int { innerWidth &+ 2 &* groups &* stateSize }
    }

    /// The mixer of `short_conv` layers (lfm2's `Lfm2ShortConv`): `in_proj` (`d → 3d`) splits into
    /// two gates and an input, a depthwise causal convolution of `K` taps over `d` channels gated on
    /// both sides, `out_proj` (`d → d`). Cache: the convolution's last `K` inputs, in the cache type.
    /// JSON names in brackets.
    public struct ShortConvolution: Hashable, Sendable {
        /// `K` [conv_kernel]
        public var convolutionKernel: Int
        /// The projections and the convolution have biases [bias]
        public var bias: Bool

        public init(convolutionKernel: Int, bias: Bool) {
            self.convolutionKernel = convolutionKernel
            self.bias = bias
        }
    }
}
