/// A roofline: attainable FLOP/s against arithmetic intensity (FLOP per byte moved), both axes
/// logarithmic, with each roof drawn as `min(peak, bandwidth × intensity)` and each operator placed by
/// its intensity and achieved FLOP/s.
///
/// Roofs from spec sheets are solid, measured roofs dashed; each is named on the chart and in the
/// legend (peak, bandwidth), and its ridge point (where the slope meets the flat roof) is marked and
/// labelled. Operators are coloured and shaped by what bounds them (compute: blue circle, memory:
/// vermillion triangle); the first `ChartLimits.labelledOperators` get a name label where one fits
/// without overlapping, every operator has a tooltip. Operators whose intensity or FLOP/s is zero,
/// negative or not finite cannot be placed on logarithmic axes: they are left out and counted in a
/// note. Roofs with such a peak or bandwidth are left out likewise.
public struct RooflineChart: SVGChart, RenderableChart, Hashable {
    /// Where a roof's numbers come from.
    public enum Source: String, Hashable, Sendable {
        /// The vendor's peak figures: drawn solid.
        case specSheet = "spec sheet"
        /// Measured ceilings (a large matmul, a device-to-device copy): drawn dashed.
        case measured
    }

    /// What limits an operator.
    public enum Bound: String, Hashable, Sendable {
        case compute
        case memory
    }

    public struct Roof: Hashable, Sendable {
        /// "H200 spec sheet", "H200 measured".
        public var name: String
        public var peakFLOPsPerSecond: Double
        public var bandwidthBytesPerSecond: Double
        public var source: Source

        public init(name: String, peakFLOPsPerSecond: Double, bandwidthBytesPerSecond: Double, source: Source) {
            self.name = name
            self.peakFLOPsPerSecond = peakFLOPsPerSecond
            self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
            self.source = source
        }

        /// The intensity where the slope meets the flat roof: peak ÷ bandwidth.
        public var ridgeIntensity: Double { peakFLOPsPerSecond / bandwidthBytesPerSecond }
    }

    public struct Operator: Hashable, Sendable {
        public var name: String
        /// FLOPs per byte moved to and from memory.
        public var arithmeticIntensity: Double
        public var achievedFLOPsPerSecond: Double
        public var bound: Bound

        public init(name: String, arithmeticIntensity: Double, achievedFLOPsPerSecond: Double, bound: Bound) {
            self.name = name
            self.arithmeticIntensity = arithmeticIntensity
            self.achievedFLOPsPerSecond = achievedFLOPsPerSecond
            self.bound = bound
        }
    }

    public var title: String
    public var roofs: [Roof]
    public var operators: [Operator]

    public init(title: String, roofs: [Roof], operators: [Operator]) {
        self.title = title
        self.roofs = roofs
        self.operators = operators
    }

    public func svg() -> String {
        rendered(idScope: "").markup
    }

    func rendered(idScope: String) -> RenderedSVG {
        RooflineRendering(self).rendered(idScope: idScope)
    }
}
