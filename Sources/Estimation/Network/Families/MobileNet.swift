/// torchvision's MobileNetV2 (`torchvision.models.mobilenetv2`, width 1.0): inverted residuals with
/// ReLU6 and a linear bottleneck, `(t, c, n, s)` per stage as torchvision lists them.
enum MobileNetV2 {
    static let settings: [(expansion: Int, channels: Int, repeats: Int, stride: Int)] = [
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    ]

    static var network: NetworkSpec {
        var builder = NetworkBuilder()
        builder.convBN("features.0", 32, kernel: 3, stride: 2, activation: .relu6)
        var input = 32
        var index = 1
        for setting in settings {
            for repeat_ in 0..<setting.repeats {
                let name = "features.\(index)"
                let stride = repeat_ == 0 ? setting.stride : 1
                let blockInput = builder.last
                let hidden = input * setting.expansion
                if setting.expansion != 1 { builder.convBN(name + ".expand", hidden, kernel: 1, activation: .relu6) }
                builder.convBN(name + ".dw", hidden, kernel: 3, stride: stride, groups: hidden, activation: .relu6)
                builder.convBN(name + ".project", setting.channels, kernel: 1, activation: nil)
                if stride == 1 && input == setting.channels { builder.add(name + ".add", .add, inputs: [blockInput, builder.last]) }
                input = setting.channels
                index += 1
            }
        }
        builder.convBN("features.\(index)", 1280, kernel: 1, activation: .relu6)
        builder.globalAveragePool("")
        builder.add("classifier.dropout", .dropout(Dropout(probability: 0.2)))
        builder.linear("classifier.fc", 1000)
        return builder.spec(input: [3, 224, 224])
    }
}

/// torchvision's MobileNetV3 (`torchvision.models.mobilenetv3`, width 1.0): inverted residuals
/// with ReLU or hard-swish, squeeze-excite (squeeze `_make_divisible(expanded / 4, 8)`, hard-sigmoid
/// gate) where the paper's tables put it, and the tables' rows as torchvision lists them.
struct MobileNetV3 {
    struct Row {
        var input: Int
        var kernel: Int
        var expanded: Int
        var output: Int
        var squeezeExcite: Bool
        var hardSwish: Bool
        var stride: Int
    }

    var rows: [Row]
    var lastChannel: Int

    private static func row(_ input: Int, _ kernel: Int, _ expanded: Int, _ output: Int, _ se: Bool, _ hs: Bool, _ stride: Int) -> Row {
        Row(input: input, kernel: kernel, expanded: expanded, output: output, squeezeExcite: se, hardSwish: hs, stride: stride)
    }

    static let large = MobileNetV3(
        rows: [
            row(16, 3, 16, 16, false, false, 1), row(16, 3, 64, 24, false, false, 2), row(24, 3, 72, 24, false, false, 1),
            row(24, 5, 72, 40, true, false, 2), row(40, 5, 120, 40, true, false, 1), row(40, 5, 120, 40, true, false, 1),
            row(40, 3, 240, 80, false, true, 2), row(80, 3, 200, 80, false, true, 1), row(80, 3, 184, 80, false, true, 1),
            row(80, 3, 184, 80, false, true, 1), row(80, 3, 480, 112, true, true, 1), row(112, 3, 672, 112, true, true, 1),
            row(112, 5, 672, 160, true, true, 2), row(160, 5, 960, 160, true, true, 1), row(160, 5, 960, 160, true, true, 1),
        ],
        lastChannel: 1280)

    static let small = MobileNetV3(
        rows: [
            row(16, 3, 16, 16, true, false, 2), row(16, 3, 72, 24, false, false, 2), row(24, 3, 88, 24, false, false, 1),
            row(24, 5, 96, 40, true, true, 2), row(40, 5, 240, 40, true, true, 1), row(40, 5, 240, 40, true, true, 1),
            row(40, 5, 120, 48, true, true, 1), row(48, 5, 144, 48, true, true, 1), row(48, 5, 288, 96, true, true, 2),
            row(96, 5, 576, 96, true, true, 1), row(96, 5, 576, 96, true, true, 1),
        ],
        lastChannel: 1024)

    var network: NetworkSpec {
        var builder = NetworkBuilder()
        builder.convBN("features.0", rows[0].input, kernel: 3, stride: 2, activation: .hardswish)
        for (offset, row) in rows.enumerated() {
            let name = "features.\(offset + 1)"
            let blockInput = builder.last
            let activation: ActivationFunction = row.hardSwish ? .hardswish : .relu
            if row.expanded != row.input { builder.convBN(name + ".expand", row.expanded, kernel: 1, activation: activation) }
            builder.convBN(name + ".dw", row.expanded, kernel: row.kernel, stride: row.stride, groups: row.expanded, activation: activation)
            if row.squeezeExcite {
                let squeeze = makeDivisible(Double(row.expanded / 4), 8)
                builder.add(name + ".se", .squeezeExcite(SqueezeExcite(squeezeChannels: squeeze, gate: .hardsigmoid)))
            }
            builder.convBN(name + ".project", row.output, kernel: 1, activation: nil)
            if row.stride == 1 && row.input == row.output { builder.add(name + ".add", .add, inputs: [blockInput, builder.last]) }
        }
        let last = rows[rows.count - 1].output * 6
        builder.convBN("features.\(rows.count + 1)", last, kernel: 1, activation: .hardswish)
        builder.globalAveragePool("")
        builder.linear("classifier.fc1", lastChannel)
        builder.activation("classifier.hardswish", .hardswish)
        builder.add("classifier.dropout", .dropout(Dropout(probability: 0.2)))
        builder.linear("classifier.fc2", 1000)
        return builder.spec(input: [3, 224, 224])
    }
}
