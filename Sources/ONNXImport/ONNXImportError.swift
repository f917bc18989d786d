import Estimation

/// An ONNX node as errors name it: its index in the graph's `node` list, its name (exporters
/// usually give one; ONNX does not require it) and its op type.
public struct ONNXNodeReference: Hashable, Sendable, CustomStringConvertible {
    public var index: Int
    public var name: String
    public var opType: String

    public init(index: Int, name: String, opType: String) {
        self.index = index
        self.name = name
        self.opType = opType
    }

    /// `node 12 "/layer1/layer1.0/conv1/Conv" (Conv)`.
    public var description: String {
        "node \(index)" + (name.isEmpty ? "" : " \(ONNXText.quoted(name))") + " (\(ONNXText.excerpt(opType)))"
    }
}

/// Why a model could not be read, and where: a node (index, name and op type) or a part of the model.
public struct ONNXImportError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: String, Hashable, Sendable {
        /// Not a serialized `ModelProto`.
        case malformed
        /// Something ONNX itself forbids: a value read before it is made, a missing attribute, a
        /// tensor whose data does not fit its shape.
        case invalidGraph = "invalid_graph"
        /// Valid ONNX that Abacus does not count: an op it does not read, a shape it cannot express.
        case unsupported
        /// Beyond `ONNXLimits`.
        case tooLarge = "too_large"
    }

    public var reason: Reason
    /// The node at fault, when one is.
    public var node: ONNXNodeReference?
    /// Where, as a problem report's field: `graph.node[12]`, `graph.input`, `graph.initializer`, `model`.
    public var field: String
    public var message: String

    public init(_ reason: Reason, node: ONNXNodeReference? = nil, field: String, _ message: String) {
        self.reason = reason
        self.node = node
        self.field = field
        self.message = message
    }

    init(_ reason: Reason, at node: ONNXNodeReference, _ message: String) {
        self.init(reason, node: node, field: "graph.node[\(node.index)]", message)
    }

    /// The message, after the node it names.
    public var description: String { node.map { "\($0): \(message)" } ?? message }

    /// As the service reports a request's problems (a 422 naming `field`).
    public var estimationError: EstimationError { EstimationError(field: field, message: description) }
}

/// Names and values quoted into messages, cut short: a hostile model's names can be megabytes.
enum ONNXText {
    static let excerptLength = 80

    static func excerpt(_ text: String) -> String {
        text.count <= excerptLength ? text : String(text.prefix(excerptLength)) + "…"
    }

    static func quoted(_ text: String) -> String { "\"" + excerpt(text) + "\"" }

    /// `[1, 3, 224, 224]`.
    static func shape(_ shape: [Int]) -> String {
        "[" + shape.prefix(16).map(String.init).joined(separator: ", ") + (shape.count > 16 ? ", …" : "") + "]"
    }
}
