/// Operators on an accelerator's roofline (seeds 003 and 004): at the spec sheet's roofs and, when
/// the accelerator has measured figures, at the measured ones, which move the ridge.
public struct RooflineEstimate: Hashable, Sendable {
    public struct Placed: Hashable, Sendable {
        public var operation: RooflineOperator
        public var point: RooflinePoint
        /// At the measured roofs; nil when nothing was measured.
        public var measured: RooflinePoint?
    }

    public var precision: Precision
    public var roofs: Roofs
    public var measuredRoofs: Roofs?
    public var operators: [Placed]
    /// The operators one after another.
    public var flops: Double
    public var bytes: Double
    public var seconds: Double
    /// Nil when nothing was measured.
    public var measuredSeconds: Double?

    /// Validates `options`, then places every operator.
    public static func estimate(_ options: RooflineOptions) throws(EstimationError) -> RooflineEstimate {
        try options.validate()
        let roofs = try Roofs(options.accelerator, precision: options.precision)
        let measured = Roofs.measured(options.accelerator, precision: options.precision)
        var estimate = RooflineEstimate(
            precision: options.precision, roofs: roofs, measuredRoofs: measured, operators: [], flops: 0, bytes: 0,
            seconds: 0, measuredSeconds: measured.map { _ in 0 })
        estimate.operators.reserveCapacity(options.operators.count)
        for operation in options.operators {
            let point = roofs.place(flops: operation.flops, bytes: operation.bytes)
            let measuredPoint = measured?.place(flops: operation.flops, bytes: operation.bytes)
            estimate.operators.append(Placed(operation: operation, point: point, measured: measuredPoint))
            estimate.flops += operation.flops
            estimate.bytes += operation.bytes
            estimate.seconds += point.seconds
            if let measuredPoint { estimate.measuredSeconds? += measuredPoint.seconds }
        }
        return estimate
    }
}
