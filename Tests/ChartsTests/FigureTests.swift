import Testing
@testable import Charts

/// Charts stacked into one document.
@Suite("Figure")
struct FigureTests {
    static let figure = Figure(
        title: "Serving on one H100", parts: [.roofline(ChartFixtures.roofline), .lines(ChartFixtures.latency)])

    @Test func stacksEveryPartWithItsOwnTitleAndAxes() throws {
        let svg = Self.figure.svg()
        #expect(svg == Self.figure.svg())
        let document = try #require(SVGChecks.valid(svg))
        let root = try #require(document.root)
        // One root, two nested charts, each as it is drawn alone but for its ids.
        #expect(document.all("svg").count == 3)
        #expect(document.all("g").filter { $0.attributes["class"] == "part" }.count == 2)
        let titles = document.texts(class: "title")
        #expect(titles == ["Serving on one H100", "Roofline", "Latency and throughput against batch size"])
        #expect(svg.contains("Arithmetic intensity") && svg.contains("Batch size (sequences)"))
        // The figure's text alternative names every part and repeats its own.
        let description = try #require(document.all("desc").first?.text)
        #expect(description.hasPrefix("Serving on one H100. Roofline: Roofline on logarithmic axes"))
        #expect(description.contains("Latency and throughput against batch size: "))
        // As tall as its parts, stacked.
        let partsHeight = ChartFixtures.roofline.rendered(idScope: "").height + ChartFixtures.latency.rendered(idScope: "").height
        let height = try #require(root.attributes["height"].flatMap(Double.init))
        #expect(height > partsHeight)
        #expect(root.attributes["width"] == "736")
    }

    /// Equal parts still get distinct ids (`SVGChecks.valid` rejects duplicates).
    @Test func equalPartsDoNotShareIDs() {
        let twice = Figure(title: "Twice", parts: [.fits(ChartFixtures.fits), .fits(ChartFixtures.fits)])
        SVGChecks.valid(twice.svg())
    }

    @Test func partsPastTheCapAreCounted() throws {
        let many = Figure(title: "Many", parts: Array(repeating: .memory(ChartFixtures.memory), count: ChartLimits.figureParts + 2))
        let document = try #require(SVGChecks.valid(many.svg()))
        #expect(document.all("svg").count == ChartLimits.figureParts + 1)
        #expect(SVGChecks.notes(document).contains("2 more charts not drawn (at most \(ChartLimits.figureParts))."))
    }
}
