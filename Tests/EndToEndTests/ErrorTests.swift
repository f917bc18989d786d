import Foundation
import HTTPTestSupport
import Testing

/// Every error class of the API conventions, as a client on a socket sees it: status,
/// `application/problem+json`, and what the problem names.
@Suite struct ErrorTests {
    private func expectProblem(_ response: HTTPTestResponse, status: Int) throws -> [String: Any] {
        #expect(response.status == status)
        #expect(response.headers["content-type"] == "application/problem+json")
        let problem = try response.json()
        #expect(problem.integer("status") == status)
        return problem
    }

    private func fields(_ problem: [String: Any]) -> [String] {
        (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0.string("field") }
    }

    @Test func malformedJSONIs400() throws {
        try withHost { client, _ in
            _ = try expectProblem(try client.post("/v1/parameters", #"{"model":"#), status: 400)
        }
    }

    @Test func unknownPathIs404() throws {
        try withHost { client, _ in
            _ = try expectProblem(try client.get("/v1/nothing-here"), status: 404)
            _ = try expectProblem(try client.get("/v1/models/no-such-model"), status: 404)
        }
    }

    @Test func wrongMethodIs405WithAllow() throws {
        try withHost { client, _ in
            let put = try client.request(method: "PUT", path: "/v1/flops")
            _ = try expectProblem(put, status: 405)
            #expect(put.headers["allow"] == "GET, HEAD, POST, OPTIONS")
            let delete = try client.request(method: "DELETE", path: "/healthz")
            _ = try expectProblem(delete, status: 405)
            #expect(delete.headers["allow"] == "GET, HEAD, OPTIONS")
        }
    }

    @Test func bodyOverTheLimitIs413() throws {
        try withHost({ $0.server.maxBodyBytes = 64 }) { client, _ in
            // Only the head: the server must refuse from Content-Length alone, without the body.
            let head = "POST /v1/parameters HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 65\r\n\r\n"
            let response = try client.exchange(Array(head.utf8))
            #expect(response.status == 413)
            // At the limit it is served.
            let body = #"{"model":"gpt2"}"# + String(repeating: " ", count: 64 - 16)
            #expect(try client.post("/v1/parameters", body).status == 200)
        }
    }

    @Test func wrongContentTypeIs415() throws {
        try withHost { client, _ in
            let response = try client.post("/v1/parameters", #"{"model":"gpt2"}"#, headers: [("Content-Type", "text/plain")])
            _ = try expectProblem(response, status: 415)
        }
    }

    @Test func invalidFieldsAre422AndNamed() throws {
        try withHost { client, _ in
            // An unknown field and an unknown choice are reported together...
            let response = try client.post(
                "/v1/memory/training", #"{"model":"llama-2-7b","optimizer":"adam","batch":2}"#)
            let problem = try expectProblem(response, status: 422)
            #expect(Set(fields(problem)) == ["optimizer", "batch"])
            // ...and a value out of range is named too.
            let zero = try client.post("/v1/memory/training", #"{"model":"llama-2-7b","batch_size":0}"#)
            #expect(fields(try expectProblem(zero, status: 422)) == ["batch_size"])
        }
    }

    @Test func unknownPresetIs422WithCloseMatches() throws {
        try withHost { client, _ in
            let problem = try expectProblem(try client.post("/v1/parameters", #"{"model":"llama-2-7c"}"#), status: 422)
            let issue = try #require((problem["errors"] as? [[String: Any]])?.first)
            #expect(issue.string("field") == "model")
            #expect(issue.string("message")?.contains("llama-2-7b") == true)
        }
    }

    @Test func hfConfigOutsideTheSupportedShapes() throws {
        try withHost { client, _ in
            // An encoder-decoder config (t5) has none of the decoder keys: 422, named by config key.
            let t5 = #"{"hf_config":{"model_type":"t5","d_model":512,"num_layers":6,"num_heads":8,"vocab_size":32128,"d_ff":2048}}"#
            let problem = try expectProblem(try client.post("/v1/parameters", t5), status: 422)
            #expect(!fields(problem).isEmpty)
            #expect(fields(problem).allSatisfy { $0.hasPrefix("hf_config.") })

            // An unknown family with llama-style keys is estimated, but flagged as approximate.
            let unknown = #"{"hf_config":{"model_type":"newthing","hidden_size":512,"num_hidden_layers":6,"num_attention_heads":8,"vocab_size":32000,"intermediate_size":2048}}"#
            let response = try client.post("/v1/parameters", unknown)
            #expect(response.status == 200)
            let body = try response.json()
            #expect(body.value("input.approximate") as? Bool == true)
            #expect((body["warnings"] as? [String])?.isEmpty == false)
        }
    }
}
