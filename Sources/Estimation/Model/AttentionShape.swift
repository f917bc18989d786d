/// The widths one layer's softmax attention works with, per token, for standard (multi-head,
/// grouped or multi-query) and low-rank latent attention alike, so that parameters, FLOPs,
/// activations and the KV cache read the same numbers.
struct AttentionShape {
    /// `a`
    let heads: Int
    /// Per-head width of queries and keys: `hd`, or `qk_nope_head_dim + qk_rope_head_dim` (latent).
    let scoreHeadDim: Int
    /// Per-head width of values: `hd`, or `v_head_dim` (latent).
    let valueHeadDim: Int
    /// Key/value heads: `k`; latent attention expands its cache to all `a` heads.
    let keyValueHeads: Int
    /// Multiply-accumulates per token of everything that produces Q, K and V (latent attention:
    /// the down- and up-projections), an output gate included.
    /// (A count of work, so a `Double` like every FLOPs figure.)
    let projectionMACsPerToken: Double
    /// Multiply-accumulates per token of the output projection: `a·v_hd·d`.
    let outputMACsPerToken: Double
    /// Widths of the low-rank latents (q, then kv); 0 for standard attention.
    let queryLatentWidth: Int
    let keyValueLatentWidth: Int
    /// Values one layer caches per token: `2·k·hd`, or `kv_lora_rank + qk_rope_head_dim` (latent,
    /// cached once and shared by every head).
    let cachedValuesPerToken: CheckedInt
    /// The output gate's width, `a·hd` (qwen3_next), or 0.
    let outputGateWidth: Int

    var queryWidth: CheckedInt { CheckedInt(heads) * CheckedInt(scoreHeadDim) }
    var keyWidth: CheckedInt { CheckedInt(keyValueHeads) * CheckedInt(scoreHeadDim) }
    var valueWidth: CheckedInt { CheckedInt(keyValueHeads) * CheckedInt(valueHeadDim) }
    /// Input width of the output projection: `a·v_hd`.
    var outputInputWidth: CheckedInt { CheckedInt(heads) * CheckedInt(valueHeadDim) }

    init(_ spec: ModelSpec) {
        let d = Double(spec.hiddenSize)
        let a = Double(spec.attentionHeads)
        heads = spec.attentionHeads
        if let latent = spec.latentAttention {
            let qk = latent.qkNopeHeadDim + latent.qkRopeHeadDim
            scoreHeadDim = qk
            valueHeadDim = latent.vHeadDim
            keyValueHeads = spec.attentionHeads
            let qRank = Double(latent.qLoraRank)
            let query = latent.qLoraRank > 0 ? d * qRank + qRank * a * Double(qk) : d * a * Double(qk)
            let kvDown = d * Double(latent.kvLoraRank + latent.qkRopeHeadDim)
            let kvUp = Double(latent.kvLoraRank) * a * Double(latent.qkNopeHeadDim + latent.vHeadDim)
            projectionMACsPerToken = query + kvDown + kvUp
            queryLatentWidth = latent.qLoraRank
            keyValueLatentWidth = latent.kvLoraRank
            cachedValuesPerToken = CheckedInt(latent.kvLoraRank) + CheckedInt(latent.qkRopeHeadDim)
            outputGateWidth = 0
        } else {
            scoreHeadDim = spec.headDim
            valueHeadDim = spec.headDim
            keyValueHeads = spec.kvHeads
            outputGateWidth = spec.attentionOutputGate ? spec.attentionHeads &* spec.headDim : 0
            let hd = Double(spec.headDim)
            projectionMACsPerToken = d * (a * hd + 2 * Double(spec.kvHeads) * hd + Double(outputGateWidth))
            queryLatentWidth = 0
            keyValueLatentWidth = 0
            cachedValuesPerToken = 2 * CheckedInt(spec.kvHeads) * CheckedInt(spec.headDim)
        }
        outputMACsPerToken = a * Double(valueHeadDim) * d
    }

    /// Values the q/k norms normalise per token (for the elementwise estimate).
    func normalisedByQKNorms(_ spec: ModelSpec) -> Int {
        spec.qkNorm == nil ? 0 : (heads + keyValueHeads) * scoreHeadDim
    }
}
