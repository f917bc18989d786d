/// EfficientNet as pycls describes it (and torchvision builds it): a stem, stages of mobile
/// inverted bottlenecks with squeeze-excite and SiLU, and a head. Layer names follow pycls's
/// modules (`s3.b2.dwise`).
public struct EffNet: Hashable, Sendable {
    public struct Stage: Hashable, Sendable {
        public var depth: Int
        public var width: Int
        /// Expanded channels over the block's input channels.
        public var expansionRatio: Double
        public var kernel: Int
        /// Of the first block.
        public var stride: Int

        public init(depth: Int, width: Int, expansionRatio: Double, kernel: Int, stride: Int) {
            self.depth = depth
            self.width = width
            self.expansionRatio = expansionRatio
            self.kernel = kernel
            self.stride = stride
        }
    }

    public var stemWidth: Int
    public var stages: [Stage]
    /// Squeeze channels over the block's input channels; 0 for no squeeze-excite.
    public var seRatio: Double
    public var headWidth: Int
    public var classes: Int
    public var resolution: Int
    /// The classifier's dropout probability (0: none), torchvision's only.
    public var dropout: Double

    public init(
        stemWidth: Int, stages: [Stage], seRatio: Double = 0.25, headWidth: Int, classes: Int = 1000,
        resolution: Int, dropout: Double = 0
    ) {
        self.stemWidth = stemWidth
        self.stages = stages
        self.seRatio = seRatio
        self.headWidth = headWidth
        self.classes = classes
        self.resolution = resolution
        self.dropout = dropout
    }

    /// EfficientNet-B0 (Tan & Le 2019, Table 1), the base every other size scales.
    public static let b0Stages: [Stage] = [
        Stage(depth: 1, width: 16, expansionRatio: 1, kernel: 3, stride: 1),
        Stage(depth: 2, width: 24, expansionRatio: 6, kernel: 3, stride: 2),
        Stage(depth: 2, width: 40, expansionRatio: 6, kernel: 5, stride: 2),
        Stage(depth: 3, width: 80, expansionRatio: 6, kernel: 3, stride: 2),
        Stage(depth: 3, width: 112, expansionRatio: 6, kernel: 5, stride: 1),
        Stage(depth: 4, width: 192, expansionRatio: 6, kernel: 5, stride: 2),
        Stage(depth: 1, width: 320, expansionRatio: 6, kernel: 3, stride: 1),
    ]

    /// B0 scaled by compound coefficients as the paper (and pycls's configs and torchvision) round
    /// them: widths (stem, stages, head) to multiples of 8 by `makeDivisible`, depths up.
    public static func compound(width: Double, depth: Double, resolution: Int, dropout: Double = 0) -> EffNet {
        EffNet(
            stemWidth: makeDivisible(32 * width, 8),
            stages: b0Stages.map { stage in
                var scaled = stage
                scaled.width = makeDivisible(Double(stage.width) * width, 8)
                scaled.depth = Int((Double(stage.depth) * depth).rounded(.up))
                return scaled
            },
            headWidth: makeDivisible(1280 * width, 8), resolution: resolution, dropout: dropout)
    }

    public var network: NetworkSpec {
        var builder = NetworkBuilder()
        builder.convBN("stem.conv", stemWidth, kernel: 3, stride: 2, activation: .silu)
        var width = stemWidth
        for (stageIndex, stage) in stages.enumerated() {
            for blockIndex in 0..<stage.depth {
                let name = "s\(stageIndex + 1).b\(blockIndex + 1)"
                addBlock(name, &builder, input: width, stage, stride: blockIndex == 0 ? stage.stride : 1)
                width = stage.width
            }
        }
        builder.convBN("head.conv", headWidth, kernel: 1, activation: .silu)
        builder.globalAveragePool("head.")
        if dropout > 0 { builder.add("head.dropout", .dropout(Dropout(probability: dropout))) }
        builder.linear("head.fc", classes)
        return builder.spec(input: [3, resolution, resolution])
    }

    /// pycls's MBConv: expanded width `int(w_in · ratio)` (torchvision's multiple-of-8 rounding of
    /// it changes nothing for these widths), squeeze width `int(w_in · se_ratio)`, at least 1.
    private func addBlock(_ name: String, _ builder: inout NetworkBuilder, input: Int, _ stage: Stage, stride: Int) {
        let blockInput = builder.last
        let expanded = Int(Double(input) * stage.expansionRatio)
        if expanded != input { builder.convBN(name + ".exp", expanded, kernel: 1, activation: .silu) }
        builder.convBN(name + ".dwise", expanded, kernel: stage.kernel, stride: stride, groups: expanded, activation: .silu)
        if seRatio > 0 {
            let squeeze = max(1, Int(Double(input) * seRatio))
            builder.add(name + ".se", .squeezeExcite(SqueezeExcite(squeezeChannels: squeeze, activation: .silu)))
        }
        builder.convBN(name + ".lin_proj", stage.width, kernel: 1, activation: nil)
        if stride == 1 && input == stage.width { builder.add(name + ".add", .add, inputs: [blockInput, builder.last]) }
    }
}
