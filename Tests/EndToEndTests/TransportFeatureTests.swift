import Foundation
import HTTPTestSupport
import Testing

/// What the host adds between the server and the service: content negotiation, compression,
/// authentication, and metrics fed from the server's events.
@Suite struct TransportFeatureTests {
    @Test func textPlainGetsTheTable() throws {
        try withHost { client, _ in
            let response = try client.post(
                "/v1/parameters", #"{"model":"llama-2-7b"}"#,
                headers: [("Content-Type", "application/json"), ("Accept", "text/plain")])
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("text/plain") == true)
            #expect(response.text.contains("6,738,415,616"))
            #expect(response.text.contains("llama-2-7b"))
        }
    }

    @Test func largeResponsesAreGzippedForClientsThatAsk() throws {
        try withHost { client, _ in
            let plain = try client.get("/v1/models")
            #expect(plain.headers["content-encoding"] == nil)
            let gzipped = try client.get("/v1/models", headers: [("Accept-Encoding", "gzip")])
            #expect(gzipped.status == 200)
            #expect(gzipped.headers["content-encoding"] == "gzip")
            #expect(gzipped.body.count < plain.body.count)
            #expect(try gunzip(gzipped.body) == plain.body)
            // A tiny body is never worth it.
            let health = try client.get("/healthz", headers: [("Accept-Encoding", "gzip")])
            #expect(health.headers["content-encoding"] == nil)
        }
    }

    @Test func bearerTokenGuardsV1ButNotHealth() throws {
        try withHost({ $0.server.bearerToken = "s3cret-token" }) { client, _ in
            let body = #"{"model":"gpt2"}"#
            let anonymous = try client.post("/v1/parameters", body)
            #expect(anonymous.status == 401)
            #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            let wrong = try client.post(
                "/v1/parameters", body, headers: [("Content-Type", "application/json"), ("Authorization", "Bearer s3cret-tokeN")])
            #expect(wrong.status == 401)
            let right = try client.post(
                "/v1/parameters", body, headers: [("Content-Type", "application/json"), ("Authorization", "Bearer s3cret-token")])
            #expect(right.status == 200)
            #expect(try client.get("/v1/models").status == 401)
            #expect(try client.get("/healthz").status == 200)
        }
    }

    @Test func metricsCountRequestsByRoutePattern() throws {
        try withHost { client, _ in
            #expect(try client.get("/v1/models/llama-2-7b").status == 200)
            #expect(try client.get("/v1/models/gpt2").status == 200)
            #expect(try client.get("/v1/models/not-a-model?x=1").status == 404)
            #expect(try client.post("/v1/flops", #"{"model":"gpt2"}"#).status == 200)
            #expect(try client.request(method: "DELETE", path: "/v1/flops").status == 405)
            #expect(try client.get("/nowhere/at/all").status == 404)
            #expect(try client.request(method: "HEAD", path: "/healthz").status == 200)
            // Refused by the server before routing: a header line without a colon.
            #expect(try client.exchange(Array("GET /v1/models HTTP/1.1\r\nHost: h\r\nbroken\r\n\r\n".utf8)).status == 400)

            let text = try client.get("/metrics").text
            let metrics = MetricsText(text)
            #expect(metrics.value(#"abacus_http_requests_total{route="/v1/models/{name}",method="GET",status="200"}"#) == 2)
            #expect(metrics.value(#"abacus_http_requests_total{route="/v1/models/{name}",method="GET",status="404"}"#) == 1)
            #expect(metrics.value(#"abacus_http_requests_total{route="/v1/flops",method="POST",status="200"}"#) == 1)
            #expect(metrics.value(#"abacus_http_requests_total{route="/v1/flops",method="DELETE",status="405"}"#) == 1)
            #expect(metrics.value(#"abacus_http_requests_total{route="unmatched",method="GET",status="404"}"#) == 1)
            #expect(metrics.value(#"abacus_http_requests_total{route="rejected",method="OTHER",status="400"}"#) == 1)
            #expect(metrics.value(#"abacus_http_requests_total{route="/healthz",method="HEAD",status="200"}"#) == 1)
            #expect(metrics.value(#"abacus_http_request_duration_seconds_count{route="/v1/models/{name}"}"#) == 3)
            // The connection carrying this very request is open while the gauge is read.
            #expect((metrics.value("abacus_open_connections") ?? 0) >= 1)
            // Raw paths never become series.
            #expect(!text.contains("llama-2-7b"))
            #expect(!text.contains("nowhere"))
        }
    }

    @Test("OPTIONS: a route's methods, and with * the server's; CORS preflights for dashboards")
    func optionsAndCORS() throws {
        try withHost({ $0.server.corsOrigins = ["https://dash.example"] }) { client, _ in
            let star = try client.request(method: "OPTIONS", path: "*")
            #expect(star.status == 204)
            #expect(star.headers["allow"] == "GET, HEAD, OPTIONS, POST")
            let route = try client.request(method: "OPTIONS", path: "/v1/estimate")
            #expect(route.status == 204)
            #expect(route.headers["allow"] == "GET, HEAD, POST, OPTIONS")
            let preflight = try client.request(
                method: "OPTIONS", path: "/v1/estimate",
                headers: [("Origin", "https://dash.example"), ("Access-Control-Request-Method", "POST")])
            #expect(preflight.status == 204)
            #expect(preflight.headers["access-control-allow-origin"] == "https://dash.example")
            let estimate = try client.post(
                "/v1/parameters", #"{"model":"gpt2"}"#,
                headers: [("Content-Type", "application/json"), ("Origin", "https://dash.example")])
            #expect(estimate.status == 200)
            #expect(estimate.headers["access-control-allow-origin"] == "https://dash.example")
            #expect(estimate.headers["access-control-expose-headers"] == "ETag, X-Cache")
        }
    }

    @Test("A megabyte of junk keys is answered 422 with a capped list, off the event loop")
    func junkBodyGetsABoundedAnswer() throws {
        try withHost { client, _ in
            let junk = (0..<60_000).map { #""k\#($0)":0"# }.joined(separator: ",")
            let body = #"{"model":"gpt2",\#(junk)}"#
            #expect(body.utf8.count > 512 << 10)
            let response = try client.post("/v1/estimate", body)
            #expect(response.status == 422)
            #expect(response.body.count < 16 << 10)
            #expect(try client.get("/healthz").status == 200)
        }
    }
}
