import Charts
import Estimation

/// `/v1/roofline`'s chart: every operator at its arithmetic intensity and the FLOP/s the spec
/// sheet's roofs let it attain (the answer's `attainable_flops_per_second`), under those roofs and,
/// when the hardware has measured figures, under the measured roofs too, whose lower ceiling and
/// moved ridge show how far below the spec sheet real kernels stay.
enum RooflineEstimateChart {
    static func chart(_ accelerator: Accelerator, _ result: RooflineEstimate) -> RooflineChart {
        let device = ChartNames.device(accelerator)
        let count = result.operators.count == 1 ? "1 operator" : "\(result.operators.count) operators"
        return RooflineChart(
            title: "\(count) on the \(device) roofline, \(result.precision.rawValue) (attainable at the spec sheet's roofs)",
            roofs: RooflinePlacement.roofs(
                device: device, precision: result.precision, spec: result.roofs, measured: result.measuredRoofs),
            operators: result.operators.map { RooflinePlacement.placed($0.operation.name, $0.point) })
    }
}
