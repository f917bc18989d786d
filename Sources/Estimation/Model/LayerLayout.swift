/// Which layers are dense or mixture-of-experts, and which attend through a sliding window.
/// Dense layers come first (deepseek's `first_k_dense_replace`); with a sliding window, layer `i`
/// is global when `globalAttentionEvery > 0` and `(i + 1) % globalAttentionEvery == 0`.
struct LayerLayout {
    let layers: Int
    let denseLayers: Int
    let slidingLayers: Int
    var moeLayers: Int { layers - denseLayers }
    var globalLayers: Int { layers - slidingLayers }

    init(_ spec: ModelSpec) {
        layers = spec.layers
        denseLayers = spec.moe.map { Swift.min(Swift.max($0.denseLayers, 0), spec.layers) } ?? spec.layers
        if spec.slidingWindow == nil {
            slidingLayers = 0
        } else if spec.globalAttentionEvery > 0 {
            slidingLayers = spec.layers - spec.layers / spec.globalAttentionEvery
        } else {
            slidingLayers = spec.layers
        }
    }

    /// Dense and MoE layers among `range` (layer indices).
    func kinds(in range: Range<Int>) -> (dense: Int, moe: Int) {
        let dense = Swift.max(0, Swift.min(range.upperBound, denseLayers) - range.lowerBound)
        return (dense, range.count - dense)
    }
}
