/// ResNet and its grouped and wide variants as torchvision defines them (`torchvision.models.resnet`,
/// "ResNet v1.5": the stride on the 3×3 convolution), expressed as AnyNet stages: stage `i` has
/// `64·2^i` planes; a basic block outputs the planes, a bottleneck `4×` them around a grouped 3×3
/// of `⌊planes · width_per_group / 64⌋ · groups` channels. pycls's ResNet and ResNeXt are the same networks.
public struct ResNet: Hashable, Sendable {
    public var blocks: [Int]
    public var bottleneck: Bool
    public var groups: Int
    public var widthPerGroup: Int

    public init(blocks: [Int], bottleneck: Bool, groups: Int = 1, widthPerGroup: Int = 64) {
        self.blocks = blocks
        self.bottleneck = bottleneck
        self.groups = groups
        self.widthPerGroup = widthPerGroup
    }

    /// The blocks per stage of ResNet-`depth` (18, 34, 50, 101, 152), as torchvision's builders list them.
    public static func blocks(depth: Int) -> [Int] {
        switch depth {
        case 18: [2, 2, 2, 2]
        case 34, 50: [3, 4, 6, 3]
        case 101: [3, 4, 23, 3]
        default: [3, 8, 36, 3]
        }
    }

    public func anyNet(resolution: Int = 224, classes: Int = 1000) -> AnyNet {
        let stages = blocks.enumerated().map { index, depth in
            let planes = 64 << index
            let stride = index == 0 ? 1 : 2
            guard bottleneck else { return AnyNet.Stage(depth: depth, width: planes, stride: stride) }
            let width = planes * widthPerGroup / 64 * groups
            let output = planes * 4
            return AnyNet.Stage(
                depth: depth, width: output, stride: stride, bottleneckRatio: Double(width) / Double(output),
                groupWidth: width / groups)
        }
        return AnyNet(
            stem: .resStemIN, stemWidth: 64, block: bottleneck ? .residualBottleneck : .residualBasic, stages: stages,
            classes: classes, resolution: resolution)
    }

    /// pycls's CIFAR ResNet-`depth` (`6n + 2` layers): a 16-channel 3×3 stem and three stages of `n`
    /// basic blocks of 16, 32 and 64 channels, at 32 × 32.
    public static func cifar(depth: Int, classes: Int = 10) -> AnyNet {
        let blocks = (depth - 2) / 6
        return AnyNet(
            stem: .resStemCifar, stemWidth: 16, block: .residualBasic,
            stages: [
                AnyNet.Stage(depth: blocks, width: 16, stride: 1), AnyNet.Stage(depth: blocks, width: 32, stride: 2),
                AnyNet.Stage(depth: blocks, width: 64, stride: 2),
            ],
            classes: classes, resolution: 32)
    }
}
