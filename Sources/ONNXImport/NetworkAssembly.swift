import Estimation

/// The fused draft as a network spec (weights shared where layers hold the same tensors), resolved.
enum NetworkAssembly {
    static func spec(_ draft: DraftNetwork, input: [Int]) -> NetworkSpec {
        var owners: [String: String] = [:]
        let layers = draft.layers.map { layer in
            var shares: String?
            if let weights = layer.weights, !weights.isEmpty {
                // A held tensor's per-sample shape depends on the value it meets: part of the key.
                let perSample: String =
                    switch layer.operation {
                    case .tensorOperand, .layerScale: "\(layer.shape)"
                    default: ""
                    }
                let key = ([layer.operation.typeName, perSample] + weights).joined(separator: "\u{0}")
                if let owner = owners[key] { shares = owner } else { owners[key] = layer.name }
            }
            return NetworkLayer(name: layer.name, inputs: layer.inputs, operation: layer.operation, sharesWeightsWith: shares)
        }
        return NetworkSpec(input: input, layers: layers)
    }

    /// Resolves the spec; a problem the network finds is reported at the node the layer came from.
    static func resolve(
        _ spec: NetworkSpec, origins: [ONNXNodeReference], inputName: String, model: Onnx_ModelProto
    ) throws(ONNXImportError) -> ImportedNetwork {
        let network: Network
        do {
            network = try Network(resolving: spec)
        } catch {
            let issue = error.issues.first
            let field = issue?.field ?? "layers"
            let message = issue?.message ?? "the graph does not resolve"
            if let layer = layerIndex(field), origins.indices.contains(layer) {
                throw ONNXImportError(.unsupported, at: origins[layer], message)
            }
            throw ONNXImportError(.unsupported, field: "graph", message)
        }
        let opset = model.opsetImport.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }?.version
        let producer = [model.producerName, model.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
        return ImportedNetwork(
            network: network, inputName: inputName, producer: ONNXText.excerpt(producer),
            opsetVersion: opset.map { Int(clamping: $0) }, origins: origins)
    }

    /// `12` from `layers[12].padding`.
    private static func layerIndex(_ field: String) -> Int? {
        guard field.hasPrefix("layers[") else { return nil }
        return Int(field.dropFirst("layers[".count).prefix { $0 != "]" })
    }
}
