import Testing
@testable import Charts

/// Inputs no chart can draw as given: non-finite, negative and zero values, empty inputs, hostile
/// text, and inputs far past the caps. Every one still gives a valid SVG that says what it left out.
@Suite("Edge cases")
struct EdgeCaseTests {
    private static let gib = ChartFixtures.gib
    private static let hostile = "<script>alert('x')</script> & \"quoted\"\u{0}\u{7}\n]]>"

    @Test func memoryBreakdownDrawsBadSegmentsAsZeroAndSaysSo() throws {
        let chart = MemoryBreakdownChart(
            title: "bad numbers", device: .init(name: "GPU", capacityBytes: .nan, usableBytes: -1),
            bars: [.init(label: "a", segments: [
                .init(component: "weights", bytes: .nan), .init(component: "activations", bytes: -5),
                .init(component: "logits", bytes: .infinity), .init(component: "weights", bytes: 3 * Self.gib),
                .init(component: "weights", bytes: 1e308),
            ])])
        let document = try #require(SVGChecks.valid(chart.svg()))
        let notes = SVGChecks.notes(document)
        #expect(notes.contains("No valid capacity for GPU: no fit line is drawn."))
        #expect(notes.contains { $0.hasPrefix("Drawn as zero (negative or not finite): a: weights; a: activations; a: logits; a: weights") })
        // Without a capacity there is no fit mark, and only the finite segment is drawn.
        #expect(document.texts(class: "label-strong") == ["3 GiB"])
        #expect(document.texts(class: "label").isEmpty)
    }

    @Test func memoryBreakdownSumsComponentsPastTheCapIntoOther() throws {
        let segments = (0..<15).map { MemoryBreakdownChart.Segment(component: "part \($0)", bytes: Self.gib) }
        let chart = MemoryBreakdownChart(title: "many parts", device: .init(name: "GPU", capacityBytes: 80 * Self.gib), bars: [.init(label: "a", segments: segments)])
        let document = try #require(SVGChecks.valid(chart.svg()))
        let legend = document.texts(inGroup: "legend")
        #expect(legend.count == ChartLimits.components + 1)
        #expect(legend.last == "other")
        #expect(document.tooltips.contains("a · other: 5 GiB"))
        #expect(document.texts(inGroup: "bar-labels") == ["a", "✓ 15 GiB"])
    }

    /// With a bar per band too narrow for its total, the total goes (the ✓/✗ stays): no label overlaps.
    @Test func narrowBarsKeepOnlyTheirMark() throws {
        let bars = (0..<32).map { MemoryBreakdownChart.Bar(label: "b\($0)", segments: [.init(component: "w", bytes: Double($0) * Self.gib)]) }
        let withCapacity = MemoryBreakdownChart(title: "t", device: .init(name: "GPU", capacityBytes: 20 * Self.gib), bars: bars)
        let totals = try #require(SVGChecks.valid(withCapacity.svg())).texts(class: "label-strong").filter { $0.hasPrefix("✓") || $0.hasPrefix("✗") }
        #expect(totals.count == 32 && totals.allSatisfy { $0.count == 1 })
        let withoutCapacity = MemoryBreakdownChart(title: "t", device: .init(name: "GPU", capacityBytes: .nan), bars: bars)
        #expect(try #require(SVGChecks.valid(withoutCapacity.svg())).texts(inGroup: "bar-labels").allSatisfy { $0.hasPrefix("b") })
    }

    @Test func rooflineLeavesOutWhatLogAxesCannotPlace() throws {
        let chart = RooflineChart(
            title: "bad numbers",
            roofs: [
                .init(name: "no bandwidth", peakFLOPsPerSecond: 1e15, bandwidthBytesPerSecond: 0, source: .specSheet),
                .init(name: "ok", peakFLOPsPerSecond: 1e15, bandwidthBytesPerSecond: 3e12, source: .specSheet),
            ],
            operators: [
                .init(name: "zero", arithmeticIntensity: 0, achievedFLOPsPerSecond: 1e12, bound: .memory),
                .init(name: "negative", arithmeticIntensity: 10, achievedFLOPsPerSecond: -1, bound: .memory),
                .init(name: "nan", arithmeticIntensity: .nan, achievedFLOPsPerSecond: 1e12, bound: .compute),
                .init(name: "huge", arithmeticIntensity: 1e305, achievedFLOPsPerSecond: 1e12, bound: .compute),
                .init(name: "fine", arithmeticIntensity: 10, achievedFLOPsPerSecond: 1e13, bound: .memory),
            ])
        let document = try #require(SVGChecks.valid(chart.svg()))
        let notes = SVGChecks.notes(document)
        #expect(notes.contains("Roofs left out (peak or bandwidth zero, negative or not finite): no bandwidth."))
        #expect(notes.contains("Operators left out (intensity or FLOP/s zero, negative or not finite): zero; negative; nan; huge."))
        #expect(document.texts(inGroup: "operators") == ["fine"])
    }

    @Test func emptyChartsStillDrawTheirAxes() throws {
        let empties: [any SVGChart] = [
            MemoryBreakdownChart(title: "", device: .init(name: "", capacityBytes: 0), bars: []),
            RooflineChart(title: "", roofs: [], operators: []),
            LineChart(title: "", xAxis: .init(title: "", quantity: .count(""), scale: .logarithmic), panels: []),
            LineChart(title: "", xAxis: .init(title: "x", quantity: .seconds), yAxis: .init(title: "y", quantity: .bytes, scale: .logarithmic), series: []),
            FitsGrid(title: "", accelerators: [], rows: []),
        ]
        for chart in empties {
            let document = try #require(SVGChecks.valid(chart.svg()))
            #expect(SVGChecks.notes(document).contains { $0.hasPrefix("No ") || $0 == "Nothing to draw." })
        }
    }

    @Test func lineChartsBreakAtMissingValuesAndDropUnplaceableX() throws {
        let chart = LineChart(
            title: "gaps",
            xAxis: .init(title: "Batch", quantity: .count(""), scale: .logarithmic),
            yAxis: .init(title: "Latency", quantity: .seconds, scale: .logarithmic),
            series: [.init(name: "s", points: [
                .init(x: 8, y: 0.004), .init(x: 0, y: 1), .init(x: -2, y: 1), .init(x: .nan, y: 1),
                .init(x: 1, y: 0.001), .init(x: 2, y: .nan), .init(x: 4, y: 0.003), .init(x: 16, y: 0),
                .init(x: 32, y: 0.02),
            ])])
        let document = try #require(SVGChecks.valid(chart.svg()))
        let notes = SVGChecks.notes(document)
        #expect(notes.contains("3 points left out: x not finite, zero or negative."))
        #expect(notes.contains("2 gaps in the lines where y is not finite, zero or negative on a logarithmic axis."))
        // Sorted by x: 1 | gap at 2 | 4, 8 | gap at 16 | 32: three pieces, the last a lone marked point.
        let line = try #require(document.elements.first { $0.name == "path" && $0.attributes["fill"] == "none" && $0.groupClasses.contains("series") })
        #expect(line.attributes["d"]?.filter { $0 == "M" }.count == 3)
        #expect(document.tooltips.contains("s: Batch 32, Latency 20 ms"))
    }

    @Test func fitsGridShowsNAForBadOrMissingCells() throws {
        let grid = FitsGrid(
            title: "gaps", accelerators: ["A", "B", "C"],
            rows: [.init(model: "m", cells: [.memory(requiredBytes: .nan, usableBytes: 1), .memory(requiredBytes: 1, usableBytes: 0)])],
            tightFraction: .infinity)
        let document = try #require(SVGChecks.valid(grid.svg()))
        #expect(document.texts(class: "cell-head") == ["– n/a", "– n/a", "– n/a"])
        #expect(document.texts(class: "label") == ["invalid numbers", "invalid numbers", "no estimate"])
        let tight = FitsGrid(title: "t", accelerators: ["A"], rows: [.init(model: "m", cells: [.memory(requiredBytes: 1, usableBytes: 2)])], tightFraction: .infinity)
        #expect(try #require(SVGChecks.valid(tight.svg())).texts(class: "cell-head") == ["! tight"])
    }

    @Test func hostileTextIsEscapedEverywhere() throws {
        let h = Self.hostile
        let charts: [any SVGChart] = [
            MemoryBreakdownChart(title: h, device: .init(name: h, capacityBytes: 10), bars: [.init(label: h, segments: [.init(component: h, bytes: 1)])]),
            RooflineChart(title: h, roofs: [.init(name: h, peakFLOPsPerSecond: 1e12, bandwidthBytesPerSecond: 1e9, source: .measured)],
                          operators: [.init(name: h, arithmeticIntensity: 1, achievedFLOPsPerSecond: 1e9, bound: .memory)]),
            LineChart(title: h, xAxis: .init(title: h, quantity: .count(h)), yAxis: .init(title: h, quantity: .count(h)),
                      series: [.init(name: h, points: [.init(x: 1, y: 1)])]),
            FitsGrid(title: h, accelerators: [h], rows: [.init(model: h, cells: [.unavailable(reason: h)])]),
        ]
        for chart in charts {
            let svg = chart.svg()
            #expect(!svg.contains("<script"))
            let document = try #require(SVGChecks.valid(svg))
            #expect(document.all("script").isEmpty)
            let expected = "<script>alert('x')</script> & \"quoted\"\u{FFFD}\u{FFFD} ]]>"
            #expect(document.all("title").first?.text == expected)
        }
    }

    private static func operators(_ long: String) -> [RooflineChart.Operator] {
        (0..<5_000).map { (index: Int) -> RooflineChart.Operator in
            RooflineChart.Operator(
                name: "\(long)\(index)", arithmeticIntensity: Double(index % 977 + 1),
                achievedFLOPsPerSecond: Double(index % 991 + 1) * 1e11, bound: index % 2 == 0 ? .memory : .compute)
        }
    }

    private static func series(_ long: String, panel: Int) -> [LineChart.Series] {
        (0..<30).map { (series: Int) -> LineChart.Series in
            let points = (0..<5_000).map { (x: Int) -> LineChart.Point in
                LineChart.Point(x: Double(x), y: Double((x * (series + 1) + panel) % 1_000))
            }
            return LineChart.Series(name: "\(long)\(series)", points: points)
        }
    }

    private static func rows(_ long: String) -> [FitsGrid.Row] {
        (0..<1_000).map { (row: Int) -> FitsGrid.Row in
            let cells = (0..<100).map { (column: Int) -> FitsGrid.Cell in
                .memory(requiredBytes: Double(column * row), usableBytes: 5_000)
            }
            return FitsGrid.Row(model: "\(long)\(row)", cells: cells)
        }
    }

    /// Wide four-byte characters and grapheme clusters of many scalars: the longest labels in bytes.
    @Test(arguments: [String(repeating: "😀", count: 1_000), String(repeating: "e\u{301}\u{302}\u{303}", count: 300)])
    func outputStaysBoundedPastEveryCap(_ long: String) throws {
        let bars = (0..<500).map { (bar: Int) -> MemoryBreakdownChart.Bar in
            let segments = (0..<20).map { (part: Int) -> MemoryBreakdownChart.Segment in
                MemoryBreakdownChart.Segment(component: "\(long)\(part)", bytes: Double(part) * Self.gib)
            }
            return MemoryBreakdownChart.Bar(label: "\(long) \(bar)", segments: segments)
        }
        let memory = MemoryBreakdownChart(title: long, device: .init(name: long, capacityBytes: 80 * Self.gib), bars: bars)
        let roofs = (0..<50).map { (index: Int) -> RooflineChart.Roof in
            RooflineChart.Roof(name: "\(long)\(index)", peakFLOPsPerSecond: Double(index + 1) * 1e14, bandwidthBytesPerSecond: 3e12, source: .measured)
        }
        let roofline = RooflineChart(title: long, roofs: roofs, operators: Self.operators(long))
        let panels = (0..<10).map { (panel: Int) -> LineChart.Panel in
            LineChart.Panel(yAxis: .init(title: long, quantity: .bytes), series: Self.series(long, panel: panel))
        }
        let line = LineChart(title: long, xAxis: .init(title: long, quantity: .seconds), panels: panels)
        let grid = FitsGrid(title: long, accelerators: (0..<100).map { "\(long)\($0)" }, rows: Self.rows(long))
        for chart in [memory, roofline, line, grid] as [any SVGChart] {
            let svg = chart.svg()
            #expect(svg.utf8.count < 1 << 20, "\(type(of: chart)): \(svg.utf8.count) bytes")
            let document = try #require(SVGChecks.valid(svg))
            #expect(!SVGChecks.notes(document).isEmpty)
            #expect(document.all("title").allSatisfy { $0.text.count <= 5_000 })
        }
        let document = try #require(SVGDocument(line.svg()))
        #expect(document.all("g").filter { $0.attributes["class"] == "panel" }.count == ChartLimits.panels)
        #expect(SVGChecks.notes(document).contains("6 more panels not drawn (at most 4)."))
        #expect(SVGChecks.notes(document).contains("80 more series not drawn (at most 10 a panel)."))
    }
}
