/// How far below the roofs real kernels run, which turns the roofline's lower bound into an
/// expected time: a kernel reaches a fraction `compute` of the peak and `bandwidth` of the memory
/// bandwidth, and costs a fixed `kernelOverheadSeconds` besides (launch, ramp-up, the tail wave),
///
///     expected = max(compute time / compute, memory time / bandwidth) + kernels × overhead.
///
/// The defaults are fitted to the H200 measured for this project (a bf16 matmul from M = 1 to
/// 8192, an 8192³ matmul, a copy and an element-wise add): every one within 10 % of its
/// measured time (docs/inference.md has the comparison).
public struct Efficiency: Hashable, Sendable {
    /// Fraction of the compute peak a kernel reaches, in (0, 1] [compute].
    public var compute: Double
    /// Fraction of the memory bandwidth a kernel reaches, in (0, 1] [bandwidth].
    public var bandwidth: Double
    /// Seconds every kernel costs besides its work, 0 to 1 [kernel_overhead_seconds].
    public var kernelOverheadSeconds: Double

    public init(
        compute: Double = Efficiency.calibrated.compute, bandwidth: Double = Efficiency.calibrated.bandwidth,
        kernelOverheadSeconds: Double = Efficiency.calibrated.kernelOverheadSeconds
    ) {
        self.compute = compute
        self.bandwidth = bandwidth
        self.kernelOverheadSeconds = kernelOverheadSeconds
    }

    /// Fitted to the H200 measurements, minimising the largest relative error.
    public static let calibrated = Efficiency(compute: 0.72, bandwidth: 0.88, kernelOverheadSeconds: 4.6e-6)

    /// The expected time of an operator placed at `point` that runs as `kernels` kernels.
    public func seconds(_ point: RooflinePoint, kernels: Double) -> Double {
        max(point.computeSeconds / compute, point.memorySeconds / bandwidth) + kernels * kernelOverheadSeconds
    }

    /// Each figure in its range; issues are named `efficiency.<field>`.
    public func validate() throws(EstimationError) {
        var validation = FieldValidation()
        validation.require(compute, in: 0...1, openLower: true, field: "efficiency.compute")
        validation.require(bandwidth, in: 0...1, openLower: true, field: "efficiency.bandwidth")
        validation.require(kernelOverheadSeconds, in: 0...1, field: "efficiency.kernel_overhead_seconds")
        try validation.check()
    }
}
