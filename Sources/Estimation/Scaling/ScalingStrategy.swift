#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How to spend a flops multiplier `s` across depth, width and resolution (Dollár, Singh, Girshick
/// 2021, "Fast and Accurate Model Scaling"). Depth scales by `s^e_d`, width by `s^e_w`,
/// resolution by `s^e_r`, with `e_d + 2·e_w + 2·e_r = 1` so that flops (`∝ d·w²·r²`) grow by `s`.
public enum ScalingStrategy: Hashable, Sendable {
    /// Equal shares for the named dimensions (`d`, `w`, `r`, `dw`, `dr`, `wr`, `dwr`).
    case uniform(depth: Bool, width: Bool, resolution: Bool)
    /// The paper's family: `e_d = (1 − α)/2`, `e_w = α/2`, `e_r = (1 − α)/4`; α = 0.8 is its
    /// "fast" compound scaling (dWr).
    case alpha(Double)

    /// `d`, `w`, `r`, `dw`, `dr`, `wr` or `dwr` (letters in that order), or nil.
    public init?(letters: String) {
        guard let strategy = Self.letterStrategies.first(where: { $0.name == letters }) else { return nil }
        self = strategy.strategy
    }

    public static let letterStrategies: [(name: String, strategy: ScalingStrategy)] = [
        ("d", .uniform(depth: true, width: false, resolution: false)),
        ("w", .uniform(depth: false, width: true, resolution: false)),
        ("r", .uniform(depth: false, width: false, resolution: true)),
        ("dw", .uniform(depth: true, width: true, resolution: false)),
        ("dr", .uniform(depth: true, width: false, resolution: true)),
        ("wr", .uniform(depth: false, width: true, resolution: true)),
        ("dwr", .uniform(depth: true, width: true, resolution: true)),
    ]

    /// pycls's relative weights of depth, width and resolution (its `SCALING_TYPE`, e.g.
    /// `d1_w8_r1` for α = 0.8 up to a common factor).
    var weights: (depth: Double, width: Double, resolution: Double) {
        switch self {
        case .uniform(let depth, let width, let resolution):
            (depth ? 1 : 0, width ? 1 : 0, resolution ? 1 : 0)
        case .alpha(let alpha):
            ((1 - alpha) / 2, alpha, (1 - alpha) / 2)
        }
    }

    /// The exponents of `s`, as pycls's `scaling_factors` computes them (the same operations, so
    /// the same rounding).
    public var exponents: ScalingExponents {
        let (depth, width, resolution) = weights
        let sum = depth + width + resolution
        return ScalingExponents(depth: depth / sum, width: width / sum / 2, resolution: resolution / sum / 2)
    }

    /// α in [0, 1].
    public func validate() throws(EstimationError) {
        if case .alpha(let alpha) = self {
            var validation = FieldValidation()
            validation.require(alpha, in: 0...1, field: "alpha")
            try validation.check()
        }
    }
}

/// Exponents of the flops multiplier `s` for each dimension and, from them, for each complexity:
/// a stage costs flops `∝ d·w²·r²`, parameters `∝ d·w²`, activations `∝ d·w·r²`.
public struct ScalingExponents: Hashable, Sendable {
    public var depth: Double
    public var width: Double
    public var resolution: Double

    /// `1` by construction.
    public var flops: Double { depth + 2 * width + 2 * resolution }
    /// `(1 + α)/2` in the α family.
    public var parameters: Double { depth + 2 * width }
    /// `1 − α/2` in the α family.
    public var activations: Double { depth + width + 2 * resolution }
}

/// The multipliers for depth, width, group width and resolution at a flops multiplier `s`.
public struct ScalingFactors: Hashable, Sendable {
    public var depth: Double
    public var width: Double
    /// The width's with group-width scaling (the paper's default), else 1.
    public var groupWidth: Double
    public var resolution: Double

    public init(_ exponents: ScalingExponents, flopsMultiplier s: Double, scaleGroupWidth: Bool) {
        depth = pow(s, exponents.depth)
        width = pow(s, exponents.width)
        groupWidth = scaleGroupWidth ? width : 1
        resolution = pow(s, exponents.resolution)
    }
}
