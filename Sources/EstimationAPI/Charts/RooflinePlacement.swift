import Charts
import Estimation

/// What every roofline chart of the service shares: the roofs a device's figures give, named after
/// it, and an operator placed where `Roofs.place` put it.
enum RooflinePlacement {
    /// The spec sheet's roofs (solid) and, when the hardware was measured, the measured ones (dashed).
    static func roofs(device: String, precision: Precision, spec: Roofs, measured: Roofs?) -> [RooflineChart.Roof] {
        var roofs = [roof("\(device) spec sheet, \(precision.rawValue)", spec, .specSheet)]
        if let measured { roofs.append(roof("\(device) measured, \(precision.rawValue)", measured, .measured)) }
        return roofs
    }

    private static func roof(_ name: String, _ roofs: Roofs, _ source: RooflineChart.Source) -> RooflineChart.Roof {
        RooflineChart.Roof(
            name: name, peakFLOPsPerSecond: roofs.peakFlopsPerSecond, bandwidthBytesPerSecond: roofs.bandwidthBytesPerSecond,
            source: source)
    }

    /// An operator at its intensity and the FLOP/s the roofs let it attain.
    static func placed(_ name: String, _ point: RooflinePoint) -> RooflineChart.Operator {
        RooflineChart.Operator(
            name: name, arithmeticIntensity: point.intensity, achievedFLOPsPerSecond: point.attainableFlopsPerSecond,
            bound: point.bound == .compute ? .compute : .memory)
    }
}
