import Testing
@testable import Estimation

/// Seeds 003 and 004's roofline numbers, exactly, through `POST /v1/roofline`'s computation.
@Suite("Roofline: seeds 003 and 004")
struct RooflineSeedTests {
    let i9 = HardwareCatalogue.named("i9-10980xe")

    /// Seed 004: 4.608 TFLOP/s and 96 GB/s meet at 48 FLOP/byte; OP4, a depthwise convolution of
    /// intensity 2.346, reaches 4.9 % of the peak (2.346 × 96 / 4608 = 0.048875); the measured
    /// 2.86 TFLOP/s and 74 GB/s move the ridge to 38.6.
    @Test func seedFourRidgeFractionAndMeasuredRidge() throws {
        let estimate = try RooflineEstimate.estimate(RooflineOptions(
            accelerator: try #require(i9), operators: [RooflineOperator(name: "OP4", flops: 2.346e9, bytes: 1e9)]))
        #expect(estimate.precision == .fp32)
        #expect(estimate.roofs.ridgeIntensity == 48)
        let op4 = try #require(estimate.operators.first)
        #expect(op4.point.intensity == 2.346)
        #expect(op4.point.bound == .memory)
        #expect(abs(op4.point.fractionOfPeak - 0.048875) < 1e-15)
        #expect((op4.point.fractionOfPeak * 1000).rounded() == 49)  // 4.9 %
        let measured = try #require(estimate.measuredRoofs)
        #expect(measured.peakFlopsPerSecond == 2.86e12 && measured.bandwidthBytesPerSecond == 74e9)
        #expect((measured.ridgeIntensity * 10).rounded() == 386)  // 38.6
        #expect(abs(measured.ridgeIntensity - 2.86e12 / 74e9) < 1e-12)
        // The measured bandwidth is lower, so OP4 takes longer there: 1 GB at 74 GB/s.
        #expect(op4.measured?.seconds == 1e9 / 74e9)
    }

    /// The old `i9-10980xe-measured` preset is now an alias: the same CPU with its measured
    /// figures as its roofs.
    @Test func measuredAliasKeepsItsRoofs() throws {
        let alias = try #require(HardwareCatalogue.named("i9-10980xe-measured"))
        let roofs = try Roofs(alias, precision: .fp32)
        #expect(roofs.peakFlopsPerSecond == 2.86e12 && roofs.bandwidthBytesPerSecond == 74e9)
        #expect(alias.measured.isEmpty)
        #expect(!HardwareCatalogue.all.contains { $0.name == alias.name })
    }

    /// Seed 003: adding two N×C×H×W tensors is N·C·H·W FLOPs and 3·N·C·H·W·sizeof bytes (two read,
    /// one written); on the i9 it sits far left of the ridge, at 1/12 FLOP/byte in fp32.
    @Test func seedThreeElementwiseSum() throws {
        let (n, c, h, w) = (8.0, 64.0, 56.0, 56.0)
        let sum = ElementwiseSum(elements: n * c * h * w, bytesPerValue: 4)
        #expect(sum.flops == n * c * h * w)
        #expect(sum.bytes == 3 * n * c * h * w * 4)
        #expect(sum.bytesRead == 2 * n * c * h * w * 4 && sum.bytesWritten == n * c * h * w * 4)
        let estimate = try RooflineEstimate.estimate(RooflineOptions(
            accelerator: try #require(i9), operators: [RooflineOperator(name: "add", sum)]))
        let point = try #require(estimate.operators.first).point
        #expect(point.intensity == 1.0 / 12 && point.bound == .memory)
        #expect(point.seconds == sum.bytes / 96e9)
    }

    /// Measured roofs exist only where something was measured; a precision that was not measured
    /// keeps its spec-sheet peak beside the measured bandwidth.
    @Test func measuredRoofsNeedAMeasurement() throws {
        let h100 = try #require(HardwareCatalogue.named("h100-sxm"))
        #expect(Roofs.measured(h100, precision: .bf16) == nil)
        let h200 = try #require(HardwareCatalogue.named("h200-sxm"))
        #expect(Roofs.measured(h200, precision: .bf16) == Roofs(peakFlopsPerSecond: 774.5e12, bandwidthBytesPerSecond: 4276e9))
        #expect(Roofs.measured(h200, precision: .fp8) == Roofs(peakFlopsPerSecond: 1978.9e12, bandwidthBytesPerSecond: 4276e9))
    }

    @Test func mixedUnitsChargeVectorWorkAtItsOwnPeak() {
        let roofs = Roofs(peakFlopsPerSecond: 100, bandwidthBytesPerSecond: 10)
        let point = roofs.place(matrixFlops: 100, vectorFlops: 10, vectorPeakFlopsPerSecond: 5, bytes: 10)
        #expect(point.computeSeconds == 3 && point.memorySeconds == 1 && point.seconds == 3)
        #expect(point.bound == .compute && point.intensity == 11)
        #expect(roofs.place(matrixFlops: 50, vectorFlops: 0, vectorPeakFlopsPerSecond: 5, bytes: 10)
            == roofs.place(flops: 50, bytes: 10))
    }

    @Test func invalidOperatorsAreNamed() throws {
        let cpu = try #require(i9)
        func fields(_ options: RooflineOptions) -> [String] {
            do {
                try options.validate()
                return []
            } catch {
                return error.issues.map(\.field)
            }
        }
        #expect(fields(RooflineOptions(accelerator: cpu, operators: [])) == ["operators"])
        #expect(fields(RooflineOptions(accelerator: cpu, operators: [
            RooflineOperator(name: "a", flops: -1, bytes: 0), RooflineOperator(name: "b", flops: .nan, bytes: 1e31),
        ])) == ["operators[0].flops", "operators[0].bytes", "operators[1].flops", "operators[1].bytes"])
        #expect(fields(RooflineOptions(
            accelerator: cpu, precision: .bf16, operators: [RooflineOperator(name: "a", flops: 1, bytes: 1)])) == ["precision"])
    }
}
