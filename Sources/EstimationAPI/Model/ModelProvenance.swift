import ONNXImport

/// How a request named its model. It is reported back (`input`, `warnings`) but kept out of the
/// hash and the cache: a preset and its config.json are one computation, asked two ways. The
/// warnings about the options, which the hash does determine, come from the cached result.
struct ModelProvenance: Sendable {
    enum Kind: String, Sendable {
        case preset
        case spec
        case hfConfig = "hf_config"
        /// An uploaded ONNX model (`onnx` says more).
        case onnx
    }

    var kind: Kind
    /// The preset's name, for `kind == .preset`, and for an upload whose graph is a preset's.
    var presetName: String?
    /// The model family: a preset's family or a config.json's `model_type`.
    var family: String?
    /// True when the importer had to guess at something the config does not say.
    var approximate = false
    var warnings: [String] = []
    /// What an uploaded model says about itself.
    var onnx: ONNXProvenance?

    /// Writes `"input":{…},"warnings":[…]` into the open response object; `hardware` is the
    /// hardware preset's name (or `custom`) when the request gave one, and `warnings` about the
    /// options follow the model's own.
    func write(to json: inout JSONWriter, hardware: String?, warnings optionWarnings: [String]) {
        json.object("input") { json in
            json.field("kind", kind.rawValue)
            if let presetName { json.field("preset", presetName) }
            if let family { json.field("family", family) }
            json.field("approximate", approximate)
            if let hardware { json.field("hardware", hardware) }
            if let onnx { json.object("onnx") { json in onnx.write(to: &json) } }
        }
        json.key("warnings")
        json.beginArray()
        for warning in warnings + optionWarnings { json.string(warning) }
        json.endArray()
    }

    func render(to report: inout TextReport, hardware: String?, warnings optionWarnings: [String]) {
        report.section("Model")
        let described = switch kind {
        case .preset: "preset \(presetName ?? "")"
        case .spec: "native spec"
        case .hfConfig: "config.json" + (family.map { " (\($0))" } ?? "")
        case .onnx: "ONNX model" + (presetName.map { ", the layers of preset \($0)" } ?? "")
        }
        report.row("input", described, approximate ? "approximate" : "")
        if let onnx {
            report.row("producer", onnx.producer, onnx.opsetVersion.map { "opset \($0)" } ?? "")
            report.row("graph input", onnx.inputName)
        }
        if let hardware { report.row("hardware", hardware) }
        for warning in warnings + optionWarnings { report.row("warning", warning) }
    }
}

/// An uploaded ONNX model's own account: who exported it, the operator set, the graph input read
/// as the network's input, and, where the answer's layers are its canonical form's, the node each
/// layer came from.
struct ONNXProvenance: Sendable {
    var producer: String
    var opsetVersion: Int?
    var inputName: String
    /// By layer of the answer; empty when the answer is a preset's layers.
    var layerNodes: [ONNXNodeReference] = []

    func write(to json: inout JSONWriter) {
        json.field("producer", producer)
        json.field("opset", opsetVersion)
        json.field("input_name", inputName)
        json.objects("layer_nodes", layerNodes) { json, node in
            json.field("index", node.index)
            json.field("name", node.name)
            json.field("op_type", node.opType)
        }
    }
}
