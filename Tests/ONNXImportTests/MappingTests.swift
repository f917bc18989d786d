import Estimation
import Testing
@testable import ONNXImport

/// How nodes become layers where the reference exports do not show it: weights given as graph
/// inputs or only declared, shared weights, the patterns fused back into torch's modules, and
/// the attribute forms of older and newer opsets.
@Suite struct MappingTests {
    private func types(_ imported: ImportedNetwork) -> [String] { imported.network.spec.layers.map(\.operation.typeName) }

    private func parameters(_ imported: ImportedNetwork) throws -> Int {
        try NetworkEstimator.estimate(imported.network, NetworkOptions()).totals.parameters
    }

    @Test func weightsMayBeGraphInputsOrDeclaredOnly() throws {
        var graph = TestGraph()
        graph.model.graph.input.append(TestGraph.valueInfo("w", [8, 3, 3, 3]))
        graph.model.graph.valueInfo.append(TestGraph.valueInfo("b", [8]))
        graph.node("Conv", ["x", "w", "b"], ["y"], name: "conv", [.ints("pads", [1, 1, 1, 1])])
        graph.output("y")
        let imported = try graph.imported()
        #expect(imported.inputName == "x")
        #expect(imported.network.spec.layers[0].operation == .conv2d(Conv2D(
            outChannels: 8, kernel: Size2D(3), padding: Padding2D(Size2D(1)), bias: true)))
        #expect(try parameters(imported) == 8 * 27 + 8)
    }

    @Test func aWeightUsedTwiceCountsOnce() throws {
        var graph = TestGraph(input: [1, 16])
        graph.weight("w", [16, 16])
        graph.weight("b", [16])
        graph.node("Gemm", ["x", "w", "b"], ["h"], name: "fc1", [.int("transB", 1)])
        graph.node("Relu", ["h"], ["r"], name: "relu")
        graph.node("Gemm", ["r", "w", "b"], ["y"], name: "fc2", [.int("transB", 1)])
        graph.output("y")
        let imported = try graph.imported()
        #expect(imported.network.layers.map(\.sharesWeightsWith) == [nil, nil, 0])
        #expect(try parameters(imported) == 16 * 16 + 16)
        #expect(try NetworkEstimator.estimate(imported.network, NetworkOptions()).totals.macs == 2 * 16 * 16)
    }

    @Test func gemmReadsBothWeightLayouts() throws {
        var graph = TestGraph(input: [1, 16])
        graph.weight("w", [16, 4])
        graph.node("Gemm", ["x", "w"], ["y"], name: "fc")
        graph.output("y")
        let imported = try graph.imported()
        #expect(imported.network.spec.layers[0].operation == .linear(Linear(outFeatures: 4, bias: false)))
        #expect(imported.network.outputShape == [4])
    }

    @Test func sigmoidTimesItsInputIsSiLU() throws {
        var graph = TestGraph()
        graph.node("Sigmoid", ["x"], ["s"])
        graph.node("Mul", ["x", "s"], ["y"])
        graph.output("y")
        #expect(types(try graph.imported()) == ["silu"])
    }

    @Test func aGateOfAnotherValueStaysAProduct() throws {
        var graph = TestGraph()
        graph.node("GlobalAveragePool", ["x"], ["p"])
        graph.node("Sigmoid", ["p"], ["s"])
        graph.node("Mul", ["x", "s"], ["y"])
        graph.output("y")
        #expect(types(try graph.imported()) == ["adaptive_avg_pool2d", "sigmoid", "multiply"])
    }

    @Test func matMulAndBiasAreOneLinearLayer() throws {
        var graph = TestGraph(input: [1, 5, 16])
        graph.weight("w", [16, 32])
        graph.weight("b", [32])
        graph.node("MatMul", ["x", "w"], ["m"])
        graph.node("Add", ["m", "b"], ["y"])
        graph.output("y")
        let imported = try graph.imported()
        #expect(imported.network.spec.layers.map(\.operation) == [.linear(Linear(outFeatures: 32, bias: true))])
        #expect(imported.network.outputShape == [5, 32])
    }

    /// Attention as exporters write it: both operands scaled by a constant, multiplied, softmax,
    /// multiplied by the values; the scale is the product's own (no elementwise work).
    @Test func attentionsScaleFoldsIntoTheProduct() throws {
        var graph = TestGraph(input: [1, 4, 10, 8])
        var scale = Onnx_TensorProto()
        scale.name = "scale"
        scale.dataType = 1
        scale.floatData = [0.35]
        graph.model.graph.initializer.append(scale)
        graph.node("Mul", ["x", "scale"], ["q"])
        graph.node("Transpose", ["x"], ["kt"], [.ints("perm", [0, 1, 3, 2])])
        graph.node("MatMul", ["q", "kt"], ["scores"])
        graph.node("Softmax", ["scores"], ["weights"], [.int("axis", -1)])
        graph.node("MatMul", ["weights", "x"], ["y"])
        graph.output("y")
        let imported = try graph.imported()
        #expect(types(imported) == ["permute", "matmul", "softmax", "matmul"])
        let totals = try NetworkEstimator.estimate(imported.network, NetworkOptions()).totals
        #expect(totals.macs == 2 * 4 * 10 * 10 * 8)
    }

    @Test func heldTensorsAreParametersOrConstants() throws {
        var graph = TestGraph(input: [1, 5, 16])
        graph.weight("position", [1, 5, 16])
        graph.weight("token", [1, 1, 16])
        graph.node("Add", ["x", "position"], ["a"], name: "position")
        graph.node("Concat", ["token", "a"], ["c"], name: "token", [.int("axis", 1)])
        graph.integers("two", [2], dims: [])
        graph.node("Cast", ["two"], ["twoFloat"], [.int("to", 1)])
        graph.node("Div", ["c", "twoFloat"], ["y"], name: "halve")
        graph.output("y")
        let imported = try graph.imported()
        #expect(imported.network.spec.layers.map(\.operation) == [
            .tensorOperand(TensorOperand(.add, shape: [5, 16], learned: true)),
            .tensorOperand(TensorOperand(.concat(dim: 0, tensorFirst: true), shape: [1, 16], learned: true)),
            .tensorOperand(TensorOperand(.divide, shape: [1], learned: false)),
        ])
        #expect(imported.network.outputShape == [6, 16])
        #expect(try parameters(imported) == 5 * 16 + 16)
    }

    /// An unoptimised dynamo export spells a convolution without bias as one with computed zeros.
    @Test func aComputedZeroBiasIsNoBias() throws {
        var graph = TestGraph()
        graph.weight("w", [8, 3, 3, 3])
        graph.node("Shape", ["w"], ["shape"], [.int("start", 0), .int("end", 1)])
        graph.node("Constant", [], ["zero"], [])
        var zero = Onnx_TensorProto()
        zero.dataType = 1
        zero.floatData = [0]
        var attribute = Onnx_AttributeProto()
        (attribute.name, attribute.type, attribute.t) = ("value", .tensor, zero)
        graph.model.graph.node[1].attribute = [attribute]
        graph.node("CastLike", ["zero", "x"], ["typed"])
        graph.node("Expand", ["typed", "shape"], ["bias"])
        graph.node("Conv", ["x", "w", "bias"], ["y"], [.ints("pads", [1, 1, 1, 1])])
        graph.output("y")
        let imported = try graph.imported()
        #expect(imported.network.spec.layers.map(\.operation) == [.conv2d(Conv2D(
            outChannels: 8, kernel: Size2D(3), padding: Padding2D(Size2D(1)), bias: false))])
    }

    @Test func samePaddingMayBeUneven() throws {
        var graph = TestGraph(input: [1, 3, 9, 9])
        graph.weight("w", [4, 3, 2, 2])
        graph.node("Conv", ["x", "w"], ["y"], [.string("auto_pad", "SAME_UPPER"), .ints("strides", [2, 2])])
        graph.output("y")
        let imported = try graph.imported()
        #expect(imported.network.spec.layers[0].operation == .conv2d(Conv2D(
            outChannels: 4, kernel: Size2D(2), stride: Size2D(2), padding: Padding2D(top: 0, left: 0, bottom: 1, right: 1),
            bias: false)))
        #expect(imported.network.outputShape == [4, 5, 5])
    }

    @Test func clipIsReLU6ReLUOrHardtanh() throws {
        for (bounds, expected) in [([0.0, 6.0], "relu6"), ([-1.0, 1.0], "hardtanh")] {
            var graph = TestGraph()
            var low = Onnx_TensorProto()
            low.name = "low"
            low.dataType = 1
            low.floatData = [Float(bounds[0])]
            var high = low
            high.name = "high"
            high.floatData = [Float(bounds[1])]
            graph.model.graph.initializer += [low, high]
            graph.node("Clip", ["x", "low", "high"], ["y"])
            graph.output("y")
            #expect(types(try graph.imported()) == [expected])
        }
        var older = TestGraph()
        older.node("Clip", ["x"], ["y"], [.float("min", 0)])
        older.output("y")
        #expect(types(try older.imported()) == ["relu"])
    }

    @Test func splitAndSlicesAreViews() throws {
        var graph = TestGraph(input: [1, 6, 4, 4])
        graph.integers("sizes", [2, 4])
        graph.node("Split", ["x", "sizes"], ["a", "b"], [.int("axis", 1)])
        graph.integers("starts", [1])
        graph.integers("ends", [3])
        graph.integers("axes", [2])
        graph.node("Slice", ["b", "starts", "ends", "axes"], ["c"])
        graph.integers("index", [0], dims: [])
        graph.node("Gather", ["c", "index"], ["d"], [.int("axis", 1)])
        graph.node("Relu", ["d"], ["y"])
        graph.output("y")
        let imported = try graph.imported()
        #expect(imported.network.spec.layers.map(\.operation) == [
            .slice(Slice(dim: 0, start: 2, end: 6)), .slice(Slice(dim: 1, start: 1, end: 3)),
            .select(Select(dim: 0, index: 0)), .activation(.relu),
        ])
        #expect(imported.network.outputShape == [2, 4])
    }

    @Test func olderOpsetsGiveAxesAsAttributes() throws {
        var graph = TestGraph(input: [1, 8, 4, 4], opset: 11)
        graph.node("ReduceMean", ["x"], ["m"], [.ints("axes", [2, 3]), .int("keepdims", 0)])
        graph.node("Unsqueeze", ["m"], ["u"], [.ints("axes", [2])])
        graph.node("Squeeze", ["u"], ["y"], [.ints("axes", [2])])
        graph.output("y")
        let imported = try graph.imported()
        #expect(types(imported) == ["adaptive_avg_pool2d", "reshape", "reshape", "reshape"])
        #expect(imported.network.outputShape == [8])
    }

    @Test func theOriginsNameEveryLayersNode() throws {
        var graph = TestGraph()
        graph.conv("stem", "x", inChannels: 3, channels: 8)
        graph.node("ReduceMean", ["stem"], ["y"], name: "pool", [.ints("axes", [2, 3]), .int("keepdims", 0)])
        graph.output("y")
        let imported = try graph.imported()
        // A node may make two layers (a pool, then the reshape its keepdims=0 implies).
        #expect(imported.origins.map(\.name) == ["stem", "pool", "pool"])
        #expect(imported.network.spec.layers.map(\.name) == ["stem", "pool", "pool.1"])
    }
}
