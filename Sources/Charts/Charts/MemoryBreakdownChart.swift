/// Memory per GPU as stacked bars, one bar per scenario (a pipeline stage, an option, a parallel
/// layout), against the device's capacity and the fit line (the memory usable after headroom).
///
/// Each bar stacks its segments bottom to top in the order components first appear in the input;
/// every component keeps one fill (colour and texture) across bars. The y axis is linear from zero,
/// in binary units (GiB). Above each bar its total, marked ✓ when it fits under the fit line and ✗
/// when not. Segments with a negative or non-finite size are drawn as zero and counted in a note;
/// more than `ChartLimits.components` components are summed into "other"; more than
/// `ChartLimits.bars` bars are left out and counted.
public struct MemoryBreakdownChart: SVGChart, RenderableChart, Hashable {
    /// One part of a bar: bytes of a named component ("weights", "optimizer states", "activations").
    public struct Segment: Hashable, Sendable {
        public var component: String
        public var bytes: Double

        public init(component: String, bytes: Double) {
            self.component = component
            self.bytes = bytes
        }
    }

    /// One scenario: its label under the bar and its segments. Segments of the same component are
    /// summed.
    public struct Bar: Hashable, Sendable {
        public var label: String
        public var segments: [Segment]

        public init(label: String, segments: [Segment]) {
            self.label = label
            self.segments = segments
        }
    }

    /// The accelerator every bar is measured against.
    public struct Device: Hashable, Sendable {
        /// "H100 SXM".
        public var name: String
        /// Its memory. A capacity that is not finite and positive is not drawn, and no bar gets a fit mark.
        public var capacityBytes: Double
        /// What remains after headroom (framework, fragmentation, CUDA context): the fit line. When nil
        /// (or not finite and positive), the capacity is the fit line.
        public var usableBytes: Double?

        public init(name: String, capacityBytes: Double, usableBytes: Double? = nil) {
            self.name = name
            self.capacityBytes = capacityBytes
            self.usableBytes = usableBytes
        }
    }

    public var title: String
    public var device: Device
    public var bars: [Bar]

    public init(title: String, device: Device, bars: [Bar]) {
        self.title = title
        self.device = device
        self.bars = bars
    }

    public func svg() -> String {
        rendered(idScope: "").markup
    }

    func rendered(idScope: String) -> RenderedSVG {
        MemoryBreakdownRendering(self).rendered(idScope: idScope)
    }
}
