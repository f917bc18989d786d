/// Bounds on the work and memory one model can ask for. The network itself is also bounded by
/// `NetworkLimits` (layers, dimensions, rank).
public struct ONNXLimits: Hashable, Sendable {
    /// The serialized model's size.
    public var modelBytes: Int
    /// Nodes in the graph (the held-tensor arithmetic of an unoptimised export comes to several per layer).
    public var nodes: Int
    /// Values a held tensor may have for the importer to evaluate it (shape arithmetic, constants);
    /// larger ones keep their shape only.
    public var evaluatedValues: Int
    /// Nesting of protobuf messages (a node's attribute holding a graph holding nodes …).
    public var messageDepth: Int

    public init(modelBytes: Int = 32 << 20, nodes: Int = 100_000, evaluatedValues: Int = 1 << 16, messageDepth: Int = 32) {
        self.modelBytes = modelBytes
        self.nodes = nodes
        self.evaluatedValues = evaluatedValues
        self.messageDepth = messageDepth
    }

    public static let standard = ONNXLimits()
}
