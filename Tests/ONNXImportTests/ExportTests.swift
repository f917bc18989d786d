import Estimation
import Testing
@testable import ONNXImport

/// ONNX exports of torchvision models read into networks: every export equals torch's counts of
/// the module it came from, and an export that keeps BatchNorm (or a model without BatchNorm)
/// equals its preset in every total at several batch sizes and dtypes.
@Suite struct ExportTests {
    @Test func everyCaseIsThere() {
        #expect(ONNXReference.cases.count >= 26)
    }

    @Test(arguments: ONNXReference.cases)
    func equalsTorchsCounts(_ reference: ONNXReference.Case) throws {
        let imported = try ONNXModel.network(from: try reference.bytes())
        #expect(imported.input == reference.input)
        let estimate = try NetworkEstimator.estimate(imported.network, NetworkOptions())
        #expect(estimate.totals.parameters == reference.parameters)
        #expect(estimate.totals.macs == reference.macs)
        if let outputs = reference.conv_linear_pool_outputs {
            #expect(estimate.totals.activations == outputs)
        }
    }

    /// Every total, at two batch sizes and dtypes. One difference is the exporters': `torch.cat` of
    /// a single tensor (DenseNet's first layer of each block) copies it in eager PyTorch, as the
    /// preset counts, but exports as an `Identity`, which copies nothing; the expected bytes are
    /// the preset's less those copies.
    @Test(arguments: ONNXReference.cases.filter { $0.preset != nil && ($0.keepsBatchNorm || !$0.model.hasBatchNorm) })
    func equalsItsPreset(_ reference: ONNXReference.Case) throws {
        let imported = try ONNXModel.network(from: try reference.bytes())
        let preset = try #require(NetworkPresets.named(reference.preset ?? ""))
        #expect(imported.network.outputShape == preset.network.outputShape)
        let copied = zip(preset.network.spec.layers, preset.network.layers).filter { specLayer, layer in
            if case .concat = specLayer.operation { layer.inputs.count == 1 } else { false }
        }.reduce(0) { $0 + $1.1.outputShape.reduce(1, *) }
        #expect(copied == (reference.model == "densenet121" ? 376_320 : 0))
        for options in [NetworkOptions(), NetworkOptions(batchSize: 8, dtype: .bf16, optimizer: .adamw16)] {
            let exported = try NetworkEstimator.estimate(imported.network, options)
            let presetEstimate = try NetworkEstimator.estimate(preset.network, options)
            let copiedBytes = copied * options.batchSize * options.dtype.bitsPerValue / 8
            var totals = presetEstimate.totals
            totals.bytesRead -= copiedBytes
            totals.bytesWritten -= copiedBytes
            totals.arithmeticIntensity =
                (Double(totals.flops) + Double(totals.elementwiseFlops)) / (Double(totals.bytesRead) + Double(totals.bytesWritten))
            #expect(exported.totals == totals)
            var memory = presetEstimate.trainingMemory
            let copiedActivations = copied * options.batchSize * memory.bytesPerActivation
            memory.activations -= copiedActivations
            memory.total -= copiedActivations
            #expect(exported.trainingMemory == memory)
        }
    }
}

extension String {
    /// The torchvision models of the reference set that have BatchNorm layers.
    fileprivate var hasBatchNorm: Bool { !["vgg11", "squeezenet1_1", "convnext_tiny", "vit_b_16"].contains(self) }
}
