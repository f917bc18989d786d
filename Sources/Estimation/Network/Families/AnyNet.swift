/// pycls's AnyNet: a stem, stages of identical residual blocks, and a head, as RegNet, ResNet and
/// ResNeXt describe themselves (and torchvision builds its ResNets and RegNets): each stage by its
/// depth, width, stride, bottleneck ratio and group width. Layer names follow pycls's modules
/// (`s2.b1.f.b`).
public struct AnyNet: Hashable, Sendable {
    public enum Stem: String, Hashable, Sendable, CaseIterable {
        /// 3×3 convolution, BN, ReLU (CIFAR).
        case resStemCifar = "res_stem_cifar"
        /// 7×7 stride-2 convolution, BN, ReLU, 3×3 stride-2 max pool (ResNet).
        case resStemIN = "res_stem_in"
        /// 3×3 stride-2 convolution, BN, ReLU (RegNet).
        case simpleStemIN = "simple_stem_in"
    }

    public enum Block: String, Hashable, Sendable, CaseIterable {
        /// Two 3×3 convolutions, no shortcut.
        case vanilla = "vanilla_block"
        /// Two 3×3 convolutions and a shortcut (ResNet-18/34).
        case residualBasic = "res_basic_block"
        /// 1×1, grouped 3×3 (with squeeze-excite when `se_ratio` > 0), 1×1, and a shortcut.
        case residualBottleneck = "res_bottleneck_block"
    }

    public struct Stage: Hashable, Sendable {
        public var depth: Int
        /// Output channels of every block.
        public var width: Int
        /// Of the first block.
        public var stride: Int
        /// Bottleneck width over block width (bottleneck blocks only).
        public var bottleneckRatio: Double
        /// Channels per group of the 3×3 convolution (bottleneck blocks only).
        public var groupWidth: Int

        public init(depth: Int, width: Int, stride: Int, bottleneckRatio: Double = 1, groupWidth: Int = 1) {
            self.depth = depth
            self.width = width
            self.stride = stride
            self.bottleneckRatio = bottleneckRatio
            self.groupWidth = groupWidth
        }
    }

    public var stem: Stem
    public var stemWidth: Int
    public var block: Block
    public var stages: [Stage]
    /// Squeeze channels over the block's input channels; 0 for no squeeze-excite.
    public var seRatio: Double
    /// A 1×1 convolution before the pooling, 0 for none.
    public var headWidth: Int
    public var classes: Int
    /// Image height and width.
    public var resolution: Int

    public init(
        stem: Stem, stemWidth: Int, block: Block, stages: [Stage], seRatio: Double = 0, headWidth: Int = 0,
        classes: Int = 1000, resolution: Int = 224
    ) {
        self.stem = stem
        self.stemWidth = stemWidth
        self.block = block
        self.stages = stages
        self.seRatio = seRatio
        self.headWidth = headWidth
        self.classes = classes
        self.resolution = resolution
    }

    /// pycls's `adjust_block_compatibility` for one stage: the bottleneck width `w·b` rounded to a
    /// multiple of the group width (of `lcm(g, b)` for an expansion `b > 1`), halves to even, and the
    /// group width no wider than the bottleneck.
    public static func compatible(width: Int, bottleneckRatio: Double, groupWidth: Int) -> (width: Int, groupWidth: Int) {
        let bottleneck = Int(max(1, Double(width) * bottleneckRatio))
        let group = min(groupWidth, bottleneck)
        let multiple = bottleneckRatio > 1 ? leastCommonMultiple(group, Int(bottleneckRatio)) : group
        let rounded = max(multiple, pythonRound(Double(bottleneck) / Double(multiple)) * multiple)
        return (Int(Double(rounded) / bottleneckRatio), group)
    }

    private static func leastCommonMultiple(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return a / x * b
    }

    /// The network at `resolution` (a square RGB image).
    public var network: NetworkSpec {
        var builder = NetworkBuilder()
        switch stem {
        case .resStemCifar:
            builder.convBN("stem.conv", stemWidth, kernel: 3, activation: .relu)
        case .resStemIN:
            builder.convBN("stem.conv", stemWidth, kernel: 7, stride: 2, activation: .relu)
            builder.add("stem.pool", .maxPool2d(Pool2D(kernel: Size2D(3), stride: Size2D(2), padding: Size2D(1))))
        case .simpleStemIN:
            builder.convBN("stem.conv", stemWidth, kernel: 3, stride: 2, activation: .relu)
        }
        var width = stemWidth
        for (stageIndex, stage) in stages.enumerated() {
            for blockIndex in 0..<stage.depth {
                let name = "s\(stageIndex + 1).b\(blockIndex + 1)"
                addBlock(name, &builder, input: width, stage, stride: blockIndex == 0 ? stage.stride : 1)
                width = stage.width
            }
        }
        if headWidth > 0 { builder.convBN("head.conv", headWidth, kernel: 1, activation: .relu) }
        builder.globalAveragePool("head.")
        builder.linear("head.fc", classes)
        return builder.spec(input: [3, resolution, resolution])
    }

    private func addBlock(_ name: String, _ builder: inout NetworkBuilder, input: Int, _ stage: Stage, stride: Int) {
        let blockInput = builder.last
        guard block != .vanilla else {
            builder.convBN(name + ".a", stage.width, kernel: 3, stride: stride, activation: .relu)
            builder.convBN(name + ".b", stage.width, kernel: 3, activation: .relu)
            return
        }
        var shortcut = blockInput
        if input != stage.width || stride != 1 {
            shortcut = builder.convBN(name + ".proj", stage.width, kernel: 1, stride: stride, activation: nil, from: blockInput)
        }
        if block == .residualBasic {
            builder.convBN(name + ".f.a", stage.width, kernel: 3, stride: stride, activation: .relu, from: blockInput)
            builder.convBN(name + ".f.b", stage.width, kernel: 3, activation: nil)
        } else {
            let bottleneck = pythonRound(Double(stage.width) * stage.bottleneckRatio)
            builder.convBN(name + ".f.a", bottleneck, kernel: 1, activation: .relu, from: blockInput)
            builder.convBN(
                name + ".f.b", bottleneck, kernel: 3, stride: stride, groups: bottleneck / stage.groupWidth, activation: .relu)
            let squeeze = pythonRound(Double(input) * seRatio)
            if squeeze > 0 { builder.add(name + ".f.se", .squeezeExcite(SqueezeExcite(squeezeChannels: squeeze))) }
            builder.convBN(name + ".f.c", stage.width, kernel: 1, activation: nil)
        }
        builder.add(name + ".add", .add, inputs: [shortcut, builder.last])
        builder.activation(name + ".relu", .relu)
    }
}
