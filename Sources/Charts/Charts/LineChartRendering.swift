/// The drawing of a `LineChart` (see its documentation for the rules).
struct LineChartRendering {
    private typealias Axis = LineChart.Axis

    /// Plot height of each panel, by the number of panels.
    private static let plotHeights = [300.0, 190, 150, 130]
    private static let panelGap = 24.0
    /// Series with at most this many points get a marker at every point; longer ones only where a
    /// point stands alone between gaps.
    private static let markedPoints = 40
    private static let markerSize = 7.0

    private struct Point {
        var x: Double
        /// nil where y cannot be placed: the line breaks there.
        var y: Double?
    }

    private struct Series {
        var name: String
        /// Index into `names`, which picks colour, dash and marker.
        var style: Int
        var points: [Point]
    }

    private struct Panel {
        var axis: Axis
        var series: [Series]
    }

    private let title: String
    private let xAxis: Axis
    private let panels: [Panel]
    /// Series names in order of first appearance: the legend.
    private let names: [String]
    private let droppedPoints: Int
    private let gaps: Int
    private let thinned: [String]
    private let omittedPanels: Int
    private let omittedSeries: Int

    init(_ chart: LineChart) {
        title = chart.title
        var xAxis = chart.xAxis
        xAxis.title = TextMetrics.capped(xAxis.title, characters: ChartLimits.labelCharacters)
        self.xAxis = xAxis
        var names: [String] = []
        var dropped = 0, gaps = 0, omittedSeries = 0
        var thinned: [String] = []
        var panels: [Panel] = []
        for panel in chart.panels.prefix(ChartLimits.panels) {
            var axis = panel.yAxis
            axis.title = TextMetrics.capped(axis.title, characters: ChartLimits.labelCharacters)
            omittedSeries += Swift.max(panel.series.count - ChartLimits.seriesPerPanel, 0)
            let series = panel.series.prefix(ChartLimits.seriesPerPanel).map { series in
                let name = TextMetrics.capped(series.name, characters: ChartLimits.labelCharacters)
                if !names.contains(name) { names.append(name) }
                let placed = series.points.enumerated()
                    .filter { Self.places($0.element.x, on: xAxis) }
                    .sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }
                    .map { Point(x: $0.element.x, y: Self.places($0.element.y, on: axis) ? $0.element.y : nil) }
                dropped += series.points.count - placed.count
                gaps += placed.filter { $0.y == nil }.count
                if placed.count > ChartLimits.pointsPerSeries { thinned.append(name) }
                return Series(name: name, style: names.firstIndex(of: name) ?? 0, points: Self.thinned(placed))
            }
            panels.append(Panel(axis: axis, series: series))
        }
        self.names = names
        self.panels = panels
        droppedPoints = dropped
        self.gaps = gaps
        self.thinned = thinned
        omittedPanels = Swift.max(chart.panels.count - ChartLimits.panels, 0)
        self.omittedSeries = omittedSeries
    }

    private static func places(_ value: Double, on axis: Axis) -> Bool {
        axis.scale == .linear ? value.isDrawable : value.isDrawableOnLogAxis
    }

    /// Every k-th point and the last, k chosen so at most `ChartLimits.pointsPerSeries` remain.
    private static func thinned(_ points: [Point]) -> [Point] {
        let limit = ChartLimits.pointsPerSeries
        guard points.count > limit else { return points }
        let stride = (points.count + limit - 2) / (limit - 1)
        return points.enumerated().filter { $0.offset % stride == 0 || $0.offset == points.count - 1 }.map(\.element)
    }

    private static func ticks(_ values: [Double], _ axis: Axis, maxLabels: Int) -> AxisTicks {
        let logarithmic = axis.scale == .logarithmic
        let empty = logarithmic ? 1.0...10.0 : 0.0...1.0
        return AxisTicks.make(
            lower: values.min() ?? empty.lowerBound, upper: values.max() ?? empty.upperBound,
            quantity: axis.quantity, logarithmic: logarithmic, maxLabels: maxLabels)
    }

    func rendered(idScope: String) -> RenderedSVG {
        let frame = ChartFrame(title: title, legend: legend, notes: notes)
        let xTicks = Self.ticks(panels.flatMap { $0.series.flatMap { $0.points.map(\.x) } }, xAxis, maxLabels: 10)
        let yTicks = panels.map { panel in
            Self.ticks(panel.series.flatMap { $0.points.compactMap(\.y) }, panel.axis, maxLabels: panels.count > 2 ? 5 : 7)
        }
        let left = frame.contentLeft + (yTicks.map(AxisDrawing.leftWidth).max() ?? AxisDrawing.leftWidth(Self.ticks([], xAxis, maxLabels: 2)))
        let plotWidth = frame.width - ChartStyle.padding - 24 - left
        let plotHeight = Self.plotHeights[Swift.max(Swift.min(panels.count, Self.plotHeights.count), 1) - 1]
        let plots = panels.indices.map { index in
            Box(x: left, y: frame.contentTop + 8 + Double(index) * (plotHeight + Self.panelGap), width: plotWidth, height: plotHeight)
        }
        let bottom = plots.last?.maxY ?? frame.contentTop + 8 + plotHeight
        let height = bottom + AxisDrawing.bottomHeight + frame.bottomHeight
        let xTitle = xTicks.title(xAxis.title)
        let document = ChartDocument(width: frame.width, height: height, title: frame.title, description: description)
        return document.render(idScope: idScope) { svg, ids in
            frame.draw(height: height, into: &svg, ids: ids)
            for (index, (panel, plot)) in zip(panels, plots).enumerated() {
                let x = AxisScale(ticks: xTicks, logarithmic: xAxis.scale == .logarithmic, start: plot.x, end: plot.maxX)
                let y = AxisScale(ticks: yTicks[index], logarithmic: panel.axis.scale == .logarithmic, start: plot.maxY, end: plot.y)
                let last = index == panels.count - 1
                svg.open("g", [("class", "panel")])
                AxisDrawing.left(y, plot: plot, title: yTicks[index].title(panel.axis.title), titleX: frame.contentLeft + ChartStyle.axisTitleSize, into: &svg)
                AxisDrawing.bottom(x, plot: plot, title: last ? xTitle : nil, labels: last, into: &svg)
                for series in panel.series { draw(series, panel: panel, x: x, y: y, into: &svg) }
                svg.close("g")
            }
        }
    }

    private func colour(_ style: Int) -> String { Palette.lines[style % Palette.lines.count] }

    private var legend: [Legend.Entry] {
        names.indices.map { style in
            Legend.Entry(label: names[style], swatch: .line(colour: colour(style), dash: DashPattern.nth(style), marker: MarkerShape.nth(style)))
        }
    }

    private var notes: [String] {
        var notes: [String] = []
        if names.isEmpty { notes.append("No series to draw.") }
        if droppedPoints > 0 {
            notes.append("\(ItemList.count(droppedPoints, "point", "points")) left out: x not finite\(xAxis.scale == .logarithmic ? ", zero or negative" : "").")
        }
        if gaps > 0 {
            notes.append("\(ItemList.count(gaps, "gap", "gaps")) in the lines where y is not finite\(panels.contains { $0.axis.scale == .logarithmic } ? ", zero or negative on a logarithmic axis" : "").")
        }
        if !thinned.isEmpty {
            notes.append("Thinned to every k-th point (at most \(ChartLimits.pointsPerSeries)): \(ItemList.joined(thinned)).")
        }
        if omittedPanels > 0 { notes.append("\(ItemList.count(omittedPanels, "more panel", "more panels")) not drawn (at most \(ChartLimits.panels)).") }
        if omittedSeries > 0 {
            notes.append("\(ItemList.count(omittedSeries, "more series", "more series")) not drawn (at most \(ChartLimits.seriesPerPanel) a panel).")
        }
        return notes
    }

    private var description: String {
        var text = "Line chart of \(panels.map(\.axis.title).joined(separator: " and ")) against \(xAxis.title)"
        text += xAxis.scale == .logarithmic ? " (logarithmic)." : "."
        for panel in panels where !panel.series.isEmpty {
            let items = panel.series.map { series -> String in
                let placed = series.points.compactMap { point in point.y.map { (point.x, $0) } }
                guard let first = placed.first, let last = placed.last, let low = placed.map(\.1).min(), let high = placed.map(\.1).max() else {
                    return "\(series.name): no points"
                }
                let x = xAxis.quantity, y = panel.axis.quantity
                return "\(series.name): \(ItemList.count(placed.count, "point", "points")), from \(y.text(first.1)) at \(x.text(first.0)) "
                    + "to \(y.text(last.1)) at \(x.text(last.0)), lowest \(y.text(low)), highest \(y.text(high))"
            }
            text += " \(panel.axis.title): \(ItemList.joined(items))."
        }
        return ([text] + notes).joined(separator: " ")
    }

    private func draw(_ series: Series, panel: Panel, x: AxisScale, y: AxisScale, into svg: inout SVGWriter) {
        let colour = colour(series.style)
        let positions = series.points.map { point -> (Double, Double)? in
            guard let value = point.y, let px = x.position(point.x), let py = y.position(value) else { return nil }
            return (px, py)
        }
        var path = PathData()
        var connected = false
        for position in positions {
            guard let (px, py) = position else {
                connected = false
                continue
            }
            if connected { path.line(px, py) } else { path.move(px, py) }
            connected = true
        }
        svg.open("g", [("class", "series")])
        var attributes: SVGWriter.Attributes = [("fill", "none"), ("stroke", colour), ("stroke-width", "2"), ("stroke-linejoin", "round")]
        if let dash = DashPattern.nth(series.style) { attributes.append(("stroke-dasharray", dash)) }
        if !path.isEmpty { svg.path(path, attributes, tooltip: series.name) }
        let markAll = series.points.count <= Self.markedPoints
        for (index, position) in positions.enumerated() {
            guard let (px, py) = position, let value = series.points[index].y else { continue }
            let alone = (index == 0 || positions[index - 1] == nil) && (index == positions.count - 1 || positions[index + 1] == nil)
            guard markAll || alone else { continue }
            let tooltip = "\(series.name): \(xAxis.title) \(xAxis.quantity.text(series.points[index].x)), \(panel.axis.title) \(panel.axis.quantity.text(value))"
            MarkerShape.nth(series.style).draw(x: px, y: py, size: Self.markerSize, colour: colour, tooltip: tooltip, into: &svg)
        }
        svg.close("g")
    }
}
