import Testing
@testable import Estimation

/// Every preset against the model it names: torchvision's (parameters and FlopCounterMode MACs, on
/// the meta device) and pycls's (its own complexity function: flops, params, acts).
@Suite struct NetworkPresetTests {
    static let torchvisionCases = NetworkReference.torchvision?.presets ?? []
    static let extraCases = NetworkReference.torchvision?.extra ?? []
    static let zooCases = NetworkReference.zoo?.models ?? []

    @Test func referenceFilesAreComplete() throws {
        let torchvision = try #require(NetworkReference.torchvision)
        #expect(torchvision.presets.count == 49)
        let zoo = try #require(NetworkReference.zoo)
        #expect(zoo.models.count == 38)
        let presets = Set(NetworkPresets.all.map(\.name))
        let referenced = Set(torchvision.presets.map(\.name) + zoo.models.map(\.name))
        #expect(presets == referenced, "presets without a reference case, or cases without a preset")
    }

    @Test(arguments: torchvisionCases)
    func torchvisionPreset(_ reference: NetworkReference.TorchvisionCase) throws {
        let preset = try #require(NetworkPresets.named(reference.name))
        #expect(preset.network.spec.input == reference.input)
        let estimate = try NetworkEstimator.estimate(preset.network, NetworkOptions())
        #expect(estimate.totals.parameters == reference.parameters)
        #expect(estimate.totals.macs == reference.macs)
        if let outputs = reference.conv_linear_pool_outputs {
            #expect(estimate.totals.activations == outputs)
        }
    }

    @Test(arguments: extraCases)
    func torchvisionPresetOnAnotherInput(_ reference: NetworkReference.TorchvisionCase) throws {
        let preset = try #require(NetworkPresets.named(reference.name))
        let network = try Network(resolving: preset.spec(input: reference.input))
        let estimate = try NetworkEstimator.estimate(network, NetworkOptions())
        #expect(estimate.totals.parameters == reference.parameters)
        #expect(estimate.totals.macs == reference.macs)
        if let outputs = reference.conv_linear_pool_outputs {
            #expect(estimate.totals.activations == outputs)
        }
    }

    @Test(arguments: zooCases)
    func pyclsPreset(_ reference: NetworkReference.ZooCase) throws {
        let preset = try #require(NetworkPresets.named(reference.name))
        #expect(preset.network.spec.input == [3, reference.im_size, reference.im_size])
        let estimate = try NetworkEstimator.estimate(preset.network, NetworkOptions())
        #expect(estimate.totals.pyclsFlops == reference.flops)
        #expect(estimate.totals.parameters == reference.params)
        #expect(estimate.totals.activations == reference.acts)
        switch preset.stages {
        case .anyNet(let net)?:
            // pycls's CIFAR ResNets are its ResNet model type, which states a depth, not stages.
            guard let depths = reference.stages.ds else { break }
            #expect(net.stages.map(\.depth) == depths)
            #expect(net.stages.map(\.width) == reference.stages.ws)
            if let groupWidths = reference.stages.gws { #expect(net.stages.map(\.groupWidth) == groupWidths) }
        case .effNet(let net)?:
            #expect(net.stages.map(\.depth) == reference.stages.ds)
            #expect(net.stages.map(\.width) == reference.stages.ws)
            #expect(net.stemWidth == reference.stages.stem_w)
            #expect(net.headWidth == reference.stages.head_w)
        case nil:
            Issue.record("a pycls preset without stages")
        }
    }
}
