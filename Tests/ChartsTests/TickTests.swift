import Testing
@testable import Charts

@Suite("Axis ticks")
struct TickTests {
    private static let gib = 1_073_741_824.0

    private func labels(_ ticks: AxisTicks) -> [String] { ticks.ticks.compactMap(\.label) }

    @Test func niceStepsAreOneTwoFive() {
        #expect(NiceStep.atLeast(0.3) == NiceStep(mantissa: 5, exponent: -1))
        #expect(NiceStep.atLeast(1) == NiceStep(mantissa: 1, exponent: 0))
        #expect(NiceStep.atLeast(1.01) == NiceStep(mantissa: 2, exponent: 0))
        #expect(NiceStep.atLeast(6) == NiceStep(mantissa: 1, exponent: 1))
        #expect(NiceStep.atMost(7) == NiceStep(mantissa: 5, exponent: 0))
        #expect(NiceStep.atMost(1.9) == NiceStep(mantissa: 1, exponent: 0))
        #expect(NiceStep.atMost(0.02) == NiceStep(mantissa: 2, exponent: -2))
        #expect(NiceStep(mantissa: 5, exponent: 2).next == NiceStep(mantissa: 1, exponent: 3))
    }

    @Test func memoryAxisReadsInGiB() {
        let ticks = LinearTicks.make(lower: 0, upper: 80e9, quantity: .bytes, maxTicks: 7)
        #expect(labels(ticks) == ["0", "10", "20", "30", "40", "50", "60", "70", "80"] || labels(ticks) == ["0", "20", "40", "60", "80"])
        #expect(ticks.titleUnit == "GiB")
        #expect(ticks.title("Memory") == "Memory (GiB)")
        #expect(ticks.lower == 0)
        #expect(ticks.upper == 80 * Self.gib)
        #expect(ticks.ticks.count <= 7)
    }

    @Test func linearTicksAreExactDecimals() {
        let ticks = LinearTicks.make(lower: 0, upper: 0.3, quantity: .count(""), maxTicks: 7)
        #expect(labels(ticks) == ["0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3"])
        #expect(ticks.upper == 0.3)
    }

    @Test func linearAxesIncludeZeroAndNegativeValues() {
        let ticks = LinearTicks.make(lower: -35, upper: 12, quantity: .count(""), maxTicks: 6)
        #expect(labels(ticks) == ["-40", "-30", "-20", "-10", "0", "10", "20"] || labels(ticks) == ["-40", "-20", "0", "20"])
        let positive = LinearTicks.make(lower: 40, upper: 45, quantity: .count(""), maxTicks: 6)
        #expect(positive.lower == 0)
        #expect(labels(positive).first == "0")
    }

    @Test func countsTakeSuffixesAndTheirUnitGoesToTheTitle() {
        let ticks = LinearTicks.make(lower: 0, upper: 131_072, quantity: .count("tokens"), maxTicks: 8)
        #expect(labels(ticks) == ["0", "20k", "40k", "60k", "80k", "100k", "120k", "140k"])
        #expect(ticks.title("Context length") == "Context length (tokens)")
    }

    @Test func degenerateRangesStillHaveTwoTicks() {
        let zero = LinearTicks.make(lower: 0, upper: 0, quantity: .seconds, maxTicks: 6)
        #expect(zero.ticks.count >= 2)
        #expect(zero.upper > zero.lower)
        let huge = LinearTicks.make(lower: -1e308, upper: 1e308, quantity: .count(""), maxTicks: 6)
        #expect(huge.ticks.count >= 2 && huge.ticks.allSatisfy { $0.value.isFinite })
    }

    @Test func secondsPickTheirUnitFromTheRange() {
        #expect(LinearTicks.make(lower: 0, upper: 0.0148, quantity: .seconds, maxTicks: 6).titleUnit == "ms")
        #expect(LinearTicks.make(lower: 0, upper: 2e-5, quantity: .seconds, maxTicks: 6).titleUnit == "µs")
        #expect(LinearTicks.make(lower: 0, upper: 3600, quantity: .seconds, maxTicks: 6).titleUnit == "s")
    }

    @Test func rooflineAxesLabelDecadesWithUnits() {
        let ticks = LogTicks.make(lower: 1e9, upper: 1e15, quantity: .flopsPerSecond, maxLabels: 9)
        #expect(labels(ticks) == ["1 GFLOP/s", "10 GFLOP/s", "100 GFLOP/s", "1 TFLOP/s", "10 TFLOP/s", "100 TFLOP/s", "1 PFLOP/s"])
        #expect(ticks.lower == 1e9 && ticks.upper == 1e15)
        #expect(ticks.title("Attainable performance") == "Attainable performance (FLOP/s)")
    }

    @Test func logAxesEndAtOneTwoFiveValuesAroundTheData() {
        let ticks = LogTicks.make(lower: 11.7e-6, upper: 1.44e-3, quantity: .seconds, maxLabels: 7)
        #expect(ticks.lower == 1e-5)
        #expect(ticks.upper == 2e-3)
        #expect(labels(ticks) == ["10 µs", "100 µs", "1 ms", "2 ms"])
        #expect(ticks.ticks.filter { !$0.isMajor && $0.label == nil }.count > 0)
    }

    @Test func narrowLogAxesLabelTwoAndFive() {
        let ticks = LogTicks.make(lower: 1, upper: 100, quantity: .count("tokens"), maxLabels: 10)
        #expect(labels(ticks) == ["1", "2", "5", "10", "20", "50", "100"])
    }

    @Test func wideLogAxesLabelEveryFewDecades() {
        let ticks = LogTicks.make(lower: 1e-12, upper: 1e12, quantity: .count(""), maxLabels: 7)
        #expect(ticks.ticks.filter { $0.label != nil }.count <= 7)
        #expect(ticks.lower <= 1e-12 && ticks.upper >= 1e12)
        #expect(ticks.ticks.allSatisfy { $0.label == nil || $0.isMajor || $0.value == ticks.lower || $0.value == ticks.upper })
    }

    @Test func byteLogAxesUsePowersOfTwo() {
        let ticks = LogTicks.make(lower: Self.gib, upper: 100 * Self.gib, quantity: .bytes, maxLabels: 9)
        #expect(labels(ticks) == ["1 GiB", "2 GiB", "4 GiB", "8 GiB", "16 GiB", "32 GiB", "64 GiB", "128 GiB"])
        let wide = LogTicks.make(lower: 1024, upper: 1e12, quantity: .bytes, maxLabels: 6)
        #expect(labels(wide) == ["1 KiB", "1 MiB", "1 GiB", "1 TiB"])
    }

    @Test func extremeLogRangesTerminateWithFewLabels() {
        for quantity in [Quantity.flopsPerSecond, .bytes, .seconds, .count("")] {
            let ticks = LogTicks.make(lower: 1e-300, upper: 1e300, quantity: quantity, maxLabels: 8)
            #expect(ticks.ticks.filter { $0.label != nil }.count <= 8)
            #expect(ticks.ticks.allSatisfy { $0.value.isFinite && $0.value > 0 })
            #expect(ticks.ticks.compactMap(\.label).allSatisfy { $0.count < 20 }, "\(ticks.ticks.compactMap(\.label))")
        }
    }

    @Test func overlappingLabelsAreThinned() {
        let ticks = LinearTicks.make(lower: 0, upper: 1e12, quantity: .count("FLOP"), maxTicks: 11)
        let cramped = AxisScale(ticks: ticks, logarithmic: false, start: 0, end: 60)
        let shown = AxisDrawing.visibleLabels(cramped) { TextMetrics.width(of: $0, fontSize: 12) }
        #expect(shown.count < ticks.ticks.count)
        for (a, b) in zip(shown, shown.dropFirst()) {
            let needed = (TextMetrics.width(of: a.1, fontSize: 12) + TextMetrics.width(of: b.1, fontSize: 12)) / 2
            #expect(b.0 - a.0 >= needed)
        }
        let roomy = AxisScale(ticks: ticks, logarithmic: false, start: 0, end: 800)
        #expect(AxisDrawing.visibleLabels(roomy) { TextMetrics.width(of: $0, fontSize: 12) }.count == ticks.ticks.count)
    }

    @Test func logScalePlacesOnlyPositiveValues() {
        let scale = AxisScale(ticks: LogTicks.make(lower: 1, upper: 1000, quantity: .count(""), maxLabels: 8), logarithmic: true, start: 0, end: 300)
        #expect(scale.position(1) == 0)
        #expect(scale.position(1000) == 300)
        #expect(scale.position(10).map { abs($0 - 100) < 1e-9 } == true)
        #expect(scale.position(0) == nil)
        #expect(scale.position(-5) == nil)
        #expect(scale.position(.nan) == nil)
        #expect(scale.position(.infinity) == nil)
    }
}
