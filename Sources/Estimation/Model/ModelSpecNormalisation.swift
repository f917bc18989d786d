extension ModelSpec {
    /// The canonical form of this spec: what it means, said one way. `init` returns it, so that two
    /// inputs describing the same architecture are equal specs and hash alike.
    ///
    /// - A block no layer uses is dropped: the window without `sliding` layers, the chunk without
    ///   `chunked` ones, the experts without `moe` layers, a recurrent mixer without its layers,
    ///   quantised experts without experts.
    /// - A width nothing uses takes a fixed value: without dense layers, `intermediate_size` is the
    ///   expert width; without shared experts, their width is the routed experts' and there is no
    ///   shared-expert gate; under latent attention, `head_dim` is `qk_nope_head_dim +
    ///   qk_rope_head_dim` and `kv_heads` is `attention_heads` (what it caches and scores with).
    /// - A layer's `rotary` flag is true wherever it cannot matter: without attention, or in a spec
    ///   without rotary positions.
    public var normalised: ModelSpec {
        var spec = self
        let kinds = layout.distinctKinds.map(\.kind)
        func uses(_ predicate: (LayerKind) -> Bool) -> Bool { kinds.contains(where: predicate) }
        if !uses({ $0.attention == .sliding }) { spec.slidingWindow = nil }
        if !uses({ $0.attention == .chunked }) { spec.attentionChunk = nil }
        if !uses({ $0.recurrent == .linearAttention }) { spec.linearAttention = nil }
        if !uses({ $0.recurrent == .mamba2 }) { spec.mamba = nil }
        if !uses({ $0.recurrent == .shortConvolution }) { spec.shortConvolution = nil }
        if !uses({ $0.mlp == .moe }) { spec.moe = nil }
        if var moe = spec.moe {
            if !uses({ $0.mlp == .dense }) { spec.intermediateSize = moe.expertIntermediateSize }
            if moe.sharedExperts == 0 {
                moe.sharedExpertIntermediateSize = moe.expertIntermediateSize
                moe.sharedExpertGate = false
            }
            spec.moe = moe
        } else if spec.quantizedWeights?.scope == .routedExperts {
            spec.quantizedWeights = nil
        }
        if let latent = spec.latentAttention {
            spec.headDim = latent.qkNopeHeadDim &+ latent.qkRopeHeadDim
            spec.kvHeads = spec.attentionHeads
        }
        if uses({ !$0.rotary && ($0.attention == nil || spec.rotaryDim == 0) }) {
            spec.layout = layout.map { kind in
                var kind = kind
                if kind.attention == nil || spec.rotaryDim == 0 { kind.rotary = true }
                return kind
            }
        }
        return spec
    }
}
