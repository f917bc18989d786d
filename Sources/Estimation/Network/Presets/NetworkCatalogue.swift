/// The preset list: each entry built from its family's definition, as torchvision's builders or
/// pycls's model-zoo configs define it (Tests/NetworkReference checks every one against them).
enum NetworkCatalogue {
    struct Entry {
        var name: String
        var displayName: String
        var family: String
        var source: NetworkPreset.Source
        var spec: NetworkSpec
        var stages: StagedNetwork?
    }

    static var entries: [Entry] { torchvision + pycls }

    /// A preset at 224 × 224, the input of every such torchvision model's default weights.
    private static func entry(
        _ name: String, _ displayName: String, _ family: String, _ source: NetworkPreset.Source, _ spec: NetworkSpec
    ) -> Entry {
        Entry(name: name, displayName: displayName, family: family, source: source, spec: spec)
    }

    /// A preset built from stages, which /v1/scaling can scale.
    private static func entry(
        _ name: String, _ displayName: String, _ family: String, _ source: NetworkPreset.Source, stages: StagedNetwork
    ) -> Entry {
        Entry(name: name, displayName: displayName, family: family, source: source, spec: stages.network, stages: stages)
    }

    // MARK: - torchvision, at the input of each model's default weights

    private static var torchvision: [Entry] {
        var entries = [entry("alexnet", "AlexNet", "alexnet", .torchvision, AlexNet.network)]
        for layers in [11, 16, 19] {
            for batchNorm in [false, true] {
                entries.append(entry(
                    "vgg\(layers)" + (batchNorm ? "_bn" : ""), "VGG-\(layers)" + (batchNorm ? " BN" : ""), "vgg", .torchvision,
                    VGG(configuration: VGG.configuration(layers: layers), batchNorm: batchNorm).network))
            }
        }
        for depth in [18, 34, 50, 101, 152] {
            let resnet = ResNet(blocks: ResNet.blocks(depth: depth), bottleneck: depth >= 50)
            entries.append(entry("resnet\(depth)", "ResNet-\(depth)", "resnet", .torchvision, stages: .anyNet(resnet.anyNet())))
        }
        let resnext = ResNet(blocks: ResNet.blocks(depth: 50), bottleneck: true, groups: 32, widthPerGroup: 4)
        entries.append(entry("resnext50_32x4d", "ResNeXt-50 32x4d", "resnet", .torchvision, stages: .anyNet(resnext.anyNet())))
        let wide = ResNet(blocks: ResNet.blocks(depth: 50), bottleneck: true, widthPerGroup: 128)
        entries.append(entry("wide_resnet50_2", "Wide ResNet-50-2", "resnet", .torchvision, stages: .anyNet(wide.anyNet())))
        entries.append(entry("densenet121", "DenseNet-121", "densenet", .torchvision, DenseNet.densenet121.network))
        entries.append(entry("mobilenet_v2", "MobileNetV2", "mobilenet", .torchvision, MobileNetV2.network))
        entries.append(entry("mobilenet_v3_small", "MobileNetV3 Small", "mobilenet", .torchvision, MobileNetV3.small.network))
        entries.append(entry("mobilenet_v3_large", "MobileNetV3 Large", "mobilenet", .torchvision, MobileNetV3.large.network))
        for (size, coefficients) in efficientNets.enumerated() {
            let network = EffNet.compound(
                width: coefficients.width, depth: coefficients.depth, resolution: coefficients.torchvisionInput,
                dropout: coefficients.dropout)
            entries.append(entry(
                "efficientnet_b\(size)", "EfficientNet-B\(size)", "efficientnet", .torchvision, stages: .effNet(network)))
        }
        for (name, design, input) in torchvisionRegNets {
            let display = "RegNet" + design.dropFirst("RegNet".count)
            guard let parameters = regNets[design] else { continue }
            entries.append(entry(
                name, display, "regnet", .torchvision, stages: .anyNet(parameters.anyNet(.torchvision, resolution: input))))
        }
        for (suffix, channels) in [("x0_5", [24, 48, 96, 192, 1024]), ("x1_0", [24, 116, 232, 464, 1024]),
                                   ("x1_5", [24, 176, 352, 704, 1024]), ("x2_0", [24, 244, 488, 976, 2048])] {
            entries.append(entry(
                "shufflenet_v2_" + suffix, "ShuffleNetV2 " + String(suffix.map { $0 == "_" ? "." : $0 }), "shufflenet",
                .torchvision, ShuffleNetV2(channels: channels).network))
        }
        entries.append(entry("squeezenet1_0", "SqueezeNet 1.0", "squeezenet", .torchvision, SqueezeNet.v1_0.network))
        entries.append(entry("squeezenet1_1", "SqueezeNet 1.1", "squeezenet", .torchvision, SqueezeNet.v1_1.network))
        entries.append(entry("convnext_tiny", "ConvNeXt Tiny", "convnext", .torchvision, ConvNeXt.tiny.network))
        entries.append(entry("vit_b_16", "ViT-B/16", "vit", .torchvision, VisionTransformer.b16.network))
        return entries
    }

    /// EfficientNet's compound coefficients (Tan & Le 2019): width, depth, the paper's resolution
    /// (pycls trains at it), torchvision's default-weights input and classifier dropout.
    private static let efficientNets: [(width: Double, depth: Double, resolution: Int, torchvisionInput: Int, dropout: Double)] = [
        (1.0, 1.0, 224, 224, 0.2), (1.0, 1.1, 240, 240, 0.2), (1.1, 1.2, 260, 288, 0.3), (1.2, 1.4, 300, 300, 0.3),
        (1.4, 1.8, 380, 380, 0.4), (1.6, 2.2, 456, 456, 0.4), (1.8, 2.6, 528, 528, 0.5), (2.0, 3.1, 600, 600, 0.5),
    ]

    private static let torchvisionRegNets: [(name: String, design: String, input: Int)] = [
        ("regnet_x_400mf", "RegNetX-400MF", 224), ("regnet_x_800mf", "RegNetX-800MF", 224),
        ("regnet_x_1_6gf", "RegNetX-1.6GF", 224), ("regnet_x_3_2gf", "RegNetX-3.2GF", 224),
        ("regnet_x_8gf", "RegNetX-8.0GF", 224), ("regnet_x_16gf", "RegNetX-16GF", 224),
        ("regnet_x_32gf", "RegNetX-32GF", 224),
        ("regnet_y_400mf", "RegNetY-400MF", 224), ("regnet_y_800mf", "RegNetY-800MF", 224),
        ("regnet_y_1_6gf", "RegNetY-1.6GF", 224), ("regnet_y_3_2gf", "RegNetY-3.2GF", 224),
        ("regnet_y_8gf", "RegNetY-8.0GF", 224), ("regnet_y_16gf", "RegNetY-16GF", 224),
        ("regnet_y_32gf", "RegNetY-32GF", 224), ("regnet_y_128gf", "RegNetY-128GF", 384),
    ]

    /// RegNet designs by name (Radosavovic et al. 2020; pycls's model-zoo configs and torchvision's
    /// builders give the same parameters): depth, w_0, w_a, w_m, group width.
    static let regNets: [String: RegNet] = {
        var designs: [String: RegNet] = [:]
        let x: [(String, Int, Int, Double, Double, Int)] = [
            ("200MF", 13, 24, 36.44, 2.49, 8), ("400MF", 22, 24, 24.48, 2.54, 16), ("600MF", 16, 48, 36.97, 2.24, 24),
            ("800MF", 16, 56, 35.73, 2.28, 16), ("1.6GF", 18, 80, 34.01, 2.25, 24), ("3.2GF", 25, 88, 26.31, 2.25, 48),
            ("4.0GF", 23, 96, 38.65, 2.43, 40), ("6.4GF", 17, 184, 60.83, 2.07, 56), ("8.0GF", 23, 80, 49.56, 2.88, 120),
            ("12GF", 19, 168, 73.36, 2.37, 112), ("16GF", 22, 216, 55.59, 2.1, 128), ("32GF", 23, 320, 69.86, 2.0, 168),
        ]
        let y: [(String, Int, Int, Double, Double, Int)] = [
            ("200MF", 13, 24, 36.44, 2.49, 8), ("400MF", 16, 48, 27.89, 2.09, 8), ("600MF", 15, 48, 32.54, 2.32, 16),
            ("800MF", 14, 56, 38.84, 2.4, 16), ("1.6GF", 27, 48, 20.71, 2.65, 24), ("3.2GF", 21, 80, 42.63, 2.66, 24),
            ("4.0GF", 22, 96, 31.41, 2.24, 64), ("6.4GF", 25, 112, 33.22, 2.27, 72), ("8.0GF", 17, 192, 76.82, 2.19, 56),
            ("12GF", 19, 168, 73.36, 2.37, 112), ("16GF", 18, 200, 106.23, 2.48, 112), ("32GF", 20, 232, 115.89, 2.53, 232),
            ("128GF", 27, 456, 160.83, 2.52, 264),
        ]
        for (size, depth, w0, wa, wm, group) in x {
            designs["RegNetX-" + size] = RegNet(depth: depth, w0: w0, wa: wa, wm: wm, groupWidth: group)
        }
        for (size, depth, w0, wa, wm, group) in y {
            designs["RegNetY-" + size] = RegNet(depth: depth, w0: w0, wa: wa, wm: wm, groupWidth: group, seRatio: 0.25)
        }
        return designs
    }()

    // MARK: - pycls's model zoo, at its training image size

    /// The RegNets pycls's model zoo trains (every design above but RegNetY-128GF).
    static let pyclsRegNets = ["200MF", "400MF", "600MF", "800MF", "1.6GF", "3.2GF", "4.0GF", "6.4GF", "8.0GF", "12GF", "16GF", "32GF"]

    private static var pycls: [Entry] {
        var entries: [Entry] = []
        for series in ["X", "Y"] {
            for size in pyclsRegNets {
                let design = "RegNet\(series)-\(size)"
                guard let parameters = regNets[design] else { continue }
                entries.append(entry(
                    "pycls-regnet\(series.lowercased())-\(size.lowercased())", design + " (pycls)", "regnet", .pycls,
                    stages: .anyNet(parameters.anyNet(.pycls))))
            }
        }
        for depth in [50, 101, 152] {
            let resnet = ResNet(blocks: ResNet.blocks(depth: depth), bottleneck: true)
            entries.append(entry("pycls-resnet-\(depth)", "ResNet-\(depth) (pycls)", "resnet", .pycls, stages: .anyNet(resnet.anyNet())))
        }
        for depth in [50, 101, 152] {
            let resnext = ResNet(blocks: ResNet.blocks(depth: depth), bottleneck: true, groups: 32, widthPerGroup: 4)
            entries.append(entry(
                "pycls-resnext-\(depth)", "ResNeXt-\(depth) 32x4d (pycls)", "resnet", .pycls, stages: .anyNet(resnext.anyNet())))
        }
        for (size, coefficients) in efficientNets.prefix(6).enumerated() {
            let network = EffNet.compound(width: coefficients.width, depth: coefficients.depth, resolution: coefficients.resolution)
            entries.append(entry(
                "pycls-efficientnet-b\(size)", "EfficientNet-B\(size) (pycls)", "efficientnet", .pycls, stages: .effNet(network)))
        }
        for depth in [56, 110] {
            entries.append(entry(
                "pycls-cifar-resnet-\(depth)", "ResNet-\(depth) CIFAR (pycls)", "resnet", .pycls,
                stages: .anyNet(ResNet.cifar(depth: depth))))
        }
        return entries
    }
}
