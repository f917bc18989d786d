#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A RegNet by its design-space parameters (Radosavovic et al. 2020): `depth` blocks whose widths
/// follow `w_0 + w_a·j`, quantised in log space with step `w_m` to multiples of 8; consecutive
/// blocks of one width form a stage. Group width, bottleneck ratio and squeeze-excite ratio are the
/// same for every stage.
public struct RegNet: Hashable, Sendable {
    public var depth: Int
    public var w0: Int
    public var wa: Double
    public var wm: Double
    public var groupWidth: Int
    public var bottleneckRatio: Double
    /// 0 for RegNetX, 0.25 for RegNetY.
    public var seRatio: Double

    public init(depth: Int, w0: Int, wa: Double, wm: Double, groupWidth: Int, bottleneckRatio: Double = 1, seRatio: Double = 0) {
        self.depth = depth
        self.w0 = w0
        self.wa = wa
        self.wm = wm
        self.groupWidth = groupWidth
        self.bottleneckRatio = bottleneckRatio
        self.seRatio = seRatio
    }

    /// How widths are made compatible with the group width: the implementations differ.
    public enum Rounding: Hashable, Sendable {
        /// pycls: the bottleneck width to the nearest multiple of the group width, halves to even.
        case pycls
        /// torchvision: `_make_divisible`, halves up and never 10 % below.
        case torchvision
    }

    /// The stages, as pycls's `generate_regnet` and `adjust_block_compatibility` (or torchvision's
    /// `BlockParams.from_init_params`) compute them.
    public func stages(_ rounding: Rounding) -> [AnyNet.Stage] {
        let quantum = 8.0
        var widths: [Int] = []
        for block in 0..<depth {
            let continuous = Double(block) * wa + Double(w0)
            let step = (log(continuous / Double(w0)) / log(wm)).rounded(.toNearestOrEven)
            widths.append(Int((Double(w0) * pow(wm, step) / quantum).rounded(.toNearestOrEven) * quantum))
        }
        var stages: [AnyNet.Stage] = []
        for width in widths {
            if let last = stages.last, last.width == width {
                stages[stages.count - 1].depth += 1
            } else {
                stages.append(AnyNet.Stage(depth: 1, width: width, stride: 2, bottleneckRatio: bottleneckRatio, groupWidth: groupWidth))
            }
        }
        return stages.map { stage in
            var adjusted = stage
            switch rounding {
            case .pycls:
                (adjusted.width, adjusted.groupWidth) = AnyNet.compatible(
                    width: stage.width, bottleneckRatio: bottleneckRatio, groupWidth: groupWidth)
            case .torchvision:
                let bottleneck = Int(Double(stage.width) * bottleneckRatio)
                adjusted.groupWidth = min(groupWidth, bottleneck)
                adjusted.width = Int(Double(makeDivisible(Double(bottleneck), adjusted.groupWidth)) / bottleneckRatio)
            }
            return adjusted
        }
    }

    /// pycls's RegNet: simple stem of 32 channels, bottleneck blocks, no head convolution.
    public func anyNet(_ rounding: Rounding, resolution: Int = 224, classes: Int = 1000) -> AnyNet {
        AnyNet(
            stem: .simpleStemIN, stemWidth: 32, block: .residualBottleneck, stages: stages(rounding), seRatio: seRatio,
            classes: classes, resolution: resolution)
    }
}
