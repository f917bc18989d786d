/// Bytes a layer stores for its backward pass: Korthikanti et al. (2022) generalised to grouped
/// and latent attention, explicit head widths, gated and mixture-of-experts MLPs, no dropout and
/// FlashAttention. Element size `e` is 2 under mixed precision (4 for pure fp32); dropout masks are
/// 1 byte per value. With the seed's GPT block and dropout this is exactly `34bsd + 5bas²`.
///
/// Stored per layer, and how tensor parallelism (`t`) treats each term:
/// - left whole by tensor parallelism (split over `t` only with sequence parallelism): the inputs
///   of the layer's norms `normsPerLayer·e·bsd`, the attention input `e·bsd`, the MLP input
///   `e·bsd`, the attention and MLP dropout masks `bsd` each;
/// - split over `t`: Q, K (for QKᵀ) and V, the output projection's input, the MLP's internals
///   (standard: activation input and second-linear input `2·e·bs·f`; gated: gate, up and their
///   product `3·e·bs·f`), and the attention core: softmax output `e·bas²`, with dropout its mask
///   `bas²` and output `e·bas²` (without dropout the softmax output itself feeds `·V`);
///   FlashAttention stores none of these `s²` terms, only fp32 softmax statistics `4·bas`.
/// - latent attention also stores its q and kv latents and their norm inputs,
///   `2·e·bs·(q_lora_rank + kv_lora_rank)`, left whole.
/// - a mixture-of-experts MLP stores, left whole, the router's fp32 logits `4·bs·E` and, for the
///   `K` routed experts each token visits, the dispatched input and the expert output `2·K·e·bsd`;
///   split over `t`, each routed and shared expert's internals per token (`(K + S)` of them), as a
///   dense MLP of width `fe` of the spec's kind stores them (gated: `3·e·bs·fe`). Dropless routing:
///   no capacity factor; no expert parallelism (experts split over the tensor ranks like a dense MLP).
///
/// Layers follow the layout: a layer stores the terms of the blocks it has. A recurrent mixer
/// (linear attention, Mamba-2, short convolution) stores, like attention, its input `e·bsd` (and
/// dropout mask) left whole, and split over `t` the outputs of its input projection, of its
/// convolution and the input of its output projection (`RecurrentWidths`); its chunked scan's
/// per-chunk intermediates are not counted. An output gate (qwen3_next) adds its `e·bs·a·hd`.
///
/// Sliding windows do not shrink the `s²` terms: an eager kernel materialises the full masked
/// `s×s` scores, and FlashAttention stores no `s²` terms at all. Per-head q/k norms are not
/// counted (their outputs are Q and K, already counted). Every split term is rounded up to whole
/// bytes per layer.
struct ActivationMemory {
    let spec: ModelSpec
    let b: CheckedInt
    let s: CheckedInt
    let elementBytes: CheckedInt
    let dropout: Bool
    let flashAttention: Bool
    let tensor: Int
    let sequenceParallel: Bool

    /// One layer's stored bytes, split by how tensor parallelism treats them.
    private struct Terms {
        var whole: CheckedInt = 0
        var split: CheckedInt = 0
        /// The attention core's `s²` terms (inside `split`); selective recompute drops them.
        var quadratic: CheckedInt = 0
    }

    private var tokens: CheckedInt { b * s }
    private var d: CheckedInt { CheckedInt(spec.hiddenSize) }
    private var dropoutMask: CheckedInt { dropout ? tokens * d : 0 }

    /// The sequence mixers' terms: attention, a recurrent mixer, or both side by side on one input.
    private func mixerTerms(_ kind: LayerKind) -> Terms {
        var terms = Terms()
        guard kind.attention != nil || kind.recurrent != nil else { return terms }
        let e = elementBytes
        terms.whole = e * tokens * d + dropoutMask
        if kind.attention != nil {
            let shape = AttentionShape(spec)
            terms.whole = terms.whole
                + 2 * e * tokens * (CheckedInt(shape.queryLatentWidth) + CheckedInt(shape.keyValueLatentWidth))
            let heads = CheckedInt(shape.heads)
            if flashAttention {
                terms.quadratic = 0
                terms.split = 4 * b * heads * s
            } else {
                let scores = b * heads * s * s
                terms.quadratic = dropout ? (2 * e + 1) * scores : e * scores
                terms.split = terms.quadratic
            }
            terms.split = terms.split
                + e * tokens * (shape.queryWidth + shape.keyWidth + shape.valueWidth + shape.outputInputWidth
                    + CheckedInt(shape.outputGateWidth))
        }
        if let mixer = kind.recurrent {
            terms.split = terms.split + e * tokens * RecurrentWidths(spec, mixer).stored
        }
        return terms
    }

    private func mlpTerms(_ block: LayerKind.MLP?) -> Terms {
        var terms = Terms()
        guard let block else { return terms }
        let e = elementBytes
        // Standard: activation input and second-linear input; gated: gate, up and their product.
        let storedPerWidth: CheckedInt = spec.mlp == .gated ? 3 : 2
        terms.whole = e * tokens * d + dropoutMask
        switch block {
        case .moe:
            guard let experts = spec.moe else { return terms }
            let routed = CheckedInt(experts.expertsPerToken)
            terms.whole = terms.whole + 4 * tokens * CheckedInt(experts.experts) + 2 * routed * e * tokens * d
            terms.split = storedPerWidth * e * tokens
                * (routed * CheckedInt(experts.expertIntermediateSize)
                    + CheckedInt(experts.sharedExperts) * CheckedInt(experts.sharedExpertIntermediateSize))
        case .dense:
            terms.split = storedPerWidth * e * tokens * CheckedInt(spec.intermediateSize)
        }
        return terms
    }

    /// Bytes one layer of `kind` keeps on one tensor rank. `withoutQuadratic` leaves out the
    /// attention core's `s²` terms (selective recompute).
    func perLayer(_ kind: LayerKind, withoutQuadratic: Bool = false) -> CheckedInt {
        let mixer = mixerTerms(kind)
        let mlp = mlpTerms(kind.mlp)
        let norms = CheckedInt(spec.normsPerLayer) * elementBytes * tokens * d
        let whole = norms + mixer.whole + mlp.whole
        let split = mixer.split + mlp.split - (withoutQuadratic ? mixer.quadratic : 0)
        return whole.dividedRoundingUp(by: sequenceParallel ? tensor : 1) + split.dividedRoundingUp(by: tensor)
    }

    /// A layer's input, all that full recompute keeps: `e·bsd` (split over `t` with sequence
    /// parallelism).
    var layerInput: CheckedInt {
        (elementBytes * tokens * d).dividedRoundingUp(by: sequenceParallel ? tensor : 1)
    }

    /// The embedding's dropout mask `bsd` (0 without dropout).
    var embeddingDropout: CheckedInt {
        dropoutMask.dividedRoundingUp(by: sequenceParallel ? tensor : 1)
    }

    /// fp32 logits for the loss, `4·b·s·V / t`.
    var logits: CheckedInt {
        (4 * tokens * CheckedInt(spec.vocabSize)).dividedRoundingUp(by: tensor)
    }
}

/// Values a recurrent mixer stores per token for its backward pass: its input projection's outputs,
/// its convolution's outputs and its output projection's input.
private struct RecurrentWidths {
    let stored: CheckedInt

    init(_ spec: ModelSpec, _ mixer: LayerKind.Recurrent) {
        let d = CheckedInt(spec.hiddenSize)
        switch mixer {
        case .linearAttention:
            guard let l = spec.linearAttention else {
                stored = 0
                return
            }
            let keys = CheckedInt(l.keyHeads) * CheckedInt(l.keyHeadDim)
            let values = CheckedInt(l.valueHeads) * CheckedInt(l.valueHeadDim)
            switch l.kind {
            case .gatedDeltaNet:
                // q, k, v, z, b, a; the convolved q, k, v; the gated norm's output.
                stored = (2 * keys + 2 * values + 2 * CheckedInt(l.valueHeads)) + (2 * keys + values) + values
            case .lightning:
                // q, k, v; the output gate; the gated output.
                stored = 3 * values + values + values
            }
        case .mamba2:
            guard let m = spec.mamba else {
                stored = 0
                return
            }
            let inner = CheckedInt(m.innerWidth)
            let channels = CheckedInt(m.convolutionChannels)
            stored = (inner + channels + CheckedInt(m.heads)) + channels + inner
        case .shortConvolution:
            stored = 3 * d + d + d
        }
    }
}
