/// What one decoder layer is made of: a sequence mixer (softmax attention, a recurrent mixer, or
/// both side by side) and a channel mixer (a dense MLP or a mixture of experts). The widths live in
/// `ModelSpec`; a layer only says which of the spec's blocks it has, so that a layout of many layers
/// stays a short list of kinds. JSON names in brackets.
///
/// The kinds the families in `HFConfigImporter.exactFamilies` use:
/// - `attention: .full, mlp: .dense`: every layer of llama, gpt2, …;
/// - `.sliding` / `.chunked` attention: mistral's and gemma's windows, llama4's chunked layers;
/// - `rotary: false`: layers that skip rotary positions (llama4's and smollm3's NoPE layers);
/// - `recurrent: .linearAttention`: qwen3_next's gated DeltaNet and minimax's lightning layers;
/// - `recurrent: .mamba2`: nemotron_h's `M` layers, and with `attention` side by side, falcon_h1's;
/// - `recurrent: .shortConvolution`: lfm2's `conv` layers;
/// - `mlp: nil`: nemotron_h's mixer-only layers; `attention: nil, recurrent: nil`: its MLP-only layers.
public struct LayerKind: Hashable, Sendable {
    /// Softmax attention, and over which keys [attention]; nil for a layer without it.
    public var attention: Attention?
    /// Whether the attention applies the spec's rotary positions [rotary]. False for a NoPE layer; it
    /// means nothing for a layer without attention or a spec without rotary positions, where the
    /// canonical form keeps it true.
    public var rotary: Bool
    /// A recurrent sequence mixer, whose cache is a fixed-size state rather than keys and values
    /// [recurrent]; nil for none.
    public var recurrent: Recurrent?
    /// The channel mixer [mlp]; nil for a layer without one.
    public var mlp: MLP?

    public enum Attention: String, Hashable, Sendable, CaseIterable {
        /// Every earlier token.
        case full
        /// The last `sliding_window` tokens (`ModelSpec.slidingWindow`).
        case sliding
        /// The tokens of the query's own chunk of `attention_chunk` (`ModelSpec.attentionChunk`),
        /// llama4's local layers.
        case chunked
    }

    public enum Recurrent: String, Hashable, Sendable, CaseIterable {
        /// `ModelSpec.linearAttention`.
        case linearAttention = "linear_attention"
        /// `ModelSpec.mamba`.
        case mamba2
        /// `ModelSpec.shortConvolution`.
        case shortConvolution = "short_conv"
    }

    public enum MLP: String, Hashable, Sendable, CaseIterable {
        /// `ModelSpec.intermediateSize` wide, of the spec's `mlp` kind.
        case dense
        /// `ModelSpec.moe`.
        case moe
    }

    public init(attention: Attention? = .full, rotary: Bool = true, recurrent: Recurrent? = nil, mlp: MLP? = .dense) {
        self.attention = attention
        self.rotary = rotary
        self.recurrent = recurrent
        self.mlp = mlp
    }

    /// Full attention and a dense MLP: every layer of the seed's GPT block.
    public static let standard = LayerKind()

    /// Whether the layer holds anything at all (validation refuses an empty one).
    var isEmpty: Bool { attention == nil && recurrent == nil && mlp == nil }
}
