/// The drawing of a `MemoryBreakdownChart`: its input reduced to what can be drawn (see the chart's
/// documentation for the rules), then laid out.
struct MemoryBreakdownRendering {
    private static let plotHeight = 280.0
    private static let other = "other"

    private struct PreparedBar {
        var label: String
        /// Bytes per component, in `components` order.
        var bytes: [Double]
        var total: Double { bytes.reduce(0, +) }
    }

    private let title: String
    private let deviceName: String
    private let components: [String]
    private let bars: [PreparedBar]
    private let capacity: Double?
    private let usable: Double?
    private let invalidSegments: [String]
    private let omittedBars: Int
    private let summedComponents: Bool

    init(_ chart: MemoryBreakdownChart) {
        title = chart.title
        deviceName = TextMetrics.capped(chart.device.name, characters: ChartLimits.labelCharacters)
        let shown = chart.bars.prefix(ChartLimits.bars)
        omittedBars = chart.bars.count - shown.count
        var names: [String] = []
        var summed = false
        for bar in shown {
            for segment in bar.segments {
                let name = TextMetrics.capped(segment.component, characters: ChartLimits.labelCharacters)
                guard !names.contains(name) else { continue }
                if names.count < ChartLimits.components {
                    names.append(name)
                } else {
                    summed = true
                }
            }
        }
        if summed && !names.contains(Self.other) { names.append(Self.other) }
        var invalid: [String] = []
        var prepared: [PreparedBar] = []
        for bar in shown {
            let label = TextMetrics.capped(bar.label, characters: ChartLimits.labelCharacters)
            var bytes = [Double](repeating: 0, count: names.count)
            for segment in bar.segments {
                let name = TextMetrics.capped(segment.component, characters: ChartLimits.labelCharacters)
                guard segment.bytes.isDrawable, segment.bytes >= 0 else {
                    invalid.append("\(label): \(name)")
                    continue
                }
                guard let index = names.firstIndex(of: name) ?? names.firstIndex(of: Self.other) else { continue }
                bytes[index] = Swift.min(bytes[index] + segment.bytes, 1e300)
            }
            prepared.append(PreparedBar(label: label, bytes: bytes))
        }
        components = names
        bars = prepared
        invalidSegments = invalid
        summedComponents = summed
        let device = chart.device
        capacity = device.capacityBytes.isDrawable && device.capacityBytes > 0 ? device.capacityBytes : nil
        usable = device.usableBytes.flatMap { $0.isDrawable && $0 > 0 ? $0 : nil }
    }

    /// What a bar's total is compared with.
    private var fitLine: Double? { usable ?? capacity }

    func rendered(idScope: String) -> RenderedSVG {
        let frame = ChartFrame(title: title, subtitle: subtitle, legend: legend, notes: notes)
        let upper = ([capacity, usable].compactMap { $0 } + bars.map(\.total)).max() ?? 0
        let ticks = LinearTicks.make(lower: 0, upper: upper, quantity: .bytes, maxTicks: 7)
        let lines = referenceLines
        let marginWidth = MarginLabels(labels: lines.map { .init(y: 0, lines: $0.text) }).width
        let left = frame.contentLeft + AxisDrawing.leftWidth(ticks)
        let width = frame.width - ChartStyle.padding - marginWidth - left
        let plot = Box(x: left, y: frame.contentTop + 20, width: width, height: Self.plotHeight)
        let scale = AxisScale(ticks: ticks, logarithmic: false, start: plot.maxY, end: plot.y)
        let band = bars.isEmpty ? plot.width : plot.width / Double(bars.count)
        let labels = CategoryLabels(bars.map(\.label), band: band, fontSize: ChartStyle.tickSize, bold: false)
        let labelHeight = AxisDrawing.tickLength + 4 + labels.height + 10
        let height = plot.maxY + labelHeight + frame.bottomHeight
        let document = ChartDocument(width: frame.width, height: height, title: frame.title, description: description)
        return document.render(idScope: idScope) { svg, ids in
            frame.draw(height: height, into: &svg, ids: ids)
            svg.open("defs")
            for index in components.indices { FillPattern(index: index).define(into: &svg, ids: ids) }
            svg.close("defs")
            AxisDrawing.left(scale, plot: plot, title: ticks.title("Memory per GPU"), titleX: frame.contentLeft + ChartStyle.axisTitleSize, into: &svg)
            drawBars(scale: scale, plot: plot, band: band, into: &svg, ids: ids)
            drawReferenceLines(lines, scale: scale, plot: plot, into: &svg)
            drawBarLabels(scale: scale, plot: plot, band: band, labels: labels, into: &svg)
        }
    }

    private var subtitle: String {
        var parts = [deviceName]
        if let capacity { parts.append("\(Quantity.bytes.text(capacity)) capacity") }
        if let usable { parts.append("\(Quantity.bytes.text(usable)) usable (fit line)") }
        return parts.joined(separator: " · ")
    }

    private var legend: [Legend.Entry] {
        components.indices.map { Legend.Entry(label: components[$0], swatch: .pattern(id: FillPattern(index: $0).id)) }
    }

    private var notes: [String] {
        var notes: [String] = []
        if bars.isEmpty { notes.append("No bars to draw.") }
        if fitLine != nil && !bars.isEmpty {
            notes.append("✓ the total fits under the fit line; ✗ it does not.")
        }
        if capacity == nil { notes.append("No valid capacity for \(deviceName): no fit line is drawn.") }
        if !invalidSegments.isEmpty {
            notes.append("Drawn as zero (negative or not finite): \(ItemList.joined(invalidSegments)).")
        }
        if summedComponents {
            notes.append("Components past the first \(ChartLimits.components) are summed into “\(Self.other)”.")
        }
        if omittedBars > 0 {
            notes.append("\(ItemList.count(omittedBars, "more bar", "more bars")) not drawn (at most \(ChartLimits.bars)).")
        }
        return notes
    }

    private func status(_ total: Double) -> (mark: String, words: String)? {
        guard let fitLine else { return nil }
        return total <= fitLine
            ? ("✓", "fits, \(Quantity.bytes.text(fitLine - total)) free")
            : ("✗", "does not fit, \(Quantity.bytes.text(total - fitLine)) over")
    }

    private var description: String {
        var text = "Stacked bars of memory per GPU, one per scenario, against \(subtitle)."
        let items = bars.map { bar in
            let parts = components.indices.map { "\(components[$0]) \(Quantity.bytes.text(bar.bytes[$0]))" }
            let verdict = status(bar.total).map { ", \($0.words)" } ?? ""
            return "\(bar.label): \(Quantity.bytes.text(bar.total))\(verdict) (\(parts.joined(separator: ", ")))"
        }
        if !items.isEmpty { text += " " + ItemList.joined(items) + "." }
        return ([text] + notes.filter { !$0.hasPrefix("✓") }).joined(separator: " ")
    }

    private func centre(of index: Int, plot: Box, band: Double) -> Double {
        plot.x + band * (Double(index) + 0.5)
    }

    private func drawBars(scale: AxisScale, plot: Box, band: Double, into svg: inout SVGWriter, ids: ChartIDs) {
        let barWidth = Swift.min(band * 0.62, 84)
        for (index, bar) in bars.enumerated() {
            let centre = centre(of: index, plot: plot, band: band)
            svg.open("g", [("class", "bar")])
            var running = 0.0
            for (component, bytes) in zip(components.indices, bar.bytes) where bytes > 0 {
                let bottom = scale.position(running) ?? plot.maxY
                running += bytes
                let top = scale.position(running) ?? plot.maxY
                svg.rect(x: centre - barWidth / 2, y: top, width: barWidth, height: bottom - top, [
                    ("fill", ids.url(FillPattern(index: component).id)), ("stroke", ChartStyle.card), ("stroke-width", "0.75"),
                ], tooltip: "\(bar.label) · \(components[component]): \(Quantity.bytes.text(bytes))")
            }
            svg.close("g")
        }
    }

    /// Totals above the bars (over the reference lines) and the bars' labels under the axis.
    private func drawBarLabels(scale: AxisScale, plot: Box, band: Double, labels: CategoryLabels, into svg: inout SVGWriter) {
        svg.open("g", [("class", "bar-labels")])
        for (index, bar) in bars.enumerated() {
            let centre = centre(of: index, plot: plot, band: band)
            labels.draw(index, centre: centre, edge: plot.maxY + AxisDrawing.tickLength + 4, side: .below, attributes: [("class", "tick")], into: &svg)
            let top = scale.position(bar.total) ?? plot.maxY
            let mark = status(bar.total)?.mark
            var total = [mark, Quantity.bytes.text(bar.total)].compactMap { $0 }.joined(separator: " ")
            // Too narrow a band keeps the mark alone (the total stays in the tooltip and description).
            if TextMetrics.width(of: total, fontSize: ChartStyle.labelSize, bold: true) > band - 4 { total = mark ?? "" }
            guard !total.isEmpty else { continue }
            // A card-coloured box behind the total keeps it legible where a reference line crosses it.
            let box = Box.text(total, x: centre, baseline: top - 5, anchor: .middle, fontSize: ChartStyle.labelSize, bold: true).inset(by: -2)
            svg.rect(x: box.x, y: box.y, width: box.width, height: box.height, [("fill", ChartStyle.card), ("fill-opacity", "0.85"), ("rx", "2")])
            svg.text(total, x: centre, y: top - 5, anchor: .middle, [("class", "label-strong")])
        }
        svg.close("g")
    }

    /// A horizontal reference line and its two-line label in the right margin.
    private struct ReferenceLine {
        var bytes: Double
        var text: [String]
        var dash: String?
    }

    private var referenceLines: [ReferenceLine] {
        var lines: [ReferenceLine] = []
        if let capacity { lines.append(ReferenceLine(bytes: capacity, text: ["capacity", Quantity.bytes.text(capacity)], dash: nil)) }
        if let usable { lines.append(ReferenceLine(bytes: usable, text: ["fit line", Quantity.bytes.text(usable)], dash: "6 4")) }
        return lines
    }

    /// The lines across the plot and their labels beside them in the right margin.
    private func drawReferenceLines(_ lines: [ReferenceLine], scale: AxisScale, plot: Box, into svg: inout SVGWriter) {
        var labels: [MarginLabels.Label] = []
        for line in lines {
            guard let y = scale.position(line.bytes) else { continue }
            var attributes: SVGWriter.Attributes = [("stroke", ChartStyle.ink), ("stroke-width", "1.5")]
            if let dash = line.dash { attributes.append(("stroke-dasharray", dash)) }
            svg.line(x1: plot.x, y1: y, x2: plot.maxX + 4, y2: y, attributes)
            labels.append(.init(y: y, lines: line.text))
        }
        MarginLabels(labels: labels).draw(x: plot.maxX, top: plot.y - 8, into: &svg)
    }
}
