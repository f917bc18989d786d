import Charts
import Foundation
import HTTPCore
import Testing
@testable import EstimationAPI

/// Charts negotiated with `Accept: image/svg+xml`, `POST /v1/fits` and the page at `GET /`.
@Suite struct ChartEndpointTests {
    let client = ServiceClient()
    static let svg = "image/svg+xml"
    static let llama70bOn8H100s = #"""
        {"model":"llama-3-70b","hardware":"h100-sxm","headroom":0.1,"sequence_length":8192,
         "flash_attention":true,"dropout":false,"parallelism":{"data":8,"zero_stage":3}}
        """#

    @Test func memoryChartIsAnSVGWithItsOwnETagAndTheSameBytesEachTime() throws {
        let first = client.post("/v1/memory/training", Self.llama70bOn8H100s, accept: Self.svg)
        #expect(first.status == .ok)
        #expect(first.header("Content-Type") == Self.svg)
        let etag = try #require(first.header("ETag"))
        #expect(etag.hasSuffix("-svg\""))
        #expect(first.text.hasPrefix("<svg "))
        #expect(first.text.contains("Llama 3 70B"))
        #expect(first.text.contains("NVIDIA H100 SXM"))
        #expect(first.text.contains("ZeRO-3, no recompute (requested)"))
        // A fresh service draws the same bytes: nothing depends on time, order of a set, or the cache.
        let again = ServiceClient().post("/v1/memory/training", Self.llama70bOn8H100s, accept: Self.svg)
        #expect(again.body == first.body)
        #expect(again.header("ETag") == etag)
        let cached = client.post("/v1/memory/training", Self.llama70bOn8H100s, accept: Self.svg, ifNoneMatch: etag)
        #expect(cached.status == .notModified)
        // JSON stays the default, under its own tag.
        let json = client.post("/v1/memory/training", Self.llama70bOn8H100s)
        #expect(json.header("Content-Type") == "application/json")
        #expect(json.header("ETag") != etag)
    }

    @Test func aConfigEqualToAPresetDrawsTheSameChart() throws {
        // The preset's own config.json, as GET /v1/models/{name} publishes it (its last member).
        let document = client.get("/v1/models/llama-3-70b").text
        let start = try #require(document.range(of: #""config":"#))
        let hfConfig = String(document[start.upperBound...].dropLast())
        let byPreset = client.post("/v1/memory/training", Self.llama70bOn8H100s, accept: Self.svg)
        let byConfig = client.post(
            "/v1/memory/training",
            Self.llama70bOn8H100s.replacingOccurrences(of: #""model":"llama-3-70b""#, with: #""hf_config":\#(hfConfig)"#),
            accept: Self.svg)
        #expect(byConfig.status == .ok)
        #expect(byConfig.body == byPreset.body)
    }

    @Test func chartsThatNeedHardwareSayWhichField() {
        let memory = client.post("/v1/memory/training", #"{"model":"llama-3-8b"}"#, accept: Self.svg)
        #expect(memory.status == .unprocessableContent)
        #expect(memory.issueFields == ["hardware"])
        let network = client.post("/v1/network", #"{"network":"resnet50"}"#, accept: Self.svg)
        #expect(network.status == .unprocessableContent)
        #expect(network.issueFields == ["hardware"])
        // Without asking for a chart, hardware stays optional.
        #expect(client.post("/v1/memory/training", #"{"model":"llama-3-8b"}"#).status == .ok)
    }

    @Test func networkRooflinePlacesEveryLayer() {
        let response = client.post(
            "/v1/network", #"{"network":"resnet18","hardware":"h100-sxm","dtype":"bf16"}"#, accept: Self.svg)
        #expect(response.status == .ok)
        #expect(response.text.contains("ResNet-18 per layer on NVIDIA H100 SXM"))
        #expect(response.text.contains("989 TFLOP/s"))
        #expect(response.text.contains("stem.conv"))
    }

    /// An SVG answer's common promises: its type, its own tag, the same bytes from a fresh service.
    private func chart(_ path: String, _ body: String) throws -> HTTPResponse {
        let response = client.post(path, body, accept: Self.svg)
        #expect(response.status == .ok, "\(response.text)")
        #expect(response.header("Content-Type") == Self.svg)
        let etag = try #require(response.header("ETag"))
        #expect(etag.hasSuffix("-svg\""))
        #expect(etag != client.post(path, body).header("ETag"))
        #expect(response.text.hasPrefix("<svg "))
        #expect(ServiceClient().post(path, body, accept: Self.svg).body == response.body)
        #expect(client.post(path, body, accept: Self.svg, ifNoneMatch: etag).status == .notModified)
        return response
    }

    /// An operator's tooltip: where the chart put it, in the chart's own units.
    private static func placed(_ name: String, _ point: JSONValue?) -> String {
        let intensity = point?["intensity"]?.doubleValue ?? .nan
        let rate = point?["attainable_flops_per_second"]?.doubleValue ?? .nan
        let bound = point?["bound"]?.stringValue ?? "?"
        return "\(name) (\(bound)-bound): \(Quantity.flopsPerByte.text(intensity)), \(Quantity.flopsPerSecond.text(rate))"
    }

    @Test func rooflineChartPlacesEveryOperatorUnderBothRoofs() throws {
        let body = #"""
            {"hardware":"h200-sxm","operators":[{"name":"decode matmul","flops":3.3e7,"bytes":3.4e7},
             {"name":"prefill matmul","flops":1.1e14,"bytes":1.2e11},{"name":"add","flops":2.7e8,"bytes":1.6e9}]}
            """#
        let svg = try chart("/v1/roofline", body).text
        let json = client.post("/v1/roofline", body)
        #expect(svg.contains("3 operators on the NVIDIA H200 SXM roofline, bf16"))
        #expect(svg.contains("Arithmetic intensity (FLOP/B)") && svg.contains("Attainable performance (FLOP/s)"))
        // The spec sheet's roofs solid, the measured ones dashed, each with its peak.
        #expect(svg.contains("NVIDIA H200 SXM spec sheet, bf16: 989 TFLOP/s, 4.8 TB/s"))
        #expect(svg.contains("NVIDIA H200 SXM measured, bf16: 775 TFLOP/s, 4.28 TB/s"))
        #expect(json["measured_roofs.peak_flops_per_second"]?.doubleValue == 774.5e12)
        for index in 0..<3 {
            let name = try #require(json["operators.\(index).name"]?.stringValue)
            #expect(svg.contains(Self.placed(name, json["operators.\(index)"])))
        }
        // Hardware without measured figures: one roof.
        let h100 = try chart("/v1/roofline", body.replacingOccurrences(of: "h200-sxm", with: "h100-sxm")).text
        #expect(!h100.contains("measured, bf16"))
    }

    static let servingLlama8b = #"""
        {"model":"llama-3-8b","hardware":"h200-sxm","batch_size":4,"prompt_tokens":2048,"generated_tokens":128,
         "batch_sweep":{"max_batch":64}}
        """#

    @Test func inferenceFigureDrawsOperatorsBatchSweepAndContexts() throws {
        let svg = try chart("/v1/inference", Self.servingLlama8b).text
        let json = client.post("/v1/inference", Self.servingLlama8b)
        #expect(svg.contains("Serving Llama 3 8B on NVIDIA H200 SXM: batch 4, 2048-token prompts, 128 generated"))
        // Part 1: every prefill and decode operator that does arithmetic, where the answer put it.
        #expect(svg.contains("Prefill and first decode step per GPU"))
        #expect(svg.contains("NVIDIA H200 SXM measured, bf16"))
        var placed = 0
        for phase in ["prefill", "decode"] {
            guard case .array(let operators)? = json["\(phase).operators"] else { Issue.record("no \(phase).operators"); return }
            for row in operators where (row["flops"]?.doubleValue ?? 0) > 0 {
                let name = try #require(row["name"]?.stringValue)
                #expect(svg.contains(Self.placed("\(phase) \(name)", row)), "\(phase) \(name)")
                placed += 1
            }
        }
        #expect(placed > 10)
        // Part 2: the batch sweep, point by point, and the largest batch that fits.
        #expect(svg.contains("Decode against batch size") && svg.contains("Batch size (sequences)"))
        #expect(svg.contains("Throughput (tokens/s)"))
        guard case .array(let sweep)? = json["batch_sweep"] else { Issue.record("no batch_sweep"); return }
        #expect(sweep.count == 7)
        for point in sweep {
            let batch = point["batch"]?.doubleValue ?? .nan
            let step = point["expected_time_per_output_token_seconds"]?.doubleValue ?? .nan
            let rate = point["tokens_per_second"]?.doubleValue ?? .nan
            let batchText = Quantity.count("sequences").text(batch)
            #expect(svg.contains("expected: Batch size \(batchText), Time per output token \(Quantity.seconds.text(step))"))
            #expect(svg.contains("at the roofs: Batch size \(batchText), Throughput \(Quantity.count("tokens/s").text(rate))"))
        }
        #expect(svg.contains("every batch fits in memory"))
        // Part 3: against prompt length, through the requested prompt, whose latencies are the answer's.
        #expect(svg.contains("Against prompt length: batch 4, 128 generated tokens") && svg.contains("Prompt length (tokens)"))
        let ttft = try #require(json["expected.time_to_first_token_seconds"]?.doubleValue)
        let tpot = try #require(json["ideal.time_per_output_token_seconds.mean"]?.doubleValue)
        #expect(svg.contains("expected: Prompt length 2.05k tokens, Time to first token \(Quantity.seconds.text(ttft))"))
        #expect(svg.contains("at the roofs: Prompt length 2.05k tokens, Time per output token \(Quantity.seconds.text(tpot))"))
        // Llama 3 8B names 8,192 positions: the prompts stop there.
        #expect(svg.contains("Prompt length 8.19k tokens") && !svg.contains("Prompt length 16.4k tokens"))
    }

    @Test func fitsAgreeWithTrainingMemory() throws {
        let scenario = #""sequence_length":8192,"parallelism":{"data":8,"zero_stage":3},"activation_recompute":"full","headroom":0.1"#
        let fits = client.post(
            "/v1/fits", #"{"models":["llama-3-8b","llama-3-70b"],"accelerators":["h100-sxm","b200"],\#(scenario)}"#)
        #expect(fits.status == .ok)
        for (row, model) in ["llama-3-8b", "llama-3-70b"].enumerated() {
            for (column, hardware) in ["h100-sxm", "b200"].enumerated() {
                let memory = client.post("/v1/memory/training", #"{"model":"\#(model)","hardware":"\#(hardware)",\#(scenario)}"#)
                let cell = "rows.\(row).cells.\(column)"
                #expect(fits["rows.\(row).required_bytes"] == memory["per_gpu.total"])
                #expect(fits["\(cell).fits"] == memory["fit.fits"])
                #expect(fits["\(cell).usable_bytes"] == memory["fit.usable_bytes"])
                #expect(fits["\(cell).free_bytes"] == memory["fit.free_bytes"])
                #expect(fits["\(cell).short_bytes"] == memory["fit.short_bytes"])
            }
        }
        let grid = client.post(
            "/v1/fits", #"{"models":["llama-3-8b","llama-3-70b"],"accelerators":["h100-sxm","b200"],\#(scenario)}"#,
            accept: Self.svg)
        #expect(grid.header("Content-Type") == Self.svg)
        #expect(grid.text.contains("NVIDIA B200"))
        #expect(client.post("/v1/fits", #"{"models":["llama-3-8b"],"accelerators":["h100-sxm"]}"#, accept: "text/plain").status == .ok)
    }

    @Test func fitsNameTheFieldAtFault() {
        let unknown = client.post("/v1/fits", #"{"models":["llama-3-80b"],"accelerators":["h100"]}"#)
        #expect(unknown.status == .unprocessableContent)
        #expect(unknown.issueFields == ["models[0]", "accelerators[0]"])
        #expect(client.post("/v1/fits", #"{"accelerators":["h100-sxm"]}"#).issueFields == ["models"])
        #expect(client.post("/v1/fits", #"{"models":[],"accelerators":["h100-sxm"]}"#).issueFields == ["models"])
        let tooMany = "[" + Array(repeating: #""h100-sxm""#, count: 17).joined(separator: ",") + "]"
        #expect(client.post("/v1/fits", #"{"models":["gpt2"],"accelerators":\#(tooMany)}"#).issueFields == ["accelerators"])
        let layout = client.post("/v1/fits", #"{"models":["gpt2"],"accelerators":["h100-sxm"],"parallelism":{"tensor":5}}"#)
        #expect(layout.status == .unprocessableContent)
        #expect(layout.issueFields == ["parallelism.tensor"])
        #expect(layout.text.contains("models[0] (gpt2)"))
    }

    @Test func thePageOffersEveryPresetAndHardware() {
        let page = client.get("/")
        #expect(page.status == .ok)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.header("ETag") != nil)
        for option in [#"<option value="llama-3-70b">"#, #"<option value="h100-sxm">"#, #"<option value="resnet50">"#,
                       #"<option value="adamw-16">"#, #"<option value="full">"#] {
            #expect(page.text.contains(option))
        }
        #expect(!page.text.contains("{{"))
        // Nothing from another origin.
        #expect(!page.text.contains("http://") && !page.text.contains("https://"))
    }
}
