import HTTPCore
import Testing
@testable import EstimationAPI

@Suite("Catalogues, health, metrics, text")
struct ServiceRoutesTests {
    let client = ServiceClient()

    @Test func healthz() {
        let response = client.get("/healthz")
        #expect(response.status == 200)
        #expect(response["status"]?.stringValue == "ok")
        #expect(client.service.handle(.head, "/healthz").status == 200)
    }

    @Test func modelsListPresetsWithSpecsAndTotals() throws {
        let response = client.get("/v1/models")
        #expect(response.status == 200)
        guard case .array(let models)? = response["models"] else {
            Issue.record("no models array")
            return
        }
        let llama = try #require(models.first { $0["name"]?.stringValue == "llama-2-7b" })
        #expect(llama["parameters.total"]?.intValue == 6_738_415_616)
        #expect(llama["model.layers"]?.intValue == 32)
        #expect(llama["family"]?.stringValue == "llama")
        #expect(response.header("ETag")?.hasPrefix("\"") == true)
    }

    @Test func oneModelWithBreakdownAndConfig() throws {
        let response = client.get("/v1/models/llama-2-7b")
        #expect(response.status == 200)
        #expect(response.routePattern == "/v1/models/{name}")
        #expect(response["parameters.components.token_embedding"]?.intValue == 131_072_000)
        #expect(response["config.model_type"]?.stringValue == "llama")
        let missing = client.get("/v1/models/llama-2-8b")
        #expect(missing.status == 404)
        #expect(missing["detail"]?.stringValue?.contains("llama-2-7b") == true)
    }

    @Test func hardwareCatalogue() throws {
        let response = client.get("/v1/hardware")
        guard case .array(let devices)? = response["hardware"] else {
            Issue.record("no hardware array")
            return
        }
        let h100 = try #require(devices.first { $0["name"]?.stringValue == "h100-sxm" })
        #expect(h100["memory_bytes"]?.intValue == 85_520_809_984)
        #expect(h100["peak_flops_per_second.bf16"]?.doubleValue == 989.4e12)
        let etag = try #require(response.header("ETag"))
        let conditional = client.service.handle(.get, "/v1/hardware", ifNoneMatch: etag)
        #expect(conditional.status == 304)
    }

    @Test func metricsInPrometheusTextFormat() {
        let metrics = client.service.metrics
        metrics.recordRequest(method: "POST", routePattern: "/v1/flops", status: 200, durationSeconds: 0.00003)
        metrics.recordRequest(method: "POST", routePattern: "/v1/flops", status: 200, durationSeconds: 0.002)
        metrics.recordRequest(method: "BREW", routePattern: "unmatched", status: 404, durationSeconds: 0.00001)
        metrics.connectionOpened()
        metrics.connectionOpened()
        metrics.connectionClosed()
        _ = client.post("/v1/kv-cache", #"{"model":"gpt2"}"#)
        _ = client.post("/v1/kv-cache", #"{"model":"gpt2"}"#)
        let response = client.get("/metrics")
        #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        let lines = Set(response.text.split(separator: "\n").map(String.init))
        for expected in [
            "# TYPE abacus_http_requests_total counter",
            #"abacus_http_requests_total{route="/v1/flops",method="POST",status="200"} 2"#,
            #"abacus_http_requests_total{route="unmatched",method="OTHER",status="404"} 1"#,
            "# TYPE abacus_http_request_duration_seconds histogram",
            #"abacus_http_request_duration_seconds_bucket{route="/v1/flops",le="2.5e-05"} 0"#,
            #"abacus_http_request_duration_seconds_bucket{route="/v1/flops",le="5e-05"} 1"#,
            #"abacus_http_request_duration_seconds_bucket{route="/v1/flops",le="0.0025"} 2"#,
            #"abacus_http_request_duration_seconds_bucket{route="/v1/flops",le="+Inf"} 2"#,
            #"abacus_http_request_duration_seconds_count{route="/v1/flops"} 2"#,
            "abacus_cache_hits_total 1",
            "abacus_cache_misses_total 1",
            "abacus_cache_evictions_total 0",
            "abacus_cache_entries 1",
            "abacus_open_connections 1",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        #expect(lines.contains { $0.hasPrefix("abacus_cache_bytes ") && $0 != "abacus_cache_bytes 0" })
        #expect(lines.contains { $0.hasPrefix(#"abacus_http_request_duration_seconds_sum{route="/v1/flops"} 0.00203"#) })
    }

    @Test func textTableWhenPreferred() {
        let response = client.post("/v1/parameters", #"{"model":"llama-2-7b"}"#, accept: "application/json;q=0.5, text/plain")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
        let text = response.text
        #expect(text.contains("6,738,415,616"))
        #expect(text.contains("6.74 B"))
        #expect(text.contains("preset llama-2-7b"))
        let kv = client.post("/v1/kv-cache", #"{"model":"llama-2-7b","batch_size":2,"sequence_length":1024}"#, accept: "text/plain")
        #expect(kv.text.contains("1,073,741,824 B"))
        #expect(kv.text.contains("1.00 GiB"))
        // JSON stays the default on ties and for clients that accept anything.
        #expect(client.post("/v1/parameters", #"{"model":"gpt2"}"#, accept: "*/*").header("Content-Type") == "application/json")
        #expect(client.post("/v1/parameters", #"{"model":"gpt2"}"#, accept: "text/plain, application/json").header("Content-Type") == "application/json")
    }

    @Test func textRowsAreAligned() {
        let response = client.post("/v1/kv-cache", #"{"model":"gpt2","batch_size":2,"sequence_length":1024}"#, accept: "text/plain")
        let rows = response.text.split(separator: "\n").filter { $0.hasSuffix("MiB") || $0.hasSuffix("KiB") }
        let ends = Set(rows.map { row in row.range(of: " B ")?.lowerBound.utf16Offset(in: row) })
        #expect(rows.count == 3)
        #expect(ends.count == 1)
    }

    @Test func openAPIDocumentIsServedWhenConfigured() {
        #expect(client.get("/openapi.yaml").status == 404)
        let document = Array("openapi: 3.1.0\n".utf8)
        let configured = ServiceClient(configuration: ServiceConfiguration(openAPIDocument: document))
        let response = configured.get("/openapi.yaml")
        #expect(response.status == 200)
        #expect(response.body == document)
        #expect(response.header("Content-Type") == "application/yaml")
    }
}

@Suite("Text formatting")
struct TextFormattingTests {
    @Test func fixedPoint() {
        #expect(TextReport.fixed(3.14159, places: 2) == "3.14")
        #expect(TextReport.fixed(2.5, places: 0) == "3")
        #expect(TextReport.fixed(1234.5, places: 0) == "1235")
        #expect(TextReport.fixed(0.05, places: 3) == "0.050")
        #expect(TextReport.fixed(-1.005, places: 1) == "-1.0")
        #expect(TextReport.fixed(-0.001, places: 2) == "0.00")
        #expect(TextReport.fixed(.infinity, places: 2) == "n/a")
        #expect(TextReport.fixed(1e20, places: 2) == "1e+20")
    }

    @Test func groupedAndUnits() {
        #expect(TextReport.grouped(6_738_415_616) == "6,738,415,616")
        #expect(TextReport.grouped(-1_000) == "-1,000")
        #expect(TextReport.grouped(999) == "999")
        #expect(TextReport.grouped(Int.min) == "-9,223,372,036,854,775,808")
        #expect(TextReport.binaryBytes(1_073_741_824) == "1.00 GiB")
        #expect(TextReport.binaryBytes(512) == "")
        #expect(TextReport.magnitude(6_738_415_616) == "6.74 B")
        #expect(TextReport.scientific(3.14e23) == "3.14e+23")
        #expect(TextReport.scientific(9.996e5) == "1.00e+06")
        #expect(TextReport.scientific(0) == "0")
        #expect(TextReport.scientific(2.5e-3) == "2.50e-03")
    }
}

@Suite("Rendering without HTTP")
struct RenderingTests {
    let service = EstimationService()

    @Test func estimateReturnsTheRouteBytes() throws {
        let body = Array(#"{"model":"llama-2-7b","batch_size":2,"sequence_length":1024}"#.utf8)
        let text = String(decoding: try service.estimate(path: "/v1/kv-cache", body: body, as: .text), as: UTF8.self)
        #expect(text.contains("1,073,741,824 B"))
        let json = try JSONReader.parse(try service.estimate(path: "/v1/kv-cache", body: body, as: .json))
        #expect(json["bytes"]?.intValue == 1_073_741_824)
    }

    @Test func problemsAreThrown() {
        #expect(throws: APIProblem.self) { try service.estimate(path: "/v1/models", body: [], as: .json) }
        do {
            _ = try service.estimate(path: "/v1/estimate", body: Array(#"{"model":"llama-9"}"#.utf8), as: .text)
            Issue.record("expected a problem")
        } catch {
            #expect(error.status == 422)
            #expect(error.description.hasPrefix("422 Invalid request"))
            #expect(error.description.contains("  model: unknown preset"))
        }
    }
}
