/// A spec that passed validation, with its parameter count. `/v1/estimate` computes four sections
/// for one spec, and each would otherwise validate and count it again.
public struct CountedSpec: Sendable {
    public let spec: ModelSpec
    public let parameters: ParameterBreakdown

    /// Validates and counts `spec` (through `ParameterCounter`).
    public init(_ spec: ModelSpec) throws(EstimationError) {
        self.spec = spec
        parameters = try ParameterCounter.count(spec)
    }
}
