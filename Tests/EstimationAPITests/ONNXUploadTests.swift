import Foundation
import HTTPCore
import Testing
@testable import EstimationAPI

/// `POST /v1/network` with an ONNX model as the body (the exports of Tests/ONNXReference, made by
/// torch.onnx.export from torchvision) and its fields in the query: an export of a preset's layers
/// answers exactly as the preset, in one cache entry with it; other graphs as their canonical
/// form; every unreadable body a 400, 413 or 422 naming the node, and the service keeps answering.
@Suite struct ONNXUploadTests {
    private let client = ServiceClient()

    private static func model(_ file: String) -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ONNXReference/models").appendingPathComponent(file)
        return FileManager.default.contents(atPath: url.path).map(Array.init) ?? []
    }

    private func upload(
        _ body: [UInt8], query: String = "", contentType: String = "application/onnx", accept: String? = nil
    ) -> HTTPResponse {
        client.service.handle(
            .post, "/v1/network" + (query.isEmpty ? "" : "?" + query), accept: accept, contentType: contentType, body: body)
    }

    /// The response without its provenance (`input`), which says how the network was asked for.
    private func answer(_ response: HTTPResponse) -> JSONValue? {
        guard case .object(var members)? = response.json else { return nil }
        members["input"] = nil
        return .object(members)
    }

    @Test(arguments: [
        ("resnet18.unoptimized.onnx", "resnet18"), ("resnet50.unoptimized.onnx", "resnet50"),
        ("resnet18.torchscript.onnx", "resnet18"), ("vgg11.default.onnx", "vgg11"),
        ("mobilenet_v2.unoptimized.onnx", "mobilenet_v2"), ("convnext_tiny.unoptimized.onnx", "convnext_tiny"),
    ])
    func anExportAnswersAsItsPreset(_ file: String, _ preset: String) throws {
        let exported = upload(Self.model(file), query: "batch_size=8&dtype=bf16&hardware=h100-sxm")
        #expect(exported.status == .ok, "\(exported.text)")
        #expect(exported.header("X-Cache") == "miss")
        let asked = client.post("/v1/network", #"{"network":"\#(preset)","batch_size":8,"dtype":"bf16","hardware":"h100-sxm"}"#)
        // One computation, one cache entry: the preset's request finds the export's answer.
        #expect(asked.header("X-Cache") == "hit")
        #expect(asked.header("ETag") == exported.header("ETag"))
        #expect(try #require(answer(exported)) == answer(asked))
        #expect(exported["input.kind"]?.stringValue == "onnx")
        #expect(exported["input.preset"]?.stringValue == preset)
        #expect(exported["input.hardware"]?.stringValue == "h100-sxm")
        #expect(exported["input.onnx.producer"]?.stringValue?.hasPrefix("pytorch") == true)
        #expect(exported["input.onnx.opset"]?.intValue != nil)
        #expect(exported["input.onnx.input_name"]?.stringValue?.isEmpty == false)
        #expect(exported["input.onnx.layer_nodes"] == .array([]))
        #expect(asked["input.kind"]?.stringValue == "preset")
        #expect(asked["input.onnx"] == nil, "a JSON request's provenance is as it was")
    }

    /// ResNet-18 with its BatchNorm folded into the convolutions (the default export) is no preset:
    /// it is answered as its canonical form, each layer traced to its node, with torch's counts.
    @Test func aGraphOfItsOwnIsAnsweredInCanonicalForm() throws {
        let first = upload(Self.model("resnet18.default.onnx"), query: "batch_size=2")
        #expect(first.status == .ok, "\(first.text)")
        #expect(first["totals.parameters"]?.intValue == 11_684_712)
        #expect(first["totals.macs"]?.intValue == 2 * 1_814_073_344)
        #expect(first["input.preset"] == nil)
        #expect(first["layers.0.name"]?.stringValue == "l0")
        guard case .array(let layers)? = first["layers"], case .array(let nodes)? = first["input.onnx.layer_nodes"] else {
            Issue.record("no layers or layer_nodes: \(first.text)")
            return
        }
        #expect(layers.count == nodes.count)
        #expect(nodes.first?["op_type"]?.stringValue == "Conv")
        #expect(first["network.layers.0.type"]?.stringValue == "conv2d")
        let again = upload(Self.model("resnet18.default.onnx"), query: "batch_size=2", contentType: "application/octet-stream")
        #expect(again.header("X-Cache") == "hit")
        #expect(again.header("ETag") == first.header("ETag"))
    }

    @Test func textAndChartAnswersToo() throws {
        let text = upload(Self.model("squeezenet1_1.default.onnx"), query: "hardware=l4", accept: "text/plain")
        #expect(text.status == .ok)
        #expect(text.text.contains("ONNX model, the layers of preset squeezenet1_1"))
        let chart = upload(Self.model("squeezenet1_1.default.onnx"), query: "hardware=l4", accept: "image/svg+xml")
        #expect(chart.status == .ok)
        #expect(chart.header("Content-Type") == "image/svg+xml")
        #expect(chart.text.hasPrefix("<svg"))
    }

    /// An op Abacus does not count: the vgg11 export with its first `Relu` node's op type renamed
    /// `Rxlu` (field 4 of a NodeProto, the same length, so the protobuf stays valid).
    @Test func anUnsupportedNodeIsA422NamingIt() throws {
        var model = Self.model("vgg11.default.onnx")
        let opType: [UInt8] = [0x22, 0x04] + Array("Relu".utf8)
        let at = try #require((0...(model.count - opType.count)).first { Array(model[$0..<($0 + opType.count)]) == opType })
        model[at + 3] = UInt8(ascii: "x")
        let response = upload(model, query: "batch_size=0")
        #expect(response.status == .unprocessableContent)
        #expect(response["detail"]?.stringValue?.contains("application/onnx") == true)
        let fields = response.issueFields
        #expect(fields.contains { $0.hasPrefix("graph.node[") })
        #expect(fields.contains("batch_size"), "the options' mistakes are listed beside the model's")
        #expect(response.text.contains("(Rxlu)"))
        #expect(response.text.contains("unsupported"))
        #expect(upload(Self.model("vgg11.default.onnx")).status == .ok, "the service keeps answering")
    }

    @Test(arguments: [[], Array("not a model".utf8), [0x0A, 0xFF, 0xFF]])
    func aBodyThatIsNoModelIsA400(_ body: [UInt8]) {
        let response = upload(body)
        #expect(response.status == .badRequest)
        #expect(response["type"]?.stringValue == "urn:abacus:problem:malformed-model")
        #expect(response.issueFields.first?.hasPrefix("model") == true)
    }

    @Test func aModelOverTheLimitIsA413() {
        let response = upload([UInt8](repeating: 0, count: ONNXNetworkInput.maxBytes + 1))
        #expect(response.status == .contentTooLarge)
        #expect(EstimationService.uploadBodyLimits[.onnx] == ONNXNetworkInput.maxBytes)
        #expect(EstimationService.uploadBodyLimits[.octetStream] == ONNXNetworkInput.maxBytes)
    }

    /// The query's fields are read as the JSON body's are, with the same messages.
    @Test(arguments: [
        ("batch_size=abc", ["batch_size"]), ("dtype=fp12", ["dtype"]), ("batch_size=1&batch_size=2", ["batch_size"]),
        ("hardware=abacus-9000", ["hardware"]), ("colour=red", ["colour"]), ("input=3,abc", ["input"]), ("batch_size=1e1", ["batch_size"]),
        ("input=3,320,320", ["graph.input[0]"]),
    ])
    func queryFieldsAreChecked(_ query: String, _ expected: [String]) {
        let response = upload(Self.model("resnet18.unoptimized.onnx"), query: query)
        #expect(response.status == .unprocessableContent, "\(response.text)")
        #expect(response.issueFields == expected, "\(response.text)")
    }

    @Test func queryFieldsAreDecoded() {
        let response = upload(Self.model("resnet18.unoptimized.onnx"), query: "batch_size=10&dtype=%62f16&input=3%2C224%2C224")
        #expect(response.status == .ok, "\(response.text)")
        #expect(response["options.batch_size"]?.intValue == 10)
        #expect(response["options.dtype"]?.stringValue == "bf16")
    }

    /// A JSON request's fields are in its body: a query beside it is refused, not silently lost.
    @Test func aJSONRequestTakesNoQuery() {
        let response = client.service.handle(
            .post, "/v1/network?batch_size=8", contentType: "application/json", body: Array(#"{"network":"resnet18"}"#.utf8))
        #expect(response.status == .unprocessableContent)
        #expect(response.issueFields == ["query"])
        #expect(client.service.handle(
            .post, "/v1/network?", contentType: "application/json", body: Array(#"{"network":"resnet18"}"#.utf8)).status == .ok)
    }

    /// The command line's path: the fields as a JSON object, the same answer as over HTTP.
    @Test func theCommandLineGetsTheSameAnswer() throws {
        let model = Self.model("resnet50.unoptimized.onnx")
        let viaCLI = try client.service.estimate(
            path: "/v1/network", upload: model, contentType: .onnx, fields: Array(#"{"batch_size":4}"#.utf8), as: .json)
        #expect(viaCLI == upload(model, query: "batch_size=4").body)
    }
}
