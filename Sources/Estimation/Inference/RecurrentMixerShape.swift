/// The widths a recurrent mixer's operators move per token (docs/inference.md, "Recurrent
/// layers"), beside the FLOPs `RecurrentFlops` counts for them:
///
/// - gated DeltaNet: `in_proj_qkvz` and `in_proj_ba` write `2·Hk·dk + 2·Hv·dv + 2·Hv`; the
///   convolution runs over q, k and v; the scan reads them and β and g, and writes `Hv·dv`;
/// - lightning: `qkv_proj` and `output_gate` write `4·H·dh`; the scan reads q, k and v and writes
///   `H·dh`;
/// - Mamba-2: `in_proj` writes z, x·B·C and dt (`2·I + 2·G·N + H`); the convolution runs over
///   x·B·C; the scan reads them and dt, and writes `I`;
/// - short convolution: `in_proj` writes two gates and the input (`3d`); the convolution runs
///   over `d` and writes what `out_proj` reads. Its gating products are not counted apart.
struct RecurrentMixerShape {
    /// Values the input projections write per token, and their kernels.
    private(set) var inputWidth = 0
    private(set) var inputKernels = 0
    /// Channels of the causal convolution and its taps (0 for none).
    private(set) var convolutionChannels = 0
    private(set) var convolutionKernel = 0
    /// Values the scan reads and writes per token; 0 for a mixer without one.
    private(set) var scanInputWidth = 0
    private(set) var scanOutputWidth = 0
    /// Input width of `out_proj`.
    private(set) var outputWidth = 0
    /// Whether a gated norm runs before `out_proj`.
    private(set) var hasNorm = false
    /// What one layer keeps per sequence.
    let cache: RecurrentCache
    /// Heads that tensor parallelism splits, which it must split evenly. Mamba-2's groups of B and
    /// C are split alike, except a single group, which every rank keeps whole as vLLM does (its
    /// `2N` channels of the convolution, a few percent, the tables still divide).
    private(set) var heads: [(name: String, count: Int)] = []

    init(_ spec: ModelSpec, _ mixer: LayerKind.Recurrent) {
        cache = RecurrentCache(spec, mixer)
        let d = spec.hiddenSize
        switch mixer {
        case .linearAttention:
            guard let l = spec.linearAttention else { return }
            let keys = l.keyHeads * l.keyHeadDim
            let values = l.valueHeads * l.valueHeadDim
            switch l.kind {
            case .gatedDeltaNet:
                inputWidth = 2 * keys + 2 * values + 2 * l.valueHeads
                convolutionChannels = l.convolutionKernel > 0 ? 2 * keys + values : 0
                scanInputWidth = 2 * keys + values + 2 * l.valueHeads
                heads = [("linear_attention.key_heads", l.keyHeads), ("linear_attention.value_heads", l.valueHeads)]
            case .lightning:
                inputWidth = 4 * values
                convolutionChannels = 0
                scanInputWidth = 3 * values
                heads = [("linear_attention.value_heads", l.valueHeads)]
            }
            inputKernels = 2
            convolutionKernel = convolutionChannels > 0 ? l.convolutionKernel : 0
            scanOutputWidth = values
            outputWidth = values
            hasNorm = true
        case .mamba2:
            guard let m = spec.mamba else { return }
            inputWidth = m.innerWidth + m.convolutionChannels + m.heads
            inputKernels = 1
            convolutionChannels = m.convolutionChannels
            convolutionKernel = m.convolutionKernel
            scanInputWidth = m.convolutionChannels + m.heads
            scanOutputWidth = m.innerWidth
            outputWidth = m.innerWidth
            hasNorm = m.gatedNorm
            heads = [("mamba.heads", m.heads)] + (m.groups > 1 ? [("mamba.groups", m.groups)] : [])
        case .shortConvolution:
            inputWidth = 3 * d
            inputKernels = 1
            convolutionChannels = spec.shortConvolution == nil ? 0 : d
            convolutionKernel = spec.shortConvolution?.convolutionKernel ?? 0
            outputWidth = d
        }
    }
}
