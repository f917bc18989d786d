/// torchvision's SqueezeNet 1.0 and 1.1 (`torchvision.models.squeezenet`): fire modules (a 1×1
/// squeeze, then 1×1 and 3×3 expands concatenated) between ceil-mode max pools, and a 1×1
/// convolution to the classes averaged over the image.
struct SqueezeNet {
    /// The stem convolution's channels and kernel.
    var stem: (channels: Int, kernel: Int)
    /// Squeeze channels of each fire module (expands are 4× each), nil for a max pool.
    var fires: [Int?]

    static let v1_0 = SqueezeNet(stem: (96, 7), fires: [nil, 16, 16, 32, nil, 32, 48, 48, 64, nil, 64])
    static let v1_1 = SqueezeNet(stem: (64, 3), fires: [nil, 16, 16, nil, 32, 32, nil, 48, 48, 64, 64])

    var network: NetworkSpec {
        var builder = NetworkBuilder()
        builder.conv("features.conv", stem.channels, kernel: stem.kernel, stride: 2, padding: 0, bias: true)
        builder.activation("features.relu", .relu)
        for (index, squeeze) in fires.enumerated() {
            let name = "features.\(index + 2)"
            guard let squeeze else {
                builder.add(name + ".pool", .maxPool2d(Pool2D(kernel: Size2D(3), stride: Size2D(2), ceilMode: true)))
                continue
            }
            builder.conv(name + ".squeeze", squeeze, kernel: 1, bias: true)
            let squeezed = builder.activation(name + ".squeeze_relu", .relu)
            builder.conv(name + ".expand1x1", 4 * squeeze, kernel: 1, bias: true)
            let narrow = builder.activation(name + ".expand1x1_relu", .relu)
            builder.conv(name + ".expand3x3", 4 * squeeze, kernel: 3, bias: true, from: squeezed)
            let wide = builder.activation(name + ".expand3x3_relu", .relu)
            builder.add(name + ".cat", .concat(Concat()), inputs: [narrow, wide])
        }
        builder.add("classifier.dropout", .dropout(Dropout()))
        builder.conv("classifier.conv", 1000, kernel: 1, bias: true)
        builder.activation("classifier.relu", .relu)
        builder.globalAveragePool("classifier.")
        return builder.spec(input: [3, 224, 224])
    }
}

/// torchvision's DenseNet (`torchvision.models.densenet`): every dense layer reads the concatenation
/// of its block's input and all earlier layers' outputs (BN, ReLU, 1×1 to `4k`, BN, ReLU, 3×3 to
/// `k`); transitions halve the channels and the resolution.
struct DenseNet {
    var growth: Int
    var blocks: [Int]
    var initialFeatures: Int

    static let densenet121 = DenseNet(growth: 32, blocks: [6, 12, 24, 16], initialFeatures: 64)

    var network: NetworkSpec {
        var builder = NetworkBuilder()
        builder.conv("features.conv0", initialFeatures, kernel: 7, stride: 2, padding: 3)
        builder.add("features.norm0", .batchNorm(BatchNorm()))
        builder.activation("features.relu0", .relu)
        builder.add("features.pool0", .maxPool2d(Pool2D(kernel: Size2D(3), stride: Size2D(2), padding: Size2D(1))))
        var features = initialFeatures
        for (blockIndex, layers) in blocks.enumerated() {
            let block = "features.denseblock\(blockIndex + 1)"
            var outputs = [builder.last]
            for layer in 1...layers {
                let name = "\(block).denselayer\(layer)"
                builder.add(name + ".cat", .concat(Concat()), inputs: outputs)
                builder.add(name + ".norm1", .batchNorm(BatchNorm()))
                builder.activation(name + ".relu1", .relu)
                builder.conv(name + ".conv1", 4 * growth, kernel: 1)
                builder.add(name + ".norm2", .batchNorm(BatchNorm()))
                builder.activation(name + ".relu2", .relu)
                outputs.append(builder.conv(name + ".conv2", growth, kernel: 3))
            }
            builder.add(block + ".cat", .concat(Concat()), inputs: outputs)
            features += layers * growth
            if blockIndex < blocks.count - 1 {
                let transition = "features.transition\(blockIndex + 1)"
                builder.add(transition + ".norm", .batchNorm(BatchNorm()))
                builder.activation(transition + ".relu", .relu)
                features /= 2
                builder.conv(transition + ".conv", features, kernel: 1)
                builder.add(transition + ".pool", .avgPool2d(Pool2D(kernel: Size2D(2), stride: Size2D(2))))
            }
        }
        builder.add("features.norm5", .batchNorm(BatchNorm()))
        builder.activation("relu", .relu)
        builder.globalAveragePool("")
        builder.linear("classifier", 1000)
        return builder.spec(input: [3, 224, 224])
    }
}
