/// Draws the axes of a plot: grid lines, tick marks, labels thinned until they do not overlap, the
/// axis line and the title.
enum AxisDrawing {
    static let tickLength = 5.0
    /// Free space kept between neighbouring tick labels.
    static let labelGap = 6.0

    /// The horizontal axis under `plot`. `labels: false` draws grid lines and ticks only (the upper
    /// panels of a chart that shares its x axis).
    static func bottom(_ scale: AxisScale, plot: Box, title: String?, labels: Bool, into svg: inout SVGWriter) {
        svg.open("g", [("class", "x-axis")])
        for tick in scale.ticks.ticks {
            guard let x = scale.position(tick.value) else { continue }
            if tick.isMajor { svg.line(x1: x, y1: plot.y, x2: x, y2: plot.maxY, [("class", "grid")]) }
            let length = tick.isMajor ? tickLength : tickLength / 2
            svg.line(x1: x, y1: plot.maxY, x2: x, y2: plot.maxY + length, [("class", "axis")])
        }
        svg.line(x1: plot.x, y1: plot.maxY, x2: plot.maxX, y2: plot.maxY, [("class", "axis")])
        if labels {
            let baseline = plot.maxY + tickLength + ChartStyle.tickSize + 2
            for (x, label) in visibleLabels(scale, extent: { TextMetrics.width(of: $0, fontSize: ChartStyle.tickSize) }) {
                svg.text(label, x: x, y: baseline, anchor: .middle, [("class", "tick")])
            }
        }
        if let title {
            svg.text(title, x: plot.midX, y: plot.maxY + bottomTitleOffset, anchor: .middle, [("class", "axis-title")])
        }
        svg.close("g")
    }

    /// Height below the plot that `bottom` uses for labels and title.
    static let bottomHeight = bottomTitleOffset + 6
    private static let bottomTitleOffset = tickLength + ChartStyle.tickSize + 2 + ChartStyle.axisTitleSize + 8

    /// The vertical axis left of `plot`, its title rotated along it at `titleX`.
    static func left(_ scale: AxisScale, plot: Box, title: String, titleX: Double, into svg: inout SVGWriter) {
        svg.open("g", [("class", "y-axis")])
        for tick in scale.ticks.ticks {
            guard let y = scale.position(tick.value) else { continue }
            if tick.isMajor { svg.line(x1: plot.x, y1: y, x2: plot.maxX, y2: y, [("class", "grid")]) }
            let length = tick.isMajor ? tickLength : tickLength / 2
            svg.line(x1: plot.x - length, y1: y, x2: plot.x, y2: y, [("class", "axis")])
        }
        svg.line(x1: plot.x, y1: plot.y, x2: plot.x, y2: plot.maxY, [("class", "axis")])
        for (y, label) in visibleLabels(scale, extent: { _ in ChartStyle.tickSize }) {
            svg.text(label, x: plot.x - tickLength - 3, y: y + ChartStyle.tickSize * 0.35, anchor: .end, [("class", "tick")])
        }
        svg.element("text", [
            ("transform", "translate(\(SVGWriter.number(titleX)) \(SVGWriter.number(plot.midY))) rotate(-90)"),
            ("text-anchor", "middle"), ("class", "axis-title"),
        ], text: title)
        svg.close("g")
    }

    /// Width left of a plot that `left` needs for labels, ticks and the rotated title.
    static func leftWidth(_ ticks: AxisTicks) -> Double {
        let widest = ticks.ticks.compactMap(\.label).map { TextMetrics.width(of: $0, fontSize: ChartStyle.tickSize) }.max() ?? 0
        return widest + tickLength + 3 + 8 + ChartStyle.axisTitleSize
    }

    /// The labels to draw, with their positions: all of them when none overlap; otherwise without the
    /// minor ones (2 and 5 in a decade); otherwise every second, third … of the rest, counted from the
    /// first, so that neighbours keep `labelGap` between them. `extent` is a label's size along the axis.
    static func visibleLabels(_ scale: AxisScale, extent: (String) -> Double) -> [(Double, String)] {
        let labelled = scale.ticks.ticks.compactMap { tick -> (position: Double, label: String, major: Bool)? in
            guard let label = tick.label, let position = scale.position(tick.value) else { return nil }
            return (position, label, tick.isMajor)
        }
        func fits(_ labels: [(position: Double, label: String, major: Bool)]) -> Bool {
            zip(labels, labels.dropFirst()).allSatisfy { a, b in
                Swift.abs(b.position - a.position) >= (extent(a.label) + extent(b.label)) / 2 + labelGap
            }
        }
        var candidates = labelled
        if !fits(candidates) { candidates = labelled.filter(\.major) }
        var every = 1
        var kept = candidates
        while !fits(kept) && every < candidates.count {
            every += 1
            kept = candidates.enumerated().filter { $0.offset % every == 0 }.map(\.element)
        }
        return kept.map { ($0.position, $0.label) }
    }
}
