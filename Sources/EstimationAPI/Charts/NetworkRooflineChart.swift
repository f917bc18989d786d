import Charts
import Estimation

/// `/v1/network`'s chart: every layer on the device's roofline, placed by its arithmetic intensity
/// and the FLOP/s the roofline model lets it attain (modelled, not measured).
enum NetworkRooflineChart {
    static func chart(_ subject: NetworkEndpoint.Subject, _ result: NetworkEstimate) throws(EstimationError) -> RooflineChart {
        guard let latency = result.latency, let hardware = result.options.accelerator else {
            throw ChartNames.hardwareRequired(for: "roofline chart")
        }
        let device = ChartNames.device(hardware)
        let names = result.network.spec.layers.map(\.name)
        var operators: [RooflineChart.Operator] = []
        for (name, layer) in zip(names, result.layers) {
            guard let point = layer.roofline else { continue }
            operators.append(.init(
                name: name, arithmeticIntensity: point.intensity,
                achievedFLOPsPerSecond: point.attainableFlopsPerSecond,
                bound: point.bound == .compute ? .compute : .memory))
        }
        let network = subject.preset?.displayName ?? "a custom network"
        let precision = latency.precision.rawValue
        return RooflineChart(
            title: "\(network) per layer on \(device), batch \(result.options.batchSize), \(precision) (attainable, modelled)",
            roofs: [
                .init(
                    name: "\(device) spec sheet, \(precision)", peakFLOPsPerSecond: latency.roofs.peakFlopsPerSecond,
                    bandwidthBytesPerSecond: latency.roofs.bandwidthBytesPerSecond, source: .specSheet),
            ],
            operators: operators)
    }
}
