import Estimation

/// The computation behind one `POST /v1/network` for ResNet-50 at batch 32 in bf16 on an H100 SXM
/// (per-layer table, totals, training memory and the roofline latency), through the Estimation
/// library directly: from the preset's resolved graph, and from its spec (resolving names, shapes
/// and counts first, as a posted spec is).
struct NetworkWorkload {
    let preset: NetworkPreset
    let options: NetworkOptions

    /// Nil when the preset or the hardware is missing from the catalogues.
    init?(preset: String = "resnet50", hardware: String = "h100-sxm") {
        guard let network = NetworkPresets.named(preset), let accelerator = HardwareCatalogue.named(hardware) else {
            return nil
        }
        self.preset = network
        options = NetworkOptions(batchSize: 32, dtype: .bf16, accelerator: accelerator)
    }

    /// The estimate of the preset's resolved graph. Returns a number drawn from it so that it
    /// cannot be optimised away.
    func estimate() throws(EstimationError) -> Double {
        let estimate = try NetworkEstimator.estimate(preset.network, options)
        return Double(estimate.totals.flops) + (estimate.latency?.seconds ?? 0)
    }

    /// Resolving the spec (every name, shape and count), then the estimate.
    func resolveAndEstimate() throws(EstimationError) -> Double {
        let estimate = try NetworkEstimator.estimate(try Network(resolving: preset.network.spec), options)
        return Double(estimate.totals.flops) + (estimate.latency?.seconds ?? 0)
    }
}
