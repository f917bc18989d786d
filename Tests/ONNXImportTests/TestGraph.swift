import Foundation
@testable import ONNXImport

/// Builds small ONNX models in code, for the error and edge-case tests: an image input, nodes
/// with attributes, initializers with dimensions only (or integer values), graph outputs.
struct TestGraph {
    var model = Onnx_ModelProto()

    init(input: [Int64?] = [1, 3, 8, 8], inputName: String = "x", opset: Int64 = 20) {
        model.irVersion = 10
        model.producerName = "TestGraph"
        var set = Onnx_OperatorSetIdProto()
        set.version = opset
        model.opsetImport = [set]
        model.graph.input = [Self.valueInfo(inputName, input)]
    }

    static func valueInfo(_ name: String, _ dims: [Int64?]) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var type = Onnx_TypeProto.Tensor()
        type.elemType = 1
        var shape = Onnx_TensorShapeProto()
        shape.dim = dims.map { size in
            var dim = Onnx_TensorShapeProto.Dimension()
            if let size { dim.dimValue = size } else { dim.dimParam = "n" }
            return dim
        }
        type.shape = shape
        info.type.tensorType = type
        return info
    }

    enum Attribute {
        case int(String, Int64)
        case ints(String, [Int64])
        case float(String, Float)
        case string(String, String)
        case graph(String, Onnx_GraphProto)

        var proto: Onnx_AttributeProto {
            var attribute = Onnx_AttributeProto()
            switch self {
            case .int(let name, let value): (attribute.name, attribute.type, attribute.i) = (name, .int, value)
            case .ints(let name, let values): (attribute.name, attribute.type, attribute.ints) = (name, .ints, values)
            case .float(let name, let value): (attribute.name, attribute.type, attribute.f) = (name, .float, value)
            case .string(let name, let value): (attribute.name, attribute.type, attribute.s) = (name, .string, Data(value.utf8))
            case .graph(let name, let graph): (attribute.name, attribute.type, attribute.g) = (name, .graph, graph)
            }
            return attribute
        }
    }

    /// A float weight of these dimensions, without data.
    mutating func weight(_ name: String, _ dims: [Int64]) {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dataType = 1
        tensor.dims = dims
        model.graph.initializer.append(tensor)
    }

    /// An int64 tensor with values (a shape, axes, indices).
    mutating func integers(_ name: String, _ values: [Int64], dims: [Int64]? = nil) {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dataType = 7
        tensor.dims = dims ?? [Int64(values.count)]
        tensor.int64Data = values
        model.graph.initializer.append(tensor)
    }

    mutating func node(_ opType: String, _ inputs: [String], _ outputs: [String], name: String = "", _ attributes: [Attribute] = []) {
        var node = Onnx_NodeProto()
        node.opType = opType
        node.input = inputs
        node.output = outputs
        node.name = name
        node.attribute = attributes.map(\.proto)
        model.graph.node.append(node)
    }

    mutating func output(_ name: String) {
        var info = Onnx_ValueInfoProto()
        info.name = name
        model.graph.output.append(info)
    }

    /// A 3×3 convolution with padding 1 from `input` to `channels` channels, weights `name.weight`.
    mutating func conv(_ name: String, _ input: String, inChannels: Int64, channels: Int64, bias: Bool = false) {
        weight(name + ".weight", [channels, inChannels, 3, 3])
        if bias { weight(name + ".bias", [channels]) }
        node("Conv", [input, name + ".weight"] + (bias ? [name + ".bias"] : []), [name], name: name,
             [.ints("kernel_shape", [3, 3]), .ints("pads", [1, 1, 1, 1])])
    }

    func bytes() throws -> [UInt8] { try model.serializedBytes() }

    func imported(input: [Int]? = nil, limits: ONNXLimits = .standard) throws -> ImportedNetwork {
        try ONNXModel.network(from: try bytes(), input: input, limits: limits)
    }
}
