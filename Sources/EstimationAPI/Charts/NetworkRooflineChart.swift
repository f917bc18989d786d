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
            operators.append(RooflinePlacement.placed(name, point))
        }
        let network = subject.preset?.displayName ?? "a custom network"
        return RooflineChart(
            title: "\(network) per layer on \(device), batch \(result.options.batchSize), \(latency.precision.rawValue) (attainable, modelled)",
            roofs: RooflinePlacement.roofs(device: device, precision: latency.precision, spec: latency.roofs, measured: nil),
            operators: operators)
    }
}
