import Estimation
import HTTPCore
import ONNXImport

/// An uploaded ONNX model as `/v1/network`'s network (docs/onnx.md). What the hash covers is the
/// graph's canonical form (`NetworkCanonicalForm`), not the file: two uploads of one graph, however
/// its nodes are named or ordered, share one answer, and an export whose canonical form is a
/// preset's *is* that preset, asked and answered as `{"network": "<preset>", "input": …}` (the same
/// hash, cache entry and layer table). Any other graph is answered as the spec of its canonical
/// form, layers named `l0`, `l1`, …; the node each came from is provenance, outside the hash.
enum ONNXNetworkInput {
    /// The media types read as ONNX: `application/onnx`, and `application/octet-stream`, which
    /// generic HTTP clients send for a file (a model is the only binary body Abacus reads).
    static let mediaTypes: [MediaType] = [.onnx, .octetStream]

    /// The largest model read: the reader's own limit, which the server applies to these media
    /// types' bodies (`EstimationService.uploadBodyLimits`) before reading them.
    static let maxBytes = ONNXLimits.standard.modelBytes

    /// The network, or nil with the issues reported; a body that is no ONNX model is a 400, one
    /// over `maxBytes` a 413.
    static func read(_ body: [UInt8], _ reader: inout FieldReader) throws(APIProblem) -> ResolvedSubject<NetworkEndpoint.Subject>? {
        guard body.count <= maxBytes else {
            throw APIProblem.contentTooLarge("The model has \(body.count) bytes; Abacus reads ONNX models of at most \(maxBytes) bytes (export without the weights: docs/onnx.md).")
        }
        let givesInput = reader.contains("input")
        let input = givesInput ? reader.integers("input") : nil
        if givesInput && input == nil { return nil }
        let imported: ImportedNetwork
        do {
            imported = try ONNXModel.network(from: body, input: input)
        } catch {
            if error.reason == .malformed { throw APIProblem.malformedModel(error) }
            reader.fail(error.field, "\(error.reason.rawValue): \(error.description)")
            return nil
        }
        let form = imported.canonicalForm
        var onnx = ONNXProvenance(producer: imported.producer, opsetVersion: imported.opsetVersion, inputName: imported.inputName)
        if let (preset, network) = PresetForms.preset(matching: form.spec) {
            var provenance = NetworkPresetInput.provenance(preset)
            provenance.kind = .onnx
            provenance.onnx = onnx
            return ResolvedSubject(value: NetworkEndpoint.Subject(network: network, preset: preset), provenance: provenance)
        }
        let network: Network
        do {
            network = try Network(resolving: form.spec)
        } catch {
            reader.report(error, under: "model")
            return nil
        }
        onnx.layerNodes = form.origins
        return ResolvedSubject(
            value: NetworkEndpoint.Subject(network: network, preset: nil), provenance: ModelProvenance(kind: .onnx, onnx: onnx))
    }
}

/// The network presets by canonical form, to recognise an export of one.
private enum PresetForms {
    /// At each preset's own input, made on the first upload; the first preset of a form keeps it.
    static let atOwnInput: [NetworkSpec: NetworkPreset] = NetworkPresets.all.reduce(into: [:]) { forms, preset in
        let form = NetworkCanonicalForm.spec(of: preset.network)
        if forms[form] == nil { forms[form] = preset }
    }

    /// Layer counts of those forms, for exports at another input.
    static let layerCounts: [(preset: NetworkPreset, layers: Int)] = atOwnInput.map { ($1, $0.layers.count) }
        .sorted { $0.preset.name < $1.preset.name }

    /// The preset whose canonical form, at the form's input, is `form`, and its network at that input.
    static func preset(matching form: NetworkSpec) -> (NetworkPreset, Network)? {
        if let preset = atOwnInput[form] { return (preset, preset.network) }
        // At another input only the shapes differ, so the number of layers is the preset's.
        for (preset, layers) in layerCounts
        where layers == form.layers.count && preset.network.spec.input.count == form.input.count && preset.network.spec.input != form.input {
            guard let network = try? Network(resolving: preset.spec(input: form.input)) else { continue }
            if NetworkCanonicalForm.spec(of: network) == form { return (preset, network) }
        }
        return nil
    }
}
