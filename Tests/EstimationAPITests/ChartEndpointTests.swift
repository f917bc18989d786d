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
