/// Lines against a shared x axis: latency and throughput against batch size or context length, one
/// series per model, option or device.
///
/// Two quantities with different units (latency and throughput) go in two panels stacked over one
/// x axis, not on a second y axis: each panel keeps its own honest scale and nothing has to say which
/// line belongs to which axis. A series with the same name in several panels keeps one colour, dash
/// and marker, and one legend entry.
///
/// Points are drawn in order of x. A point whose x cannot be placed (not finite; zero or negative on a
/// logarithmic axis) is left out; a point whose y cannot be placed breaks its line there, and both
/// are counted in a note. Linear axes start at zero; logarithmic axes span whole decades (powers of
/// two for bytes). Past `ChartLimits.pointsPerSeries` a series is thinned to every k-th point and its
/// last; past `ChartLimits.panels` panels and `ChartLimits.seriesPerPanel` series the rest are left out.
public struct LineChart: SVGChart, RenderableChart, Hashable {
    public enum Scale: Hashable, Sendable {
        case linear
        case logarithmic
    }

    public struct Axis: Hashable, Sendable {
        /// The axis title without unit: "Batch size", "Latency per token". The unit is added from
        /// the quantity: "Latency per token (ms)".
        public var title: String
        public var quantity: Quantity
        public var scale: Scale

        public init(title: String, quantity: Quantity, scale: Scale = .linear) {
            self.title = title
            self.quantity = quantity
            self.scale = scale
        }
    }

    public struct Point: Hashable, Sendable {
        public var x: Double
        public var y: Double

        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    public struct Series: Hashable, Sendable {
        public var name: String
        public var points: [Point]

        public init(name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    /// One plot with its own y axis.
    public struct Panel: Hashable, Sendable {
        public var yAxis: Axis
        public var series: [Series]

        public init(yAxis: Axis, series: [Series]) {
            self.yAxis = yAxis
            self.series = series
        }
    }

    public var title: String
    public var xAxis: Axis
    public var panels: [Panel]

    public init(title: String, xAxis: Axis, panels: [Panel]) {
        self.title = title
        self.xAxis = xAxis
        self.panels = panels
    }

    /// A chart with a single panel.
    public init(title: String, xAxis: Axis, yAxis: Axis, series: [Series]) {
        self.init(title: title, xAxis: xAxis, panels: [Panel(yAxis: yAxis, series: series)])
    }

    public func svg() -> String {
        rendered(idScope: "").markup
    }

    func rendered(idScope: String) -> RenderedSVG {
        LineChartRendering(self).rendered(idScope: idScope)
    }
}
