import Foundation
import Testing
@testable import Estimation

/// Model scaling against pycls's own scaler (Tests/NetworkReference/pycls_scaling.json): the
/// scaled stages rounded as pycls rounds them, and the scaled network's complexity exact.
@Suite struct ScalingTests {
    @Test func referenceFileIsComplete() throws {
        let file = try #require(NetworkReference.scaling)
        #expect(file.bases.count == 4)
        #expect(NetworkReference.scalingCases.count == 4 * 11 * 2 * 4)
    }

    static func strategy(_ reference: NetworkReference.ScalingCase) throws -> ScalingStrategy {
        if let letters = reference.strategy { return try #require(ScalingStrategy(letters: letters)) }
        return .alpha(try #require(reference.alpha))
    }

    @Test(arguments: NetworkReference.scalingCases)
    func scaledLikePycls(_ reference: NetworkReference.ScalingCase) throws {
        let name = try #require(reference.base)
        let base = try #require(NetworkPresets.named(name)?.stages)
        let options = ScalingOptions(
            flopsMultiplier: reference.flops_multiplier, strategy: try Self.strategy(reference),
            scaleGroupWidth: reference.scale_group_width)
        let estimate = try NetworkScaling.estimate(base, options)
        #expect(estimate.factors.depth == reference.factors["d"])
        #expect(estimate.factors.width == reference.factors["w"])
        #expect(estimate.factors.groupWidth == reference.factors["g"])
        #expect(estimate.factors.resolution == reference.factors["r"])
        let stages = reference.stages
        switch estimate.scaled {
        case .anyNet(let net):
            #expect(net.stages.map(\.depth) == stages.depths)
            #expect(net.stages.map(\.width) == stages.widths)
            #expect(net.stages.map(\.groupWidth) == stages.group_ws)
        case .effNet(let net):
            #expect(net.stages.map(\.depth) == stages.depths)
            #expect(net.stages.map(\.width) == stages.widths)
            #expect(net.stemWidth == stages.stem_w)
            #expect(net.headWidth == stages.head_w)
        }
        #expect(estimate.scaled.resolution == stages.im_size)
        let complexity = estimate.scaledComplexity
        #expect(
            NetworkReference.Complexity(flops: complexity.pyclsFlops, params: complexity.parameters, acts: complexity.activations)
                == reference.complexity)
    }

    /// The seed's claim (Dollár et al. 2021): fast scaling (α = 0.8) grows activations by about
    /// `√s` (`s^0.6` by the exponents), where uniform compound scaling (dwr) grows them by nearly `s`.
    @Test(arguments: ["pycls-regnety-4.0gf", "pycls-efficientnet-b0"])
    func fastScalingGrowsActivationsAboutAsSquareRootOfS(_ name: String) throws {
        let base = try #require(NetworkPresets.named(name)?.stages)
        for s in [4.0, 16.0] {
            let fast = try NetworkScaling.estimate(base, ScalingOptions(flopsMultiplier: s, strategy: .alpha(0.8)))
            let dwr = try #require(ScalingStrategy(letters: "dwr"))
            let uniform = try NetworkScaling.estimate(base, ScalingOptions(flopsMultiplier: s, strategy: dwr))
            let fastExponent = log(fast.activations.actual) / log(s)
            let uniformExponent = log(uniform.activations.actual) / log(s)
            #expect(fast.exponents.activations == 1 - 0.8 / 2)
            #expect((0.45...0.7).contains(fastExponent), "activations grew as s^\(fastExponent)")
            #expect(uniformExponent > 0.75, "dwr activations grew as s^\(uniformExponent)")
            #expect(abs(fast.flops.actual / s - 1) < 0.2, "flops grew by \(fast.flops.actual), not about \(s)")
        }
    }

    @Test func exponentsFollowAlpha() {
        for alpha in [0.0, 0.25, 0.5, 0.8, 1.0] {
            let exponents = ScalingStrategy.alpha(alpha).exponents
            #expect(abs(exponents.flops - 1) < 1e-12)
            #expect(abs(exponents.parameters - (1 + alpha) / 2) < 1e-12)
            #expect(abs(exponents.activations - (1 - alpha / 2)) < 1e-12)
        }
    }

    @Test func outOfRangeInputsNameTheirFields() throws {
        let base = try #require(NetworkPresets.named("pycls-regnetx-400mf")?.stages)
        #expect(throws: EstimationError.self) { try NetworkScaling.estimate(base, ScalingOptions(flopsMultiplier: 0, strategy: .alpha(0.8))) }
        let deeper = try #require(ScalingStrategy(letters: "d"))
        do {
            _ = try NetworkScaling.estimate(base, ScalingOptions(flopsMultiplier: 1024, strategy: deeper))
            Issue.record("a 1024-fold deeper RegNet was counted")
        } catch {
            #expect(error.issues.map(\.field) == ["flops_multiplier"])
        }
        guard case .anyNet(var broken) = base else { return }
        broken.stages[1].groupWidth = 7
        broken.stages[2].depth = 0
        do {
            _ = try NetworkScaling.estimate(.anyNet(broken), ScalingOptions(flopsMultiplier: 2, strategy: .alpha(1.5)))
            Issue.record("an invalid network was scaled")
        } catch {
            #expect(Set(error.issues.map(\.field)) == ["stages[1].group_width", "stages[2].depth", "alpha"])
        }
    }
}
