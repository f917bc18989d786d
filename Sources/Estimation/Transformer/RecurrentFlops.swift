/// FLOPs of one recurrent mixer layer (linear attention, Mamba-2, short convolution), 2 per
/// multiply-accumulate, counted as the chunked forward pass multiplies (the reference algorithms
/// transformers runs and PyTorch's FLOP counter sees, and the same chunking as the fla and
/// mamba_ssm kernels):
///
/// - Projections: every linear into and out of the mixer, `2·b·s·in·out` each.
/// - Causal convolutions: PyTorch's depthwise `conv1d` padded by `K − 1` on both sides and cut back
///   to `s`, so `s + K − 1` outputs of `K` taps per channel: `2·b·(s + K − 1)·channels·K`.
/// - Gated delta rule, per value head and chunk of `C` (the sequence padded to whole chunks):
///   `k_β·kᵀ` and `q·kᵀ` (`2·C²·dk` each), the intra-chunk output (`2·C²·dv`), and reading,
///   applying and updating the state (`3 · 2·C·dk·dv`). The triangular solve is not a matrix
///   product and is not counted.
/// - Lightning attention, per head and block of `C` (the last one shorter, no padding): `q·kᵀ` and
///   its product with `v` (`2·c²·dh` each), reading and updating the state (`2 · 2·c·dh²`).
/// - Mamba-2's state-space duality, per head over `n = ⌈s/L⌉` chunks of `L`: `C·Bᵀ` (`2·L²·N`),
///   its product with `x` (`2·L²·P`), the chunk states and their read-out (`2 · 2·L·N·P`), and the
///   inter-chunk recurrence over `n + 1` states (`2·(n+1)²·P·N`).
///
/// `step` is one generated token with the state cached: the projections, one convolution output,
/// and the recurrent update and read-out (`6·dk·dv` per head for the gated delta rule, `4·dh²` for
/// lightning, `4·P·N` for Mamba-2). It is not checked against transformers, whose single-token path
/// multiplies elementwise.
struct RecurrentFlops {
    private let d: Double
    private let linear: ModelSpec.LinearAttention?
    private let mamba: ModelSpec.Mamba2?
    private let shortConvolution: ModelSpec.ShortConvolution?

    /// A forward pass over `s` tokens: the projections, the causal convolution, and the chunked scan.
    struct Forward {
        var projections: Double
        var convolution: Double
        var scan: Double
    }

    /// One token with the state cached: the projections, one convolution output, and the state's
    /// update and read-out.
    struct Step {
        var projections: Double
        var convolution: Double
        var state: Double

        var total: Double { projections + convolution + state }
    }

    init(_ spec: ModelSpec) {
        d = Double(spec.hiddenSize)
        linear = spec.linearAttention
        mamba = spec.mamba
        shortConvolution = spec.shortConvolution
    }

    func forward(_ mixer: LayerKind.Recurrent, batch b: Double, sequence s: Double) -> Forward {
        let projections = 2 * b * s * projectionMACsPerToken(mixer)
        let convolution = 2 * b * (s + convolutionKernel(mixer) - 1) * convolutionChannels(mixer) * convolutionKernel(mixer)
        switch mixer {
        case .linearAttention:
            guard let linear else { return Forward(projections: 0, convolution: 0, scan: 0) }
            let dk = Double(linear.keyHeadDim)
            let dv = Double(linear.valueHeadDim)
            let c = Double(linear.chunkSize)
            switch linear.kind {
            case .gatedDeltaNet:
                let chunks = (s / c).rounded(.up)
                let perChunk = 4 * c * c * dk + 2 * c * c * dv + 6 * c * dk * dv
                return Forward(
                    projections: projections, convolution: convolution,
                    scan: b * Double(linear.valueHeads) * chunks * perChunk)
            case .lightning:
                let whole = (s / c).rounded(.down)
                let rest = s - whole * c
                let squares = whole * c * c + rest * rest
                return Forward(
                    projections: projections, convolution: convolution,
                    scan: b * Double(linear.valueHeads) * (4 * squares * dk + 4 * s * dk * dv))
            }
        case .mamba2:
            guard let mamba else { return Forward(projections: 0, convolution: 0, scan: 0) }
            let l = Double(mamba.chunkSize)
            let n = Double(mamba.stateSize)
            let p = Double(mamba.headDim)
            let chunks = (s / l).rounded(.up)
            let scan = chunks * (2 * l * l * n + 2 * l * l * p + 4 * l * n * p) + 2 * (chunks + 1) * (chunks + 1) * p * n
            return Forward(projections: projections, convolution: convolution, scan: b * Double(mamba.heads) * scan)
        case .shortConvolution:
            return Forward(projections: projections, convolution: convolution, scan: 0)
        }
    }

    /// One token with the state cached.
    func step(_ mixer: LayerKind.Recurrent) -> Step {
        var state = 0.0
        switch mixer {
        case .linearAttention:
            if let linear {
                let perHead = Double(linear.keyHeadDim) * Double(linear.valueHeadDim)
                state = Double(linear.valueHeads) * perHead * (linear.kind == .gatedDeltaNet ? 6 : 4)
            }
        case .mamba2:
            if let mamba { state = 4 * Double(mamba.heads) * Double(mamba.headDim) * Double(mamba.stateSize) }
        case .shortConvolution:
            break
        }
        return Step(
            projections: 2 * projectionMACsPerToken(mixer),
            convolution: 2 * convolutionChannels(mixer) * convolutionKernel(mixer), state: state)
    }

    /// Values the mixer's inner norms normalise per token (for the elementwise estimate).
    func normalisedPerToken(_ mixer: LayerKind.Recurrent) -> Double {
        switch mixer {
        case .linearAttention: linear.map { Double($0.valueHeads * $0.valueHeadDim) } ?? 0
        case .mamba2: mamba.map { $0.gatedNorm ? Double($0.innerWidth) : 0 } ?? 0
        case .shortConvolution: 0
        }
    }

    private func projectionMACsPerToken(_ mixer: LayerKind.Recurrent) -> Double {
        inputMACsPerToken(mixer) + outputMACsPerToken(mixer)
    }

    /// Multiply-accumulates per token of every linear into the mixer: gated DeltaNet's
    /// `in_proj_qkvz` and `in_proj_ba`, lightning's `qkv_proj` and `output_gate`, Mamba-2's and the
    /// short convolution's `in_proj`.
    func inputMACsPerToken(_ mixer: LayerKind.Recurrent) -> Double {
        switch mixer {
        case .linearAttention:
            guard let linear else { return 0 }
            let keys = Double(linear.keyHeads * linear.keyHeadDim)
            let values = Double(linear.valueHeads * linear.valueHeadDim)
            switch linear.kind {
            case .gatedDeltaNet: return d * (2 * keys + 2 * values + 2 * Double(linear.valueHeads))
            case .lightning: return 4 * d * values
            }
        case .mamba2:
            guard let mamba else { return 0 }
            return d * (Double(mamba.innerWidth) + Double(mamba.convolutionChannels) + Double(mamba.heads))
        case .shortConvolution:
            return 3 * d * d
        }
    }

    /// Multiply-accumulates per token of the mixer's `out_proj`.
    func outputMACsPerToken(_ mixer: LayerKind.Recurrent) -> Double {
        switch mixer {
        case .linearAttention: linear.map { Double($0.valueHeads * $0.valueHeadDim) * d } ?? 0
        case .mamba2: mamba.map { Double($0.innerWidth) * d } ?? 0
        case .shortConvolution: d * d
        }
    }

    /// Channels the causal convolution runs over (0 without one).
    func convolutionChannels(_ mixer: LayerKind.Recurrent) -> Double {
        switch mixer {
        case .linearAttention:
            guard let linear, linear.convolutionKernel > 0 else { return 0 }
            return Double(2 * linear.keyHeads * linear.keyHeadDim + linear.valueHeads * linear.valueHeadDim)
        case .mamba2: return mamba.map { Double($0.convolutionChannels) } ?? 0
        case .shortConvolution: return shortConvolution == nil ? 0 : d
        }
    }

    /// `K`, the convolution's taps (0 without one).
    func convolutionKernel(_ mixer: LayerKind.Recurrent) -> Double {
        switch mixer {
        case .linearAttention: Double(linear?.convolutionKernel ?? 0)
        case .mamba2: Double(mamba?.convolutionKernel ?? 0)
        case .shortConvolution: Double(shortConvolution?.convolutionKernel ?? 0)
        }
    }
}
