import Estimation
import Testing
@testable import ONNXImport

/// The canonical form: equal for two uploads of one graph however its nodes are named and
/// ordered, equal for exports of one model by different exporters, equal to a preset's where the
/// export has the preset's layers, and never a change to any total.
@Suite struct CanonicalFormTests {
    private func imported(_ file: String) throws -> ImportedNetwork {
        try ONNXModel.network(from: try ONNXReference.bytes(file))
    }

    @Test func exportersAgreeOnResNet18() throws {
        let forms = try ["resnet18.unoptimized.onnx", "resnet18.torchscript.onnx", "resnet18.dynamic-batch.onnx"]
            .map { try imported($0).canonicalSpec }
        #expect(forms[0] == forms[1])
        #expect(forms[0] == forms[2])
        // Folding BatchNorm into the convolutions makes another network.
        #expect(try imported("resnet18.default.onnx").canonicalSpec != forms[0])
    }

    /// Exports whose layers are the preset's, layer for layer (names, order and views apart). The
    /// others differ in form though not in totals: a preset's squeeze-excite, patch embedding,
    /// transformer block and channel shuffle are one layer each, an export's are their steps.
    @Test(arguments: ["resnet18.unoptimized.onnx", "resnet50.unoptimized.onnx", "mobilenet_v2.unoptimized.onnx",
                      "vgg11.unoptimized.onnx", "vgg11.default.onnx", "squeezenet1_1.default.onnx",
                      "squeezenet1_1.unoptimized.onnx", "shufflenet_v2_x1_0.unoptimized.onnx", "convnext_tiny.unoptimized.onnx"])
    func anExportHasItsPresetsCanonicalForm(_ file: String) throws {
        let export = try imported(file)
        let model = String(file.prefix { $0 != "." })
        let preset = try #require(NetworkPresets.named(model))
        let presetForm = NetworkCanonicalForm.spec(of: preset.network)
        #expect(export.canonicalSpec.layers.count == presetForm.layers.count)
        #expect(export.canonicalSpec == presetForm)
    }

    @Test(arguments: ONNXReference.cases)
    func theCanonicalFormKeepsEveryTotal(_ reference: ONNXReference.Case) throws {
        let export = try ONNXModel.network(from: try reference.bytes())
        let canonical = try Network(resolving: export.canonicalSpec)
        let options = NetworkOptions(batchSize: 4)
        let before = try NetworkEstimator.estimate(export.network, options)
        let after = try NetworkEstimator.estimate(canonical, options)
        #expect(before.totals == after.totals)
        #expect(before.trainingMemory == after.trainingMemory)
        #expect(NetworkCanonicalForm.spec(of: canonical) == export.canonicalSpec)
    }

    /// Two branches from the input, added: written in either order, with other names, the
    /// canonical form is one.
    @Test func namesAndNodeOrderDoNotMatter() throws {
        func graph(swapped: Bool, prefix: String) -> TestGraph {
            var graph = TestGraph()
            graph.weight(prefix + "wide.weight", [8, 3, 3, 3])
            graph.weight(prefix + "narrow.weight", [8, 3, 1, 1])
            let wide = { (graph: inout TestGraph) in
                graph.node("Conv", ["x", prefix + "wide.weight"], [prefix + "w"], name: prefix + "wide", [.ints("pads", [1, 1, 1, 1])])
                graph.node("Relu", [prefix + "w"], [prefix + "wr"], name: prefix + "wide_relu")
            }
            let narrow = { (graph: inout TestGraph) in
                graph.node("Conv", ["x", prefix + "narrow.weight"], [prefix + "n"], name: prefix + "narrow")
            }
            if swapped { narrow(&graph); wide(&graph) } else { wide(&graph); narrow(&graph) }
            graph.node("Add", swapped ? [prefix + "n", prefix + "wr"] : [prefix + "wr", prefix + "n"], ["y"], name: prefix + "sum")
            graph.output("y")
            return graph
        }
        let first = try graph(swapped: false, prefix: "").imported()
        let second = try graph(swapped: true, prefix: "other/").imported()
        #expect(first.spec != second.spec)
        #expect(first.canonicalSpec == second.canonicalSpec)
    }

    /// A weight shared by two convolutions stays shared (counted once) whichever comes first in
    /// canonical order.
    @Test func sharedWeightsStayShared() throws {
        var graph = TestGraph()
        graph.weight("shared", [3, 3, 3, 3])
        graph.node("Conv", ["x", "shared"], ["a"], name: "first", [.ints("pads", [1, 1, 1, 1])])
        graph.node("Relu", ["a"], ["b"], name: "act")
        graph.node("Conv", ["b", "shared"], ["c"], name: "second", [.ints("pads", [1, 1, 1, 1])])
        graph.output("c")
        let imported = try graph.imported()
        #expect(imported.network.layers.map(\.sharesWeightsWith) == [nil, nil, 0])
        let canonical = try Network(resolving: imported.canonicalSpec)
        let parameters = try NetworkEstimator.estimate(canonical, NetworkOptions()).totals.parameters
        #expect(parameters == 81)
    }
}
