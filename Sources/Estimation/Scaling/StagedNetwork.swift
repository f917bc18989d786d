/// A network given as stages, the form model scaling works on (pycls converts a RegNet to its
/// AnyNet stages before scaling it).
public enum StagedNetwork: Hashable, Sendable {
    case anyNet(AnyNet)
    case effNet(EffNet)

    public var network: NetworkSpec {
        switch self {
        case .anyNet(let net): net.network
        case .effNet(let net): net.network
        }
    }

    public var resolution: Int {
        switch self {
        case .anyNet(let net): net.resolution
        case .effNet(let net): net.resolution
        }
    }

    /// Every field in range, named as the request names them (`stages[1].width`), so that building
    /// and scaling cannot fail arithmetically.
    public func validate() throws(EstimationError) {
        var validation = FieldValidation()
        switch self {
        case .anyNet(let net):
            Self.validateCommon(
                stemWidth: net.stemWidth, stages: net.stages.map { ($0.depth, $0.width, $0.stride) }, seRatio: net.seRatio,
                classes: net.classes, &validation)
            validation.require(net.headWidth, in: 0...StageLimits.width.upperBound, field: "head_width")
            for (index, stage) in net.stages.enumerated() {
                let field = "stages[\(index)]"
                let groupValid = validation.require(stage.groupWidth, in: StageLimits.width, field: field + ".group_width")
                validation.require(stage.bottleneckRatio, in: StageLimits.ratio, field: field + ".bottleneck_ratio")
                // Judged only on values in range: the bottleneck width divides by the group width.
                if net.block == .residualBottleneck, groupValid, StageLimits.width.contains(stage.width),
                   StageLimits.ratio.contains(stage.bottleneckRatio) {
                    let bottleneck = pythonRound(Double(stage.width) * stage.bottleneckRatio)
                    if bottleneck < 1 || bottleneck % stage.groupWidth != 0 {
                        validation.fail(
                            field + ".group_width",
                            "must divide the bottleneck width \(bottleneck) (width × bottleneck_ratio), got \(stage.groupWidth)")
                    }
                }
            }
        case .effNet(let net):
            Self.validateCommon(
                stemWidth: net.stemWidth, stages: net.stages.map { ($0.depth, $0.width, $0.stride) }, seRatio: net.seRatio,
                classes: net.classes, &validation)
            validation.require(net.headWidth, in: StageLimits.width, field: "head_width")
            for (index, stage) in net.stages.enumerated() {
                let field = "stages[\(index)]"
                validation.require(stage.kernel, in: StageLimits.kernel, field: field + ".kernel")
                validation.require(stage.expansionRatio, in: StageLimits.ratio, field: field + ".expansion_ratio")
            }
        }
        validation.require(resolution, in: StageLimits.resolution, field: "resolution")
        if validation.issues.isEmpty && blocks > StageLimits.blocks {
            validation.fail("stages", "must hold at most \(StageLimits.blocks) blocks in all, got \(blocks)")
        }
        try validation.check()
    }

    /// What every family's stages have: a stem, and depth, width and stride per stage.
    private static func validateCommon(
        stemWidth: Int, stages: [(depth: Int, width: Int, stride: Int)], seRatio: Double, classes: Int,
        _ validation: inout FieldValidation
    ) {
        validation.require(stemWidth, in: StageLimits.width, field: "stem_width")
        if !StageLimits.stages.contains(stages.count) {
            validation.fail("stages", "must list from 1 to \(StageLimits.stages.upperBound) stages, got \(stages.count)")
        }
        for (index, stage) in stages.enumerated() {
            let field = "stages[\(index)]"
            validation.require(stage.depth, in: StageLimits.depth, field: field + ".depth")
            validation.require(stage.width, in: StageLimits.width, field: field + ".width")
            validation.require(stage.stride, in: StageLimits.stride, field: field + ".stride")
        }
        validation.require(seRatio, in: 0...1, field: "se_ratio")
        validation.require(classes, in: StageLimits.width, field: "classes")
    }

    /// Blocks in all stages (each stage's depth is bounded, so the sum cannot overflow).
    public var blocks: Int {
        switch self {
        case .anyNet(let net): net.stages.reduce(0) { $0 + $1.depth }
        case .effNet(let net): net.stages.reduce(0) { $0 + $1.depth }
        }
    }

}

/// The ranges a staged network's fields may take: beyond any published network, and small enough
/// that building one stays proportionate.
public enum StageLimits {
    public static let stages = 1...16
    public static let depth = 1...1024
    /// Blocks in all stages: about 15,000 layers, within what a network may hold.
    public static let blocks = 1500
    public static let width = 1...(1 << 16)
    public static let stride = 1...8
    public static let kernel = 1...15
    /// Bottleneck and expansion ratios: a smaller one would make widths (`bottleneck / ratio`)
    /// overflow.
    public static let ratio: ClosedRange<Double> = 1.0 / 64...64
    public static let resolution = 1...8192
}

extension RegNet {
    /// The design's ranges (pycls asserts `w_a ≥ 0`, `w_0 > 0`, `w_m > 1`, `w_0 % 8 == 0`).
    public func validate() throws(EstimationError) {
        var validation = FieldValidation()
        validation.require(depth, in: StageLimits.depth, field: "depth")
        validation.require(w0, in: StageLimits.width, field: "w0")
        if w0 % 8 != 0 { validation.fail("w0", "must be a multiple of 8, got \(w0)") }
        validation.require(wa, in: 0...Double(StageLimits.width.upperBound), field: "wa")
        validation.require(wm, in: 1...64, openLower: true, field: "wm")
        validation.require(groupWidth, in: StageLimits.width, field: "group_width")
        validation.require(bottleneckRatio, in: StageLimits.ratio, field: "bottleneck_ratio")
        validation.require(seRatio, in: 0...1, field: "se_ratio")
        try validation.check()
    }
}
