import Estimation
import SwiftProtobuf

/// Reads an ONNX model (a serialized `ModelProto`, as `torch.onnx.export` writes it) into a
/// network spec: every node that the graph's outputs depend on becomes layers with torch's
/// counts, weights' shapes from initializers or from graph inputs (`export_params=False`), the
/// input shape from the graph's first input without an initializer. docs/onnx.md says what is read.
public enum ONNXModel {
    /// `input` gives the per-sample input shape (without the batch) where the graph's input has
    /// symbolic dimensions; it must agree with the fixed ones. Any problem is an `ONNXImportError`
    /// naming the node (index, name, op type) or the part of the model; no input can crash.
    public static func network(
        from bytes: [UInt8], input: [Int]? = nil, limits: ONNXLimits = .standard
    ) throws(ONNXImportError) -> ImportedNetwork {
        guard bytes.count <= limits.modelBytes else {
            throw ONNXImportError(.tooLarge, field: "model", "the model has \(bytes.count) bytes; Abacus reads at most \(limits.modelBytes) (export without the weights: docs/onnx.md)")
        }
        guard !bytes.isEmpty else { throw ONNXImportError(.malformed, field: "model", "the body is empty; send the .onnx file") }
        var options = BinaryDecodingOptions()
        options.messageDepthLimit = limits.messageDepth
        options.discardUnknownFields = true
        let model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(serializedBytes: bytes, partial: true, options: options)
        } catch {
            throw ONNXImportError(.malformed, field: "model", "is not an ONNX model (a serialized ModelProto): \(error)")
        }
        guard model.hasGraph else { throw ONNXImportError(.malformed, field: "model.graph", "the model has no graph") }
        var importer = GraphImporter(model: model, input: input, limits: limits)
        return try importer.run()
    }
}

/// A model read into a resolved network, with what the answer may want to say about it.
public struct ImportedNetwork: Sendable {
    /// Resolved: every shape inferred, every layer counted (`NetworkEstimator` estimates it).
    public let network: Network
    /// The graph input that is the network's input.
    public let inputName: String
    /// The exporter, as the model names it (`pytorch 2.15.0`).
    public let producer: String
    /// The version of the standard ONNX operator set the model imports.
    public let opsetVersion: Int?
    /// The node each layer came from, by layer index.
    public let origins: [ONNXNodeReference]

    public var spec: NetworkSpec { network.spec }
    /// The input's shape per sample (without the batch).
    public var input: [Int] { network.spec.input }

    /// The network in canonical form (`NetworkCanonicalForm`): the same for two uploads of one
    /// graph, and for an export and a preset of the same layers.
    public var canonicalSpec: NetworkSpec { NetworkCanonicalForm.spec(of: network) }

    /// The canonical spec, and the node each of its layers came from.
    public var canonicalForm: (spec: NetworkSpec, origins: [ONNXNodeReference]) {
        let form = NetworkCanonicalForm.form(of: network)
        return (form.spec, form.positions.map { origins[$0] })
    }
}
