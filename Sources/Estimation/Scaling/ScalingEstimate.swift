#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A network scaled by a flops multiplier: the stages before and after, the exact complexity of
/// both (pycls's conventions: flops = MACs + bias additions, params, acts; and MACs), and the
/// paper's predictions beside the ratios the rounding actually gives.
public struct ScalingEstimate: Sendable {
    public struct Complexity: Hashable, Sendable {
        public var pyclsFlops: Int
        public var macs: Int
        public var parameters: Int
        public var activations: Int
    }

    /// Scaled over base, actual and predicted (`s^exponent`).
    public struct Ratio: Hashable, Sendable {
        public var actual: Double
        public var predicted: Double
    }

    public var base: StagedNetwork
    public var scaled: StagedNetwork
    public var flopsMultiplier: Double
    public var exponents: ScalingExponents
    public var factors: ScalingFactors
    public var baseComplexity: Complexity
    public var scaledComplexity: Complexity
    public var flops: Ratio
    public var parameters: Ratio
    public var activations: Ratio
}

/// What a scaling request asks for.
public struct ScalingOptions: Hashable, Sendable {
    /// `s`, from 1/64 to 1024 [flops_multiplier].
    public var flopsMultiplier: Double
    /// [strategy] or [alpha].
    public var strategy: ScalingStrategy
    /// Scale group widths with widths, as the paper does unless it says otherwise [scale_group_width].
    public var scaleGroupWidth: Bool

    public init(flopsMultiplier: Double, strategy: ScalingStrategy, scaleGroupWidth: Bool = true) {
        self.flopsMultiplier = flopsMultiplier
        self.strategy = strategy
        self.scaleGroupWidth = scaleGroupWidth
    }

    public static let multipliers: ClosedRange<Double> = 1.0 / 64...1024

    public func validate() throws(EstimationError) {
        var validation = FieldValidation()
        validation.require(flopsMultiplier, in: Self.multipliers, field: "flops_multiplier")
        validation.include { () throws(EstimationError) in try strategy.validate() }
        try validation.check()
    }
}

public enum NetworkScaling {
    /// Scales `base` (validated first: its issues name its fields) and counts both networks.
    public static func estimate(_ base: StagedNetwork, _ options: ScalingOptions) throws(EstimationError) -> ScalingEstimate {
        let issues = collect { () throws(EstimationError) in try base.validate() } + collect { () throws(EstimationError) in try options.validate() }
        if !issues.isEmpty { throw EstimationError(issues: issues) }
        let exponents = options.strategy.exponents
        let factors = ScalingFactors(exponents, flopsMultiplier: options.flopsMultiplier, scaleGroupWidth: options.scaleGroupWidth)
        let scaled = ModelScaler.scale(base, by: factors)
        let scaledIssues = collect { () throws(EstimationError) in try scaled.validate() }
        if !scaledIssues.isEmpty {
            throw EstimationError(
                field: "flops_multiplier",
                message: "\(options.flopsMultiplier) scales the network out of range: "
                    + scaledIssues.map { "\($0.field) \($0.message)" }.joined(separator: "; "))
        }
        let baseComplexity = try complexity(base, field: "network")
        let scaledComplexity = try complexity(scaled, field: "flops_multiplier")
        func ratio(_ value: KeyPath<Complexity, Int>, _ exponent: Double) -> ScalingEstimate.Ratio {
            ScalingEstimate.Ratio(
                actual: Double(scaledComplexity[keyPath: value]) / Double(baseComplexity[keyPath: value]),
                predicted: pow(options.flopsMultiplier, exponent))
        }
        return ScalingEstimate(
            base: base, scaled: scaled, flopsMultiplier: options.flopsMultiplier, exponents: exponents, factors: factors,
            baseComplexity: baseComplexity, scaledComplexity: scaledComplexity,
            flops: ratio(\.pyclsFlops, exponents.flops), parameters: ratio(\.parameters, exponents.parameters),
            activations: ratio(\.activations, exponents.activations))
    }

    typealias Complexity = ScalingEstimate.Complexity

    /// The network's exact counts at batch 1; a network too large to count is an issue on `field`.
    private static func complexity(_ staged: StagedNetwork, field: String) throws(EstimationError) -> Complexity {
        let estimate: NetworkEstimate
        do {
            estimate = try NetworkEstimator.estimate(try Network(resolving: staged.network), NetworkOptions())
        } catch {
            throw EstimationError(
                field: field,
                message: "gives a network that cannot be counted: " + error.issues.map { "\($0.field): \($0.message)" }.joined(separator: "; "))
        }
        return Complexity(
            pyclsFlops: estimate.totals.pyclsFlops, macs: estimate.totals.macs, parameters: estimate.totals.parameters,
            activations: estimate.totals.activations)
    }

    private static func collect(_ body: () throws(EstimationError) -> Void) -> [EstimationError.Issue] {
        do {
            try body()
            return []
        } catch {
            return error.issues
        }
    }
}
