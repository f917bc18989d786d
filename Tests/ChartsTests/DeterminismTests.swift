import Testing
@testable import Charts

@Suite("Determinism")
struct DeterminismTests {
    @Test(arguments: ChartFixtures.all.indices)
    func sameInputGivesSameBytes(_ index: Int) {
        let chart = ChartFixtures.all[index]
        let first = chart.svg()
        #expect(first == chart.svg())
        SVGChecks.valid(first)
    }

    /// The id prefix is a hash of the drawing, so pinning it pins the bytes across processes (where
    /// Swift's seeded hashing would expose any dependence on dictionary order) and across changes.
    /// A deliberate change to the drawing changes these: look at the examples, then update them.
    @Test func bytesArePinned() {
        let prefixes = ChartFixtures.all.map { chart in
            chart.svg().split(separator: "\"").first { $0.hasSuffix("-title") }.map { String($0.dropLast(6)) } ?? ""
        }
        #expect(prefixes == Self.pinned)
    }

    private static let pinned = ["ccf16738ab2731ba9", "cf00ab234692a75c8", "c512b3a39617d933d", "c6bf11d6861824319"]

    @Test func differentChartsGetDifferentIDs() {
        var other = ChartFixtures.memory
        other.title = "Another title"
        let a = ChartFixtures.memory.svg(), b = other.svg()
        let idsA = Set(SVGChecks.valid(a)?.elements.compactMap { $0.attributes["id"] } ?? [])
        let idsB = Set(SVGChecks.valid(b)?.elements.compactMap { $0.attributes["id"] } ?? [])
        #expect(!idsA.isEmpty && idsA.isDisjoint(with: idsB))
    }

    @Test func noNonFiniteNumberIsEverPrinted() {
        for chart in ChartFixtures.all {
            let svg = chart.svg()
            for word in ["nan", "NaN", "inf", "Infinity"] {
                #expect(!svg.contains("\"\(word)") && !svg.contains(" \(word)\""))
            }
        }
    }
}
