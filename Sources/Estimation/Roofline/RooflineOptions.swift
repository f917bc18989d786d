/// What a roofline analysis (`POST /v1/roofline`) places where. API names in brackets.
public struct RooflineOptions: Hashable, Sendable {
    /// The roofs: its spec-sheet figures, and its measured ones when it has them [hardware].
    public var accelerator: Accelerator
    /// Whose peak is the compute roof [precision].
    public var precision: Precision
    /// 1 to 4,096 operators [operators].
    public var operators: [RooflineOperator]

    public init(accelerator: Accelerator, precision: Precision? = nil, operators: [RooflineOperator]) {
        self.accelerator = accelerator
        self.precision = precision ?? Self.defaultPrecision(for: accelerator)
        self.operators = operators
    }

    /// bf16 where the device has it (what models run in), else fp32, else its first precision.
    public static func defaultPrecision(for accelerator: Accelerator) -> Precision {
        for precision in [Precision.bf16, .fp32] where accelerator.peak(precision) != nil { return precision }
        return Precision.allCases.first { accelerator.peak($0) != nil } ?? .bf16
    }

    /// At most this many operators, which bounds the work a request can ask for.
    public static let maximumOperators = 4096
    /// Counts to 10^30: beyond any kernel, far from Double's limits. FLOPs from 0 (a copy), bytes
    /// from 1: an operator that moves nothing has no intensity, and every real one reads its inputs.
    static let flops: ClosedRange<Double> = 0...1e30
    static let bytes: ClosedRange<Double> = 1...1e30

    /// Every issue at once: the operators' (`operators[i].flops`, …), the hardware's figures and
    /// a peak for the precision.
    public func validate() throws(EstimationError) {
        var validation = FieldValidation()
        validation.include { () throws(EstimationError) in try Self.validate(operators: operators) }
        validation.include { () throws(EstimationError) in try Self.validateRoofs(accelerator, precision: precision) }
        try validation.check()
    }

    /// The operator count and each operator's counts.
    public static func validate(operators: [RooflineOperator]) throws(EstimationError) {
        var validation = FieldValidation()
        if operators.isEmpty || operators.count > maximumOperators {
            validation.fail("operators", "must list 1 to \(maximumOperators) operators, got \(operators.count)")
        }
        for (index, item) in operators.prefix(maximumOperators).enumerated() {
            validation.require(item.flops, in: flops, field: "operators[\(index)].flops")
            validation.require(item.bytes, in: bytes, field: "operators[\(index)].bytes")
        }
        try validation.check()
    }

    /// The accelerator's figures, and a peak for `precision`.
    public static func validateRoofs(_ accelerator: Accelerator, precision: Precision) throws(EstimationError) {
        var validation = FieldValidation()
        validation.include { () throws(EstimationError) in try accelerator.validated() }
        validation.include { () throws(EstimationError) in try Roofs(accelerator, precision: precision) }
        try validation.check()
    }
}
