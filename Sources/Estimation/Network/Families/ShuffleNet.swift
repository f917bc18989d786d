/// torchvision's ShuffleNetV2 (`torchvision.models.shufflenetv2`): a stride-2 unit feeds both
/// halves of its output from its input; a stride-1 unit passes one half of its channels through
/// and transforms the other; each unit ends in a two-group channel shuffle.
struct ShuffleNetV2 {
    /// Output channels of the stem, the three stages and the last convolution.
    var channels: [Int]
    static let repeats = [4, 8, 4]

    var network: NetworkSpec {
        var builder = NetworkBuilder()
        builder.convBN("conv1", channels[0], kernel: 3, stride: 2, activation: .relu)
        builder.add("maxpool", .maxPool2d(Pool2D(kernel: Size2D(3), stride: Size2D(2), padding: Size2D(1))))
        var input = channels[0]
        for (stage, repeats) in Self.repeats.enumerated() {
            let output = channels[stage + 1]
            for unit in 0..<repeats {
                addUnit("stage\(stage + 2).\(unit)", &builder, input: input, output: output, stride: unit == 0 ? 2 : 1)
                input = output
            }
        }
        builder.convBN("conv5", channels[4], kernel: 1, activation: .relu)
        builder.globalAveragePool("")
        builder.linear("fc", 1000)
        return builder.spec(input: [3, 224, 224])
    }

    private func addUnit(_ name: String, _ builder: inout NetworkBuilder, input: Int, output: Int, stride: Int) {
        let branch = output / 2
        let unitInput = builder.last
        let passed: String
        var transformed = unitInput
        if stride == 1 {
            passed = builder.add(name + ".x1", .slice(Slice(dim: 0, start: 0, end: branch)))
            transformed = builder.add(name + ".x2", .slice(Slice(dim: 0, start: branch, end: input)), inputs: [unitInput])
        } else {
            builder.convBN(name + ".branch1.dw", input, kernel: 3, stride: stride, groups: input, activation: nil)
            passed = builder.convBN(name + ".branch1.pw", branch, kernel: 1, activation: .relu)
        }
        builder.convBN(name + ".branch2.pw1", branch, kernel: 1, activation: .relu, from: transformed)
        builder.convBN(name + ".branch2.dw", branch, kernel: 3, stride: stride, groups: branch, activation: nil)
        builder.convBN(name + ".branch2.pw2", branch, kernel: 1, activation: .relu)
        builder.add(name + ".cat", .concat(Concat()), inputs: [passed, builder.last])
        builder.add(name + ".shuffle", .channelShuffle(ChannelShuffle(groups: 2)))
    }
}
