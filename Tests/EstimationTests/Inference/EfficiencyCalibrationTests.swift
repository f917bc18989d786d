import Testing
@testable import Estimation

/// The efficiency's defaults against the H200's kernels (C1–C4): the roofline at the spec sheet's
/// roofs is a lower bound on every measured time, and the expected time is within 10 % of it, as
/// docs/inference.md states.
@Suite("Efficiency calibrated on the H200")
struct EfficiencyCalibrationTests {
    static let statedError = 0.10

    let h200 = HardwareCatalogue.named("h200-sxm")

    private func check(
        matrix: Double, vector: Double = 0, bytes: Double, measuredMilliseconds: Double
    ) throws {
        let accelerator = try #require(h200)
        let roofs = try Roofs(accelerator, precision: .bf16)
        let point = roofs.place(
            matrixFlops: matrix, vectorFlops: vector, vectorPeakFlopsPerSecond: try #require(accelerator.peak(.fp32)),
            bytes: bytes)
        let measured = measuredMilliseconds / 1e3
        #expect(point.seconds < measured, "the roofline is a lower bound")
        let expected = Efficiency.calibrated.seconds(point, kernels: 1)
        #expect(abs(expected / measured - 1) <= Self.statedError, "expected \(expected) s, measured \(measured) s")
    }

    @Test func matmulPeak() throws {
        let c1 = H200Measurements.matmulPeak
        try check(matrix: c1.flops, bytes: c1.bytes, measuredMilliseconds: c1.milliseconds)
    }

    @Test func copy() throws {
        let c2 = H200Measurements.copy
        try check(matrix: 0, bytes: c2.bytes, measuredMilliseconds: c2.milliseconds)
    }

    @Test(arguments: H200Measurements.matmulSweep)
    func matmulSweep(_ c3: H200Measurements.MatmulCase) throws {
        try check(matrix: c3.flops, bytes: c3.bytes, measuredMilliseconds: c3.milliseconds)
    }

    /// Seed 003's element-wise sum in bf16, on the vector units.
    @Test func elementwiseAdd() throws {
        let sum = ElementwiseSum(elements: H200Measurements.add.elements, bytesPerValue: 2)
        #expect(sum.bytes == 1_610_612_736)
        try check(matrix: 0, vector: sum.flops, bytes: sum.bytes, measuredMilliseconds: H200Measurements.add.milliseconds)
    }

    @Test func defaultsAreInRange() throws {
        try Efficiency.calibrated.validate()
        #expect(throws: EstimationError.self) { try Efficiency(compute: 0).validate() }
        #expect(throws: EstimationError.self) { try Efficiency(bandwidth: 1.5).validate() }
        #expect(throws: EstimationError.self) { try Efficiency(kernelOverheadSeconds: -1).validate() }
    }
}
