import Testing
@testable import Charts

/// What each chart draws, read back from its parsed SVG.
@Suite("Chart structure")
struct ChartStructureTests {
    @Test(arguments: ChartFixtures.all.indices)
    func everyChartIsAnAccessibleImage(_ index: Int) throws {
        let svg = ChartFixtures.all[index].svg()
        let document = try #require(SVGDocument(svg))
        let root = try #require(document.root)
        #expect(root.name == "svg")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root.attributes["role"] == "img")
        let title = try #require(document.all("title").first)
        let desc = try #require(document.all("desc").first)
        #expect(title.ancestors == ["svg"] && desc.ancestors == ["svg"])
        #expect(root.attributes["aria-labelledby"] == "\(title.attributes["id"] ?? "-") \(desc.attributes["id"] ?? "-")")
        #expect(!title.text.isEmpty && desc.text.count > title.text.count)
        // The card: an opaque white background behind everything, for dark dashboards.
        let card = try #require(document.all("rect").first)
        #expect(card.attributes["fill"] == "#ffffff")
        let width = try #require(root.attributes["width"].flatMap(Double.init))
        let height = try #require(root.attributes["height"].flatMap(Double.init))
        #expect(root.attributes["viewBox"] == "0 0 \(root.attributes["width"] ?? "") \(root.attributes["height"] ?? "")")
        #expect(width >= 480 && height > 200)
    }

    @Test func memoryBreakdownStacksEachComponentAndMarksTheFit() throws {
        let document = try #require(SVGDocument(ChartFixtures.memory.svg()))
        #expect(document.texts(inGroup: "legend") == ["weights", "optimizer states", "activations"])
        #expect(document.texts(inGroup: "y-axis").prefix(5) == ["0", "20", "40", "60", "80"])
        #expect(document.texts(inGroup: "y-axis").last == "Memory per GPU (GiB)")
        // Six segments, each with its tooltip; totals marked ✓ (60 GiB ≤ 72) and ✗ (90 GiB > 72).
        let segments = document.elements.filter { $0.name == "rect" && $0.groupClasses.contains("bar") }
        #expect(segments.count == 6)
        #expect(document.tooltips.contains("stage 1 · activations: 40 GiB"))
        #expect(document.texts(class: "label-strong").contains("✓ 60 GiB"))
        #expect(document.texts(class: "label-strong").contains("✗ 90 GiB"))
        #expect(document.texts(inGroup: "bar-labels").filter { $0.hasPrefix("stage") } == ["stage 0", "stage 1"])
        // The capacity and the fit line, labelled in the margin.
        #expect(document.texts(class: "label") == ["capacity", "fit line"])
        #expect(document.texts(class: "label-strong").contains("80 GiB"))
        #expect(document.texts(class: "subtitle") == ["H100 SXM · 80 GiB capacity · 72 GiB usable (fit line)"])
        let desc = try #require(document.all("desc").first).text
        #expect(desc.contains("stage 1: 90 GiB, does not fit, 18 GiB over (weights 20 GiB, optimizer states 30 GiB, activations 40 GiB)"))
    }

    @Test func rooflinePlacesOperatorsAndLabelsBothRoofs() throws {
        let document = try #require(SVGDocument(ChartFixtures.roofline.svg()))
        #expect(document.texts(inGroup: "y-axis").contains("1 PFLOP/s"))
        #expect(document.texts(inGroup: "y-axis").last == "Attainable performance (FLOP/s)")
        #expect(document.texts(inGroup: "x-axis").contains("100"))
        #expect(document.texts(inGroup: "x-axis").last == "Arithmetic intensity (FLOP/B)")
        let legend = document.texts(inGroup: "legend")
        #expect(legend.contains("spec: 989 TFLOP/s, 3.35 TB/s"))
        #expect(legend.contains("measured: 700 TFLOP/s, 3 TB/s"))
        #expect(legend.contains("compute-bound operator") && legend.contains("memory-bound operator"))
        // Both roofs: a solid and a dashed path, each named with its peak and ridge in the margin.
        let roofs = document.elements.filter { $0.name == "path" && $0.groupClasses.contains("roofs") }
        #expect(roofs.count == 2)
        #expect(roofs.map { $0.attributes["stroke-dasharray"] == nil } == [true, false])
        let margin = document.texts(inGroup: "roof-labels")
        #expect(margin == ["spec", "989 TFLOP/s", "ridge 295 FLOP/B", "measured", "700 TFLOP/s", "ridge 233 FLOP/B"])
        // Ridges marked; operators by shape and colour, named, with tooltips.
        #expect(document.tooltips.contains("spec: ridge 295 FLOP/B"))
        #expect(document.tooltips.contains("mlp up (compute-bound): 800 FLOP/B, 600 TFLOP/s"))
        #expect(document.tooltips.contains("attention scores (memory-bound): 2 FLOP/B, 5 TFLOP/s"))
        #expect(document.texts(inGroup: "operators") == ["attention scores", "mlp up"])
        let circles = document.elements.filter { $0.name == "circle" && $0.groupClasses.contains("operators") }
        #expect(circles.map { $0.attributes["fill"] } == [Palette.computeBound])
    }

    @Test func lineChartSharesItsXAxisBetweenPanels() throws {
        let document = try #require(SVGDocument(ChartFixtures.latency.svg()))
        #expect(document.texts(inGroup: "legend") == ["H100", "A100"])
        #expect(document.all("g").filter { $0.attributes["class"] == "panel" }.count == 2)
        let xLabels = document.elements.filter { $0.name == "text" && $0.groupClasses.contains("x-axis") }.map(\.text)
        #expect(xLabels == ["1", "2", "5", "10", "20", "Batch size (sequences)"])
        let yTitles = document.elements.filter { $0.name == "text" && $0.attributes["class"] == "axis-title" && $0.groupClasses.contains("y-axis") }
        #expect(yTitles.map(\.text) == ["Latency per token (ms)", "Throughput (tokens/s)"])
        #expect(document.texts(inGroup: "y-axis").contains("1.2k") || document.texts(inGroup: "y-axis").contains("1k"))
        let lines = document.elements.filter { $0.name == "path" && $0.groupClasses.contains("series") && $0.attributes["fill"] == "none" }
        #expect(lines.count == 4)
        #expect(document.tooltips.contains("H100: Batch size 16 sequences, Latency per token 13.5 ms"))
        let desc = try #require(document.all("desc").first).text
        #expect(desc.contains("Throughput: H100: 3 points, from 140 tokens/s at 1 sequences to 1.2k tokens/s at 16 sequences"))
    }

    @Test func fitsGridCellsReadWithoutColour() throws {
        let document = try #require(SVGDocument(ChartFixtures.fits.svg()))
        #expect(document.texts(class: "cell-head") == ["✓ fits", "! tight", "✗ no fit", "– n/a"])
        let details = document.texts(class: "label")
        #expect(details.prefix(3) == ["32 GiB free", "4 GiB free", "68 GiB short"])
        // A reason too long for its cell is cut there, and whole in the tooltip and the description.
        #expect(details.last?.hasPrefix("heads not") == true && details.last?.hasSuffix("…") == true)
        #expect(document.tooltips.contains("llama-3-70b on H100 SXM: n/a, heads not divisible"))
        #expect(document.texts(inGroup: "headers") == ["A100 80GB", "H100 SXM", "llama-3-8b", "llama-3-70b"])
        #expect(document.tooltips.contains("llama-3-70b on A100 80GB: no fit, 68 GiB short"))
        let legend = document.texts(inGroup: "legend")
        #expect(legend.first == "✓ fits (10% or more of usable memory free)")
        #expect(legend.count == 4)
    }
}
