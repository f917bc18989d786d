import Foundation
import HTTPCore
import Testing
@testable import EstimationAPI

/// `GET /v1/…?body=<the POST's JSON, URL-encoded>`: a URL alone names an estimate (a chart in an
/// `<img>`, a dashboard link), answered exactly as the POST is.
@Suite("GET with the body in the query")
struct QueryBodyTests {
    /// `%XX` for every byte but letters and digits, as `encodeURIComponent` and curl's
    /// `--data-urlencode` leave fewer unescaped.
    static func target(_ path: String, body: String) -> String {
        path + "?body=" + (body.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    static let requests: [(path: String, body: String)] = [
        ("/v1/parameters", #"{"model":"gpt2"}"#),
        ("/v1/memory/training", #"{"model":"llama-3-8b","sequence_length":4096,"parallelism":{"data":8,"zero_stage":3}}"#),
        ("/v1/estimate", #"{"model":"mistral-7b","tokens":1000000000,"gpus":8,"hardware":"h100-sxm"}"#),
        ("/v1/inference", #"{"model":"llama-3-8b","hardware":"h100-sxm","prompt_tokens":1024,"generated_tokens":256}"#),
        ("/v1/network", #"{"network":"resnet50","batch_size":32,"hardware":"h100-sxm"}"#),
        ("/v1/fits", #"{"models":["llama-3-8b","llama-3-70b"],"accelerators":["h100-sxm","h200-sxm"],"flash_attention":true}"#),
    ]

    @Test("GET answers what POST answers, with its ETag and cache entry", arguments: requests)
    func getIsThePost(path: String, body: String) {
        let client = ServiceClient()
        let post = client.post(path, body)
        #expect(post.status == 200, "\(post.text)")
        let get = client.get(Self.target(path, body: body))
        #expect(get.status == 200, "\(get.text)")
        #expect(get.body == post.body)
        #expect(get.header("ETag") == post.header("ETag"))
        #expect(get.header("X-Cache") == "hit")
        #expect(get.routePattern == path)
    }

    @Test func headAndConditionalGet() throws {
        let client = ServiceClient()
        let target = Self.target("/v1/parameters", body: #"{"model":"gpt2"}"#)
        let get = client.get(target)
        let etag = try #require(get.header("ETag"))
        let head = client.service.handle(.head, target)
        #expect(head.status == 200)
        #expect(head.header("ETag") == etag)
        let conditional = client.service.handle(.get, target, ifNoneMatch: etag)
        #expect(conditional.status == 304)
        #expect(conditional.body.isEmpty)
    }

    @Test("an <img> asks with image/* and gets the chart")
    func imageAcceptGetsTheChart() {
        let target = Self.target("/v1/fits", body: #"{"models":["llama-3-8b"],"accelerators":["h100-sxm"]}"#)
        let image = ServiceClient().get(target, accept: "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8")
        #expect(image.status == 200)
        #expect(image.header("Content-Type") == "image/svg+xml")
        #expect(image.text.hasPrefix("<svg"))
    }

    @Test("form encoding: + is a space, %XX a byte")
    func formEncoding() {
        let response = ServiceClient().get("/v1/parameters?body=%7B%22model%22%3A+%22gpt2%22%7D")
        #expect(response.status == 200, "\(response.text)")
        #expect(response["parameters.total"]?.intValue == 124_439_808)
    }

    @Test("what the query lacks or holds besides body is a 422 naming it", arguments: [
        ("/v1/flops", ["body"]),
        ("/v1/flops?model=gpt2", ["model", "body"]),
        (target("/v1/flops", body: #"{"model":"gpt2"}"#) + "&body=%7B%7D", ["body"]),
        (target("/v1/flops", body: #"{"model":"gpt2"}"#) + "&batch_size=8", ["batch_size"]),
    ])
    func queryIssues(target: String, fields: [String]) {
        let response = ServiceClient().get(target)
        #expect(response.status == 422)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.issueFields == fields)
        #expect(response["detail"]?.stringValue?.hasPrefix("The query must hold the request's JSON in `body`") == true)
    }

    @Test("the JSON is judged as a POST's: malformed is a 400, invalid a 422", arguments: [
        ("/v1/flops?body=", 400), ("/v1/flops?body=%7B", 400),
        ("/v1/flops?body=%7B%22model%22%3A%22%FF%22%7D", 400),  // not UTF-8
        (target("/v1/flops", body: #"{"model":"no-such-model"}"#), 422), ("/v1/flops?body=%5B%5D", 422),
    ])
    func bodyIsJudgedAsAPost(target: String, status: Int) {
        let response = ServiceClient().get(target)
        #expect(response.status.code == status, "\(response.text)")
        #expect(response.header("Content-Type") == "application/problem+json")
    }
}
