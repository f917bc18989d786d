import Foundation
import Testing
@testable import EstimationAPI

/// The hand-written network specs of Tests/NetworkReference/torchvision.json, each built with torch
/// modules by generate_torchvision.py: read from JSON as clients send them.
enum NetworkSpecCases {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var network: JSONValue
        var parameters: Int
        var macs: Int
        var outputShapes: [String: [Int]]

        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("NetworkReference/torchvision.json")
        guard let data = FileManager.default.contents(atPath: file.path),
            case .array(let specs)? = (try? JSONReader.parse(Array(data)))?["specs"]
        else { return [] }
        return specs.compactMap { entry in
            guard let name = entry["name"]?.stringValue, let network = entry["network"],
                let parameters = entry["parameters"]?.intValue, let macs = entry["macs"]?.intValue,
                case .object(let shapes)? = entry["output_shapes"]
            else { return nil }
            let outputShapes = shapes.compactMapValues { shape -> [Int]? in
                guard case .array(let dims) = shape else { return nil }
                return dims.compactMap(\.intValue)
            }
            return Case(name: name, network: network, parameters: parameters, macs: macs, outputShapes: outputShapes)
        }
    }()

    static func body(_ network: JSONValue, _ extra: String = "") -> String {
        var json = JSONWriter(reservingCapacity: 4096)
        json.value(network)
        return #"{"network":\#(String(decoding: json.bytes, as: UTF8.self))\#(extra)}"#
    }
}

@Suite("Network endpoint")
struct NetworkEndpointTests {
    let client = ServiceClient()

    @Test func specCasesAreAllPresent() {
        #expect(NetworkSpecCases.cases.count == 7)
    }

    /// Shapes, parameters and MACs of every layer type against torch.
    @Test(arguments: NetworkSpecCases.cases)
    func specMatchesTorch(_ reference: NetworkSpecCases.Case) throws {
        let response = client.post("/v1/network", NetworkSpecCases.body(reference.network))
        #expect(response.status == 200, "\(response.text)")
        #expect(response["totals.parameters"]?.intValue == reference.parameters)
        #expect(response["totals.macs"]?.intValue == reference.macs)
        #expect(response["totals.flops"]?.intValue == 2 * reference.macs)
        guard case .array(let layers)? = response["layers"] else {
            Issue.record("no layers")
            return
        }
        #expect(layers.count == reference.outputShapes.count)
        for layer in layers {
            let name = try #require(layer["name"]?.stringValue)
            guard case .array(let dims)? = layer["output_shape"] else { continue }
            #expect(dims.compactMap(\.intValue) == reference.outputShapes[name], "\(reference.name).\(name)")
        }
    }

    @Test func presetWithHardwareHasARooflinePerLayer() throws {
        let response = client.post("/v1/network", #"{"network":"resnet50","batch_size":8,"dtype":"bf16","hardware":"h100-sxm"}"#)
        #expect(response.status == 200, "\(response.text)")
        #expect(response["totals.parameters"]?.intValue == 25_557_032)
        #expect(response["totals.macs"]?.intValue == 8 * 4_089_184_256)
        #expect(response["totals.pycls_flops"]?.intValue == 8 * 4_089_185_256)
        #expect(response["latency.precision"]?.stringValue == "bf16")
        #expect(response["input.preset"]?.stringValue == "resnet50")
        #expect(response["input.hardware"]?.stringValue == "h100-sxm")
        #expect(response["layers.0.roofline.bound"]?.stringValue != nil)
        #expect(response["training.flops"]?.intValue == 6 * 8 * 4_089_184_256)
        let flatten = try #require(response["layers"].flatMap { layers -> JSONValue? in
            guard case .array(let items) = layers else { return nil }
            return items.first { $0["type"]?.stringValue == "flatten" }
        })
        #expect(flatten["roofline"] == .null && flatten["arithmetic_intensity"] == .null)
        #expect(flatten["bytes_read"]?.intValue == 0)
    }

    @Test func withoutHardwareLatencyIsNull() {
        let response = client.post("/v1/network", #"{"network":"mobilenet_v2"}"#)
        #expect(response.status == 200)
        #expect(response["latency"] == .null)
        #expect(response["layers.0.roofline"] == .null)
        #expect(response["options.dtype"]?.stringValue == "fp32")
    }

    @Test func presetInputCanBeReplaced() {
        let response = client.post("/v1/network", #"{"network":"vit_b_16","input":[3,384,384]}"#)
        #expect(response.status == 200, "\(response.text)")
        #expect(response["totals.parameters"]?.intValue == 86_859_496)
        #expect(response["totals.macs"]?.intValue == 55_484_350_464)
        #expect(response["network.input.2"]?.intValue == 384)
    }

    @Test func textIsATablePerLayer() {
        let response = client.post("/v1/network", #"{"network":"squeezenet1_1","hardware":"l4"}"#, accept: "text/plain")
        #expect(response.status == 200)
        #expect(response.text.contains("Layer"))
        #expect(response.text.contains("features.3.expand3x3"))
        #expect(response.text.contains("Roofline latency (fp32)"))
    }

    @Test func mistakesNameTheirFields() {
        let cases: [(body: String, fields: [String])] = [
            (#"{"network":{"input":[3,32,32],"layers":[{"name":"a","type":"conv2d","out_channels":4,"kernel_size":3},{"name":"b","type":"conv2d","out_channels":4,"kernel_size":[3]}]}}"#,
             ["network.layers[1].kernel_size"]),
            (#"{"network":{"input":[3,32,32],"layers":[{"name":"a","type":"conv2d","out_channels":4,"kernel_size":64}]}}"#,
             ["network.layers[0].kernel_size"]),
            (#"{"network":{"input":[3,32,32],"layers":[{"name":"a","type":"conv3d"}]}}"#, ["network.layers[0].type"]),
            (#"{"network":{"input":[3,32,32],"layers":[{"type":"relu","colour":1}]}}"#,
             ["network.layers[0].name", "network.layers[0].colour"]),
            (#"{"network":{"layers":[]}}"#, ["network.input", "network.layers"]),
            (#"{"network":"resnet5"}"#, ["network"]),
            (#"{"network":"resnet50","input":[3,0,7]}"#, ["input"]),
            (#"{"network":{"input":[3,8,8],"layers":[{"name":"r","type":"relu"}]},"input":[3,8,8]}"#, ["input"]),
            (#"{"network":"resnet50","batch_size":0,"dtype":"int2"}"#, ["batch_size", "dtype"]),
            (#"{"network":"resnet50","hardware":"tpu-v4"}"#, ["precision"]),
            (#"{"network":"resnet50","dtype":"int4","hardware":"h100-sxm"}"#, ["precision"]),
            (#"{"model":"llama-3-8b"}"#, ["network", "model"]),
        ]
        for (body, fields) in cases {
            let response = client.post("/v1/network", body)
            #expect(response.status == 422, "\(body): \(response.text)")
            #expect(Set(response.issueFields) == Set(fields), "\(body): \(response.text)")
        }
    }

    @Test func equalRequestsShareOneHash() {
        let first = client.post("/v1/network", #"{"network":"resnet18"}"#)
        let second = client.post("/v1/network", #"{"network":"ResNet18","batch_size":1,"dtype":"fp32","precision":"fp32"}"#)
        #expect(first["spec_hash"] == second["spec_hash"])
        #expect(second.header("X-Cache") == "hit")
    }

    @Test func catalogueListsEveryPreset() {
        let response = client.get("/v1/networks")
        #expect(response.status == 200)
        guard case .array(let networks)? = response["networks"] else {
            Issue.record("no networks")
            return
        }
        #expect(networks.count == 87)
        #expect(networks.allSatisfy { $0["parameters"]?.intValue != nil })
        #expect(networks.contains { $0["name"]?.stringValue == "pycls-regnety-4.0gf" && $0["scalable"]?.boolValue == true })
    }
}

@Suite("Scaling endpoint")
struct ScalingEndpointTests {
    let client = ServiceClient()

    @Test func scalesAPresetAsPyclsDoes() {
        let response = client.post("/v1/scaling", #"{"network":"pycls-regnety-4.0gf","flops_multiplier":4,"alpha":0.8}"#)
        #expect(response.status == 200, "\(response.text)")
        #expect(response["base.complexity.pycls_flops"]?.intValue == 3_973_301_344)
        #expect(response["scaled.network.resolution"]?.intValue == 240)
        #expect(response["exponents.activations"]?.doubleValue == 0.6)
        #expect(response["ratios.flops.predicted"]?.doubleValue == 4)
    }

    @Test func aRegNetIsScaledAsItsStages() {
        let regnet = #"{"family":"regnet","depth":13,"w0":24,"wa":36.44,"wm":2.49,"group_width":8}"#
        let byDesign = client.post("/v1/scaling", #"{"network":\#(regnet),"flops_multiplier":2,"strategy":"dw"}"#)
        let byName = client.post("/v1/scaling", #"{"network":"pycls-regnetx-200mf","flops_multiplier":2,"strategy":"dw"}"#)
        #expect(byDesign.status == 200, "\(byDesign.text)")
        #expect(byDesign["spec_hash"] == byName["spec_hash"])
        #expect(byDesign["base.complexity.pycls_flops"]?.intValue == 199_040_872)
    }

    @Test func mistakesNameTheirFields() {
        let cases: [(body: String, fields: [String])] = [
            (#"{"network":"pycls-resnet-50","flops_multiplier":2,"strategy":"dw","alpha":0.5}"#, ["alpha"]),
            (#"{"network":"pycls-resnet-50","flops_multiplier":2}"#, ["strategy"]),
            (#"{"network":"pycls-resnet-50","flops_multiplier":0,"strategy":"dwx"}"#, ["strategy"]),
            (#"{"network":"pycls-resnet-50","flops_multiplier":0,"strategy":"dw"}"#, ["flops_multiplier"]),
            (#"{"network":"vgg16","flops_multiplier":2,"strategy":"w"}"#, ["network"]),
            (#"{"network":{"family":"anynet","stem_width":32,"stages":[{"depth":0,"width":24,"stride":2,"group_width":5}]},"flops_multiplier":2,"alpha":0.8}"#,
             ["network.stages[0].depth", "network.stages[0].group_width"]),
            (#"{"network":{"family":"effnet","stem_width":32,"stages":[{"depth":1,"width":16,"kernel":3,"stride":1}],"head_width":1280},"flops_multiplier":2,"alpha":0.8}"#,
             ["network.stages[0].expansion_ratio"]),
            (#"{"network":{"family":"regnet","depth":13,"w0":20,"wa":36.44,"wm":0.5,"group_width":8},"flops_multiplier":2,"alpha":0.8}"#,
             ["network.w0", "network.wm"]),
            (#"{"network":"pycls-regnetx-400mf","flops_multiplier":1024,"strategy":"d"}"#, ["flops_multiplier"]),
        ]
        for (body, fields) in cases {
            let response = client.post("/v1/scaling", body)
            #expect(response.status == 422, "\(body): \(response.text)")
            #expect(Set(response.issueFields) == Set(fields), "\(body): \(response.text)")
        }
    }

    @Test func textShowsStagesAndRatios() {
        let response = client.post(
            "/v1/scaling", #"{"network":"pycls-efficientnet-b0","flops_multiplier":2,"strategy":"dwr"}"#, accept: "text/plain")
        #expect(response.status == 200)
        #expect(response.text.contains("Stages scaled by s = 2.0000"))
        #expect(response.text.contains("activations"))
    }
}
