import Estimation
import Foundation
import Testing
@testable import ONNXImport

/// Bad, unsupported and hostile graphs: each is an `ONNXImportError` naming the node (index, name,
/// op type) or the part of the model, never a crash.
@Suite struct ErrorTests {
    /// A convolution, then `opType` on its output.
    private func graph(then opType: String, _ attributes: [TestGraph.Attribute] = []) -> TestGraph {
        var graph = TestGraph()
        graph.conv("stem", "x", inChannels: 3, channels: 8)
        graph.node(opType, ["stem"], ["y"], name: "/decoder/Upsample", attributes)
        graph.output("y")
        return graph
    }

    @Test func anUnsupportedOpIsNamedWithItsNode() throws {
        let error = try #require(throws: ONNXImportError.self) { try graph(then: "Resize").imported() }
        #expect(error.reason == .unsupported)
        #expect(error.node == ONNXNodeReference(index: 1, name: "/decoder/Upsample", opType: "Resize"))
        #expect(error.field == "graph.node[1]")
        #expect(error.description.hasPrefix("node 1 \"/decoder/Upsample\" (Resize): "))
        #expect(error.estimationError.issues == [EstimationError.Issue(field: "graph.node[1]", message: error.description)])
    }

    @Test func anOpOutsideTheStandardDomainIsUnsupported() throws {
        var graph = TestGraph()
        graph.node("FusedConv", ["x"], ["y"], name: "fused")
        graph.model.graph.node[0].domain = "com.microsoft"
        graph.output("y")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.node?.opType == "FusedConv")
        #expect(error.message.contains("com.microsoft"))
    }

    @Test func anUnsupportedNodeNothingReadsIsSkipped() throws {
        var graph = self.graph(then: "Relu")
        graph.node("Resize", ["stem"], ["unused"], name: "dead")
        let imported = try graph.imported()
        #expect(imported.network.spec.layers.map(\.operation.typeName) == ["conv2d", "relu"])
    }

    @Test func aMissingInputIsNamed() throws {
        var graph = TestGraph()
        graph.node("Relu", ["nowhere"], ["y"], name: "act")
        graph.output("y")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.reason == .invalidGraph)
        #expect(error.node == ONNXNodeReference(index: 0, name: "act", opType: "Relu"))
        #expect(error.message.contains("\"nowhere\""))
    }

    @Test func aCycleIsNamed() throws {
        var graph = TestGraph()
        graph.node("Add", ["x", "b"], ["a"], name: "first")
        graph.node("Relu", ["a"], ["b"], name: "second")
        graph.output("b")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.node?.name == "first")
        #expect(error.message.contains("topological order, or has a cycle"))
    }

    @Test func aValueMadeTwiceIsInvalid() throws {
        var graph = TestGraph()
        graph.node("Relu", ["x"], ["y"], name: "one")
        graph.node("Sigmoid", ["x"], ["y"], name: "two")
        graph.output("y")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.node?.name == "two")
    }

    @Test func aWeightThatDoesNotFitIsNamed() throws {
        var graph = TestGraph()
        graph.weight("w", [8, 4, 3, 3])
        graph.node("Conv", ["x", "w"], ["y"], name: "conv", [.ints("kernel_shape", [3, 3])])
        graph.output("y")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.node?.opType == "Conv")
        #expect(error.message.contains("3 channels"))
    }

    @Test func aShapeTheNetworkRejectsIsReportedAtItsNode() throws {
        // ONNX allows a pool's padding beyond half its kernel; torch (and the network spec) do not.
        let error = try #require(throws: ONNXImportError.self) {
            try graph(then: "MaxPool", [.ints("kernel_shape", [2, 2]), .ints("pads", [2, 2, 2, 2])]).imported()
        }
        #expect(error.node == ONNXNodeReference(index: 1, name: "/decoder/Upsample", opType: "MaxPool"))
        #expect(error.message.contains("half the kernel"))
    }

    @Test func unevenTransposedPaddingIsUnsupported() throws {
        var graph = TestGraph()
        graph.weight("w", [3, 4, 3, 3])
        graph.node("ConvTranspose", ["x", "w"], ["y"], name: "up", [.ints("pads", [0, 0, 1, 1])])
        graph.output("y")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.node?.opType == "ConvTranspose")
        #expect(error.message.contains("unevenly"))
    }

    @Test func aBatchOtherThanOneIsRefused() throws {
        var graph = TestGraph(input: [4, 3, 8, 8])
        graph.node("Relu", ["x"], ["y"])
        graph.output("y")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.field == "graph.input[0]")
        #expect(error.message.contains("batch of 4"))
    }

    @Test func symbolicSizesNeedTheInputShape() throws {
        var graph = TestGraph(input: [nil, 3, nil, nil])
        graph.conv("stem", "x", inChannels: 3, channels: 8)
        graph.output("stem")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.message.contains("symbolic size in dimension 2"))
        let imported = try graph.imported(input: [3, 32, 48])
        #expect(imported.input == [3, 32, 48])
        #expect(imported.network.outputShape == [8, 32, 48])
        #expect(throws: ONNXImportError.self) { try graph.imported(input: [4, 32, 48]) }
    }

    @Test func malformedBytesAreMalformed() throws {
        for bytes: [UInt8] in [[], [0xff, 0xff, 0xff], Array("not a model".utf8), [0x3a, 0x80, 0x80, 0x80, 0x80, 0x10]] {
            let error = try #require(throws: ONNXImportError.self) { try ONNXModel.network(from: bytes) }
            #expect(error.reason == .malformed)
        }
    }

    @Test func everyTruncationOfAModelFailsCleanly() throws {
        var graph = graph(then: "Relu")
        graph.node("GlobalAveragePool", ["y"], ["z"], name: "pool")
        graph.output("z")
        let bytes = try graph.bytes()
        for end in 0..<bytes.count {
            do {
                _ = try ONNXModel.network(from: Array(bytes[..<end]))
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test func hugeDimensionsAreRefused() throws {
        var graph = TestGraph()
        graph.weight("w", [1 << 40, 3, 3, 3])
        graph.node("Conv", ["x", "w"], ["y"], name: "conv")
        graph.output("y")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.field == "graph.initializer[0]")

        var wide = TestGraph(input: [1, 1 << 30, 1 << 30, 1 << 30])
        wide.node("Relu", ["x"], ["y"])
        wide.output("y")
        // The input fits the dimension limit, but its values overflow every count: an error, no trap.
        #expect(throws: ONNXImportError.self) { try wide.imported() }
    }

    @Test func aReshapeToHugeValuesIsRefused() throws {
        var graph = TestGraph()
        graph.integers("shape", [1, -1, 1 << 40])
        graph.node("Reshape", ["x", "shape"], ["y"], name: "reshape")
        graph.output("y")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.node?.name == "reshape")
    }

    @Test func heldArithmeticStaysBounded() throws {
        // ConstantOfShape of 2^30 × 2^30 values: its shape is kept, no values are made.
        var graph = TestGraph()
        graph.integers("big", [1 << 30, 1 << 30])
        graph.node("ConstantOfShape", ["big"], ["zeros"], name: "zeros")
        graph.node("Shape", ["zeros"], ["shape"], name: "shape")
        graph.node("Reshape", ["x", "shape"], ["y"], name: "reshape")
        graph.output("y")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.node?.name == "reshape")
    }

    @Test func tooManyNodesIsTooLarge() throws {
        var graph = TestGraph()
        var last = "x"
        for index in 0..<50 {
            graph.node("Relu", [last], ["r\(index)"])
            last = "r\(index)"
        }
        graph.output(last)
        let error = try #require(throws: ONNXImportError.self) { try graph.imported(limits: ONNXLimits(nodes: 10)) }
        #expect(error.reason == .tooLarge)
        let tooBig = try #require(throws: ONNXImportError.self) { try graph.imported(limits: ONNXLimits(modelBytes: 16)) }
        #expect(tooBig.reason == .tooLarge)
    }

    @Test func deepNestingIsRefusedByTheDecoder() throws {
        var inner = Onnx_GraphProto()
        for _ in 0..<200 {
            var node = Onnx_NodeProto()
            node.opType = "If"
            node.attribute = [TestGraph.Attribute.graph("then_branch", inner).proto]
            var outer = Onnx_GraphProto()
            outer.node = [node]
            inner = outer
        }
        var graph = TestGraph()
        graph.model.graph.node = inner.node
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.reason == .malformed)
    }

    @Test func longNamesAreCutShortInMessages() throws {
        var graph = TestGraph()
        let name = String(repeating: "n", count: 100_000)
        graph.node("Resize", ["x"], ["y"], name: name)
        graph.output("y")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.description.count < 400)
    }

    @Test func aGraphThatComputesNothingIsRefused() throws {
        var graph = TestGraph()
        graph.node("Identity", ["x"], ["y"])
        graph.output("y")
        let error = try #require(throws: ONNXImportError.self) { try graph.imported() }
        #expect(error.field == "graph.output")
    }
}
