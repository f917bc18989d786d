/// The drawing of a `RooflineChart` (see its documentation for the rules).
struct RooflineRendering {
    private typealias Roof = RooflineChart.Roof
    private typealias Operator = RooflineChart.Operator

    private static let plotHeight = 340.0
    private static let markerSize = 9.0
    /// With no operator and no roof, the axes still span something sensible.
    private static let emptyIntensities = 0.1...1_000.0
    private static let emptyRates = 1e9...1e15
    /// Data is kept this factor inside the axes' ends, so markers at the extremes have room for a label.
    private static let padding = 1.25

    private let title: String
    private let roofs: [Roof]
    private let operators: [Operator]
    private let invalidRoofs: [String]
    private let invalidOperators: [String]
    private let omittedOperators: Int

    init(_ chart: RooflineChart) {
        title = chart.title
        let shownRoofs = chart.roofs.prefix(ChartLimits.roofs).map { roof in
            var roof = roof
            roof.name = TextMetrics.capped(roof.name, characters: ChartLimits.labelCharacters)
            return roof
        }
        let validRoof = { (roof: Roof) in
            roof.peakFLOPsPerSecond.isDrawableOnLogAxis && roof.bandwidthBytesPerSecond.isDrawableOnLogAxis && roof.ridgeIntensity.isDrawableOnLogAxis
        }
        roofs = shownRoofs.filter(validRoof)
        invalidRoofs = shownRoofs.filter { !validRoof($0) }.map(\.name)
        let shownOperators = chart.operators.prefix(ChartLimits.operators).map { op in
            var op = op
            op.name = TextMetrics.capped(op.name, characters: ChartLimits.labelCharacters)
            return op
        }
        omittedOperators = chart.operators.count - shownOperators.count
        let validOperator = { (op: Operator) in op.arithmeticIntensity.isDrawableOnLogAxis && op.achievedFLOPsPerSecond.isDrawableOnLogAxis }
        operators = shownOperators.filter(validOperator)
        invalidOperators = shownOperators.filter { !validOperator($0) }.map(\.name)
    }

    func rendered(idScope: String) -> RenderedSVG {
        let frame = ChartFrame(title: title, legend: legend, notes: notes)
        let intensities = operators.map(\.arithmeticIntensity) + roofs.flatMap { [$0.ridgeIntensity / 4, $0.ridgeIntensity * 4] }
        let xTicks = LogTicks.make(
            lower: (intensities.min() ?? Self.emptyIntensities.lowerBound) / Self.padding,
            upper: (intensities.max() ?? Self.emptyIntensities.upperBound) * Self.padding,
            quantity: .flopsPerByte, maxLabels: 10)
        // The roofs' slopes start at the left edge, so the y axis reaches down to them there.
        let rates = operators.map(\.achievedFLOPsPerSecond) + roofs.flatMap {
            [$0.peakFLOPsPerSecond, Swift.min($0.peakFLOPsPerSecond, $0.bandwidthBytesPerSecond * xTicks.lower)]
        }
        let yTicks = LogTicks.make(
            lower: (rates.min() ?? Self.emptyRates.lowerBound) / Self.padding,
            upper: (rates.max() ?? Self.emptyRates.upperBound) * Self.padding,
            quantity: .flopsPerSecond, maxLabels: 9)
        let left = frame.contentLeft + AxisDrawing.leftWidth(yTicks)
        let rightMargin = ChartStyle.padding + Swift.max(MarginLabels(labels: roofs.map { .init(y: 0, lines: roofLabel($0)) }).width, 24)
        let plot = Box(x: left, y: frame.contentTop + 8, width: frame.width - rightMargin - left, height: Self.plotHeight)
        let x = AxisScale(ticks: xTicks, logarithmic: true, start: plot.x, end: plot.maxX)
        let y = AxisScale(ticks: yTicks, logarithmic: true, start: plot.maxY, end: plot.y)
        let height = plot.maxY + AxisDrawing.bottomHeight + frame.bottomHeight
        let document = ChartDocument(width: frame.width, height: height, title: frame.title, description: description)
        return document.render(idScope: idScope) { svg, ids in
            frame.draw(height: height, into: &svg, ids: ids)
            svg.open("defs")
            svg.open("clipPath", [("id", ids("plot"))])
            svg.rect(x: plot.x, y: plot.y, width: plot.width, height: plot.height)
            svg.close("clipPath")
            svg.close("defs")
            AxisDrawing.left(y, plot: plot, title: yTicks.title("Attainable performance"), titleX: frame.contentLeft + ChartStyle.axisTitleSize, into: &svg)
            AxisDrawing.bottom(x, plot: plot, title: xTicks.title("Arithmetic intensity"), labels: true, into: &svg)
            var placer = LabelPlacer(bounds: plot.inset(by: 2))
            let points = operators.compactMap { op -> (Operator, Double, Double)? in
                guard let px = x.position(op.arithmeticIntensity), let py = y.position(op.achievedFLOPsPerSecond) else { return nil }
                return (op, px, py)
            }
            for (_, px, py) in points {
                placer.reserve(Box(x: px - Self.markerSize / 2, y: py - Self.markerSize / 2, width: Self.markerSize, height: Self.markerSize))
            }
            drawRoofs(x: x, y: y, plot: plot, placer: &placer, into: &svg, ids: ids)
            drawOperators(points, placer: &placer, into: &svg)
        }
    }

    private func style(_ roof: Roof) -> (colour: String, dash: String?) {
        let sameSource = roofs.filter { $0.source == roof.source }
        let ordinal = sameSource.firstIndex(of: roof) ?? 0
        switch roof.source {
        case .specSheet: return (ChartStyle.ink, [nil, "9 3 2 3", "2 3"][ordinal % 3])
        case .measured: return ("#009E73", ["7 4", "2 3", "9 3 2 3"][ordinal % 3])
        }
    }

    private func roofText(_ roof: Roof) -> String {
        "\(roof.name): \(Quantity.flopsPerSecond.text(roof.peakFLOPsPerSecond)), \(Quantity.bytesPerSecond.text(roof.bandwidthBytesPerSecond))"
    }

    /// The roof's name, peak and ridge, beside the flat roof's right end.
    private func roofLabel(_ roof: Roof) -> [String] {
        [roof.name, Quantity.flopsPerSecond.text(roof.peakFLOPsPerSecond), ridgeText(roof)]
    }

    private func ridgeText(_ roof: Roof) -> String {
        "ridge \(Quantity.flopsPerByte.text(roof.ridgeIntensity))"
    }

    private var legend: [Legend.Entry] {
        roofs.map { roof in
            let style = style(roof)
            return Legend.Entry(label: roofText(roof), swatch: .line(colour: style.colour, dash: style.dash, marker: nil))
        } + [
            Legend.Entry(label: "compute-bound operator", swatch: .marker(.circle, colour: Palette.computeBound)),
            Legend.Entry(label: "memory-bound operator", swatch: .marker(.triangle, colour: Palette.memoryBound)),
        ]
    }

    private var notes: [String] {
        var notes: [String] = []
        if roofs.isEmpty && operators.isEmpty { notes.append("Nothing to draw.") }
        if !invalidRoofs.isEmpty {
            notes.append("Roofs left out (peak or bandwidth zero, negative or not finite): \(ItemList.joined(invalidRoofs)).")
        }
        if !invalidOperators.isEmpty {
            notes.append("Operators left out (intensity or FLOP/s zero, negative or not finite): \(ItemList.joined(invalidOperators)).")
        }
        if omittedOperators > 0 {
            notes.append("\(ItemList.count(omittedOperators, "more operator", "more operators")) not drawn (at most \(ChartLimits.operators)).")
        }
        if operators.count > ChartLimits.labelledOperators {
            notes.append("Labels name the first \(ChartLimits.labelledOperators) operators where they fit; every marker has a tooltip.")
        }
        return notes
    }

    private func operatorText(_ op: Operator) -> String {
        "\(op.name) (\(op.bound.rawValue)-bound): \(Quantity.flopsPerByte.text(op.arithmeticIntensity)), \(Quantity.flopsPerSecond.text(op.achievedFLOPsPerSecond))"
    }

    private var description: String {
        var text = "Roofline on logarithmic axes: attainable FLOP/s against arithmetic intensity in FLOP per byte."
        if !roofs.isEmpty {
            let items = roofs.map { "\(roofText($0)) (\($0.source.rawValue)), \(ridgeText($0))" }
            text += " Roofs: \(ItemList.joined(items))."
        }
        if !operators.isEmpty {
            text += " Operators: \(ItemList.joined(operators.map(operatorText)))."
        }
        return ([text] + notes.filter { !$0.hasPrefix("Labels") }).joined(separator: " ")
    }

    private func drawRoofs(x: AxisScale, y: AxisScale, plot: Box, placer: inout LabelPlacer, into svg: inout SVGWriter, ids: ChartIDs) {
        let low = x.ticks.lower, high = x.ticks.upper
        svg.open("g", [("class", "roofs"), ("clip-path", ids.url("plot"))])
        var ridges: [(Roof, Double, Double)] = []
        for roof in roofs {
            var path = PathData()
            let ridge = roof.ridgeIntensity
            var corners: [(Double, Double)] = []
            for intensity in [low, Swift.min(Swift.max(ridge, low), high), high] {
                let rate = Swift.min(roof.peakFLOPsPerSecond, roof.bandwidthBytesPerSecond * intensity)
                guard let px = x.position(intensity), let py = y.position(rate) else { continue }
                path.line(px, py)
                corners.append((px, py))
            }
            Self.reserveLine(through: corners, in: &placer)
            let style = style(roof)
            var attributes: SVGWriter.Attributes = [("fill", "none"), ("stroke", style.colour), ("stroke-width", "2")]
            if let dash = style.dash { attributes.append(("stroke-dasharray", dash)) }
            svg.path(path, attributes, tooltip: "\(roofText(roof)) (\(roof.source.rawValue)), \(ridgeText(roof))")
            if let px = x.position(ridge), let py = y.position(roof.peakFLOPsPerSecond), ridge >= low, ridge <= high {
                ridges.append((roof, px, py))
            }
        }
        svg.close("g")
        svg.open("g", [("class", "roof-labels")])
        MarginLabels(labels: roofs.compactMap { roof in
            y.position(roof.peakFLOPsPerSecond).map { .init(y: $0, lines: roofLabel(roof)) }
        }).draw(x: plot.maxX, top: plot.y - 6, into: &svg)
        // Each ridge: a diamond on the roof and a dotted drop line to the intensity axis.
        for (roof, px, py) in ridges {
            let style = style(roof)
            svg.line(x1: px, y1: py, x2: px, y2: plot.maxY, [
                ("stroke", style.colour), ("stroke-width", "1"), ("stroke-dasharray", "1 3"),
            ])
            MarkerShape.diamond.draw(x: px, y: py, size: 10, colour: style.colour, tooltip: "\(roof.name): \(ridgeText(roof))", into: &svg)
            placer.reserve(Box(x: px - 5, y: py - 6, width: 10, height: 12))
            Self.reserveLine(through: [(px, py), (px, plot.maxY)], in: &placer)
        }
        svg.close("g")
    }

    /// Marks a roof's line as taken, as a chain of small boxes, so labels do not cross it.
    private static func reserveLine(through corners: [(Double, Double)], in placer: inout LabelPlacer) {
        for ((x1, y1), (x2, y2)) in zip(corners, corners.dropFirst()) {
            let steps = Swift.max(Int(((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1)).squareRoot() / 4), 1)
            for step in 0...steps {
                let t = Double(step) / Double(steps)
                placer.reserve(Box(x: x1 + t * (x2 - x1) - 1.5, y: y1 + t * (y2 - y1) - 1.5, width: 3, height: 3))
            }
        }
    }

    private func drawOperators(_ points: [(Operator, Double, Double)], placer: inout LabelPlacer, into svg: inout SVGWriter) {
        svg.open("g", [("class", "operators")])
        for (op, px, py) in points {
            let (shape, colour) = op.bound == .compute ? (MarkerShape.circle, Palette.computeBound) : (.triangle, Palette.memoryBound)
            shape.draw(x: px, y: py, size: Self.markerSize, colour: colour, tooltip: operatorText(op), into: &svg)
        }
        for (op, px, py) in points.prefix(ChartLimits.labelledOperators) {
            let size = ChartStyle.labelSize
            // Beside the marker, then above or below it, centred or leaning either way.
            let beside = [(px + 7, TextAnchor.start), (px - 7, .end)].map { x, anchor in
                Box.text(op.name, x: x, baseline: py + size * 0.35, anchor: anchor, fontSize: size)
            }
            let aboveAndBelow = [py - 8, py + size + 6].flatMap { baseline in
                [(px, TextAnchor.middle), (px - 3, .start), (px + 3, .end)].map { x, anchor in
                    Box.text(op.name, x: x, baseline: baseline, anchor: anchor, fontSize: size)
                }
            }
            let candidates = beside + aboveAndBelow
            guard let chosen = placer.place(candidates) else { continue }
            svg.text(op.name, x: candidates[chosen].x, y: candidates[chosen].y + size * 0.8, [("class", "label")])
        }
        svg.close("g")
    }
}
