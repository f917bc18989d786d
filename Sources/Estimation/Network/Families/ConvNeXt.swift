/// torchvision's ConvNeXt (`torchvision.models.convnext`): a 4×4 patchify stem with a channels-first
/// layer norm, blocks of a 7×7 depthwise convolution, a layer norm and a 4× MLP over channels
/// (permuted to the last dimension and back), a layer scale and a residual add; downsampling by a
/// layer norm and a 2×2 stride-2 convolution.
struct ConvNeXt {
    var stages: [(channels: Int, blocks: Int)]

    static let tiny = ConvNeXt(stages: [(96, 3), (192, 3), (384, 9), (768, 3)])

    var network: NetworkSpec {
        var builder = NetworkBuilder()
        builder.conv("features.0.conv", stages[0].channels, kernel: 4, stride: 4, padding: 0, bias: true)
        Self.channelsFirstNorm("features.0.norm", &builder)
        for (index, stage) in stages.enumerated() {
            for block in 0..<stage.blocks {
                let name = "features.\(2 * index + 1).\(block)"
                let blockInput = builder.last
                builder.conv(name + ".dwconv", stage.channels, kernel: 7, groups: stage.channels, bias: true)
                builder.add(name + ".permute", .permute(Permute(dims: [1, 2, 0])))
                builder.add(name + ".norm", .layerNorm(LayerNorm()))
                builder.linear(name + ".pwconv1", 4 * stage.channels)
                builder.activation(name + ".gelu", .gelu)
                builder.linear(name + ".pwconv2", stage.channels)
                builder.add(name + ".permute_back", .permute(Permute(dims: [2, 0, 1])))
                builder.add(name + ".layer_scale", .layerScale)
                builder.add(name + ".add", .add, inputs: [blockInput, builder.last])
            }
            if index + 1 < stages.count {
                let name = "features.\(2 * index + 2)"
                Self.channelsFirstNorm(name + ".norm", &builder)
                builder.conv(name + ".conv", stages[index + 1].channels, kernel: 2, stride: 2, padding: 0, bias: true)
            }
        }
        builder.add("avgpool", .adaptiveAvgPool2d(AdaptivePool2D(outputSize: Size2D(1))))
        Self.channelsFirstNorm("classifier.norm", &builder)
        builder.add("classifier.flatten", .flatten(Flatten()))
        builder.linear("classifier.fc", 1000)
        return builder.spec(input: [3, 224, 224])
    }

    /// torchvision's `LayerNorm2d`: a layer norm over the channels of a `[C, H, W]` tensor,
    /// permuted to the last dimension and back.
    private static func channelsFirstNorm(_ name: String, _ builder: inout NetworkBuilder) {
        builder.add(name + ".permute", .permute(Permute(dims: [1, 2, 0])))
        builder.add(name, .layerNorm(LayerNorm()))
        builder.add(name + ".permute_back", .permute(Permute(dims: [2, 0, 1])))
    }
}

/// torchvision's ViT (`torchvision.models.vision_transformer`): patch embedding with a class token
/// and position embedding, pre-norm encoder blocks, a final layer norm, and a linear head on the
/// class token.
struct VisionTransformer {
    var patchSize: Int
    var layers: Int
    var heads: Int
    var hiddenDim: Int
    var mlpDim: Int

    static let b16 = VisionTransformer(patchSize: 16, layers: 12, heads: 12, hiddenDim: 768, mlpDim: 3072)

    var network: NetworkSpec {
        var builder = NetworkBuilder()
        builder.add("embedding", .patchEmbedding(PatchEmbedding(patchSize: patchSize, hiddenDim: hiddenDim)))
        for layer in 0..<layers {
            builder.add("encoder.layer\(layer)", .transformerBlock(TransformerBlock(heads: heads, mlpDim: mlpDim)))
        }
        builder.add("encoder.ln", .layerNorm(LayerNorm()))
        builder.add("class_token", .select(Select(dim: 0, index: 0)))
        builder.linear("heads.head", 1000)
        return builder.spec(input: [3, 224, 224])
    }
}
