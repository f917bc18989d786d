/// torchvision's VGG (`torchvision.models.vgg`): 3×3 convolutions with biases (and batch norm in
/// the `_bn` variants) between 2×2 max pools, a 7 × 7 adaptive average pool and three linear layers.
struct VGG {
    /// Output channels of each 3×3 convolution, nil for a max pool (torchvision's `cfgs`).
    var configuration: [Int?]
    var batchNorm: Bool

    static func configuration(layers: Int) -> [Int?] {
        switch layers {
        case 11: [64, nil, 128, nil, 256, 256, nil, 512, 512, nil, 512, 512, nil]
        case 16: [64, 64, nil, 128, 128, nil, 256, 256, 256, nil, 512, 512, 512, nil, 512, 512, 512, nil]
        default: [64, 64, nil, 128, 128, nil, 256, 256, 256, 256, nil, 512, 512, 512, 512, nil, 512, 512, 512, 512, nil]
        }
    }

    var network: NetworkSpec {
        var builder = NetworkBuilder()
        for (index, channels) in configuration.enumerated() {
            let name = "features.\(index)"
            guard let channels else {
                builder.add(name + ".pool", .maxPool2d(Pool2D(kernel: Size2D(2), stride: Size2D(2))))
                continue
            }
            builder.conv(name + ".conv", channels, kernel: 3, bias: true)
            if batchNorm { builder.add(name + ".bn", .batchNorm(BatchNorm())) }
            builder.activation(name + ".relu", .relu)
        }
        builder.add("avgpool", .adaptiveAvgPool2d(AdaptivePool2D(outputSize: Size2D(7))))
        builder.add("flatten", .flatten(Flatten()))
        Classifier.threeLayers(&builder, hidden: 4096, dropoutFirst: false)
        return builder.spec(input: [3, 224, 224])
    }
}

/// torchvision's AlexNet (`torchvision.models.alexnet`, the "one weird trick" variant).
enum AlexNet {
    static var network: NetworkSpec {
        var builder = NetworkBuilder()
        let layers: [(channels: Int, kernel: Int, stride: Int, padding: Int, pool: Bool)] = [
            (64, 11, 4, 2, true), (192, 5, 1, 2, true), (384, 3, 1, 1, false), (256, 3, 1, 1, false), (256, 3, 1, 1, true),
        ]
        for (index, layer) in layers.enumerated() {
            builder.conv("features.conv\(index + 1)", layer.channels, kernel: layer.kernel, stride: layer.stride, padding: layer.padding, bias: true)
            builder.activation("features.relu\(index + 1)", .relu)
            if layer.pool {
                builder.add("features.pool\(index + 1)", .maxPool2d(Pool2D(kernel: Size2D(3), stride: Size2D(2))))
            }
        }
        builder.add("avgpool", .adaptiveAvgPool2d(AdaptivePool2D(outputSize: Size2D(6))))
        builder.add("flatten", .flatten(Flatten()))
        Classifier.threeLayers(&builder, hidden: 4096, dropoutFirst: true)
        return builder.spec(input: [3, 224, 224])
    }
}

/// The classifiers of AlexNet and VGG: linear, ReLU, dropout, linear, ReLU, dropout, linear to 1,000
/// classes (AlexNet puts each dropout before its linear layer).
enum Classifier {
    static func threeLayers(_ builder: inout NetworkBuilder, hidden: Int, dropoutFirst: Bool) {
        for index in 1...2 {
            if dropoutFirst { builder.add("classifier.dropout\(index)", .dropout(Dropout())) }
            builder.linear("classifier.fc\(index)", hidden)
            builder.activation("classifier.relu\(index)", .relu)
            if !dropoutFirst { builder.add("classifier.dropout\(index)", .dropout(Dropout())) }
        }
        builder.linear("classifier.fc3", 1000)
    }
}
