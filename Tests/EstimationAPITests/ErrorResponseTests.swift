import HTTPCore
import Testing
@testable import EstimationAPI

/// Every error class, as RFC 9457 problem documents.
@Suite("Error responses")
struct ErrorResponseTests {
    let client = ServiceClient()

    private func expectProblem(_ response: HTTPResponse, status: HTTPStatus) {
        #expect(response.status == status)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response["status"]?.intValue == status.code)
        #expect(response["type"]?.stringValue != nil)
        #expect(response["title"]?.stringValue != nil)
        #expect(response["detail"]?.stringValue != nil)
    }

    @Test func malformedJSONIs400WithTheOffset() {
        let response = client.post("/v1/parameters", #"{"model": "gpt2",}"#)
        expectProblem(response, status: 400)
        #expect(response["detail"]?.stringValue?.contains("byte offset 17") == true)
        expectProblem(client.post("/v1/parameters", ""), status: 400)
        expectProblem(client.post("/v1/parameters", #"{"model":"gpt2","model":"opt-125m"}"#), status: 400)
    }

    @Test func unknownPathIs404Unmatched() {
        let response = client.get("/v1/nothing")
        expectProblem(response, status: 404)
        #expect(response.routePattern == "unmatched")
        #expect(client.get("/v1/parameters/extra").status == 404)
    }

    @Test func wrongMethodIs405WithAllow() {
        let put = client.service.handle(.put, "/v1/flops")
        expectProblem(put, status: 405)
        #expect(put.header("Allow") == "GET, HEAD, POST, OPTIONS")
        #expect(put.routePattern == "/v1/flops")
        let post = client.post("/v1/models", "{}")
        expectProblem(post, status: 405)
        #expect(post.header("Allow") == "GET, HEAD, OPTIONS")
    }

    @Test func nonJSONContentTypeIs415() {
        expectProblem(client.post("/v1/parameters", #"{"model":"gpt2"}"#, contentType: "text/plain"), status: 415)
        expectProblem(client.post("/v1/parameters", #"{"model":"gpt2"}"#, contentType: nil), status: 415)
        #expect(client.post("/v1/parameters", #"{"model":"gpt2"}"#, contentType: "Application/JSON; charset=utf-8").status == 200)
    }

    @Test func unknownFieldsAreNamed() {
        let response = client.post("/v1/flops", #"{"model":"gpt2","batch":2,"parallelism":{}}"#)
        expectProblem(response, status: 422)
        #expect(response.issueFields == ["batch", "parallelism"])
        let nested = client.post("/v1/memory/training", #"{"model":{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100,"hiddensize":3},"parallelism":{"tensr":2}}"#)
        #expect(Set(nested.issueFields) == ["model.hiddensize", "parallelism.tensr"])
    }

    @Test func allIssuesAreReportedTogether() {
        let response = client.post("/v1/memory/training", """
            {"model":{"layers":"two","hidden_size":64,"vocab_size":100,"mlp":"wide"},
            "batch_size":1.5,"optimizer":"adam","flash_attention":"yes","parallelism":{"zero_stage":"3"}}
            """)
        expectProblem(response, status: 422)
        #expect(Set(response.issueFields) == [
            "model.layers", "model.attention_heads", "model.mlp", "batch_size", "optimizer", "flash_attention",
            "parallelism.zero_stage",
        ])
    }

    @Test func specRangeIssuesArePrefixedWithModel() {
        let response = client.post("/v1/parameters", #"{"model":{"layers":0,"hidden_size":64,"attention_heads":4,"vocab_size":100,"kv_heads":3}}"#)
        expectProblem(response, status: 422)
        #expect(Set(response.issueFields) == ["model.layers", "model.kv_heads"])
    }

    @Test func importerIssuesArePrefixedWithHFConfig() {
        let response = client.post("/v1/parameters", #"{"hf_config":{"model_type":"llama","hidden_size":"big"}}"#)
        expectProblem(response, status: 422)
        #expect(response.issueFields.allSatisfy { $0.hasPrefix("hf_config.") })
        #expect(response.issueFields.contains("hf_config.hidden_size"))
    }

    @Test func unknownPresetListsCloseMatches() throws {
        let response = client.post("/v1/parameters", #"{"model":"llama-3-8"}"#)
        expectProblem(response, status: 422)
        #expect(response.issueFields == ["model"])
        let message = try #require(response["errors.0.message"]?.stringValue)
        #expect(message.contains("llama-3-8b"))
        let hardware = client.post("/v1/kv-cache", #"{"model":"gpt2","hardware":"h100"}"#)
        #expect(hardware.issueFields == ["hardware"])
        #expect(hardware["errors.0.message"]?.stringValue?.contains("h100-sxm") == true)
    }

    @Test func modelMustBeGivenExactlyOnce() {
        #expect(client.post("/v1/parameters", "{}").issueFields == ["model"])
        #expect(client.post("/v1/parameters", #"{"model":"gpt2","hf_config":{}}"#).issueFields == ["hf_config"])
        #expect(client.post("/v1/parameters", #"{"model":3}"#).issueFields == ["model"])
        #expect(client.post("/v1/parameters", "[1]").issueFields == ["body"])
    }

    @Test func contradictoryAndMissingOptions() {
        let both = client.post("/v1/training-time", #"{"model":"gpt2","tokens":1000,"hardware":"h100-sxm","mfu":0.4,"achieved_tflops_per_gpu":100}"#)
        #expect(both.issueFields == ["achieved_tflops_per_gpu"])
        let missing = client.post("/v1/training-time", #"{"model":"gpt2"}"#)
        #expect(Set(missing.issueFields) == ["tokens", "hardware"])
        let headroomAlone = client.post("/v1/kv-cache", #"{"model":"gpt2","headroom":0.1}"#)
        #expect(headroomAlone.issueFields == ["headroom"])
        let timeWithoutTokens = client.post("/v1/estimate", #"{"model":"gpt2","gpus":8}"#)
        #expect(timeWithoutTokens.issueFields == ["gpus"])
        // null spells "absent": no training_time section, no issue.
        let nullTokens = client.post("/v1/estimate", #"{"model":"gpt2","tokens":null,"mfu":null}"#)
        #expect(nullTokens.status == 200)
        #expect(nullTokens["training_time"] == .null)
    }

    @Test func estimatorRangeIssuesNameRequestFields() {
        let response = client.post("/v1/memory/training", #"{"model":"llama-2-7b","batch_size":0,"parallelism":{"tensor":3,"zero_stage":4}}"#)
        expectProblem(response, status: 422)
        #expect(Set(response.issueFields) == ["batch_size", "parallelism.tensor", "parallelism.zero_stage"])
        let mfu = client.post("/v1/training-time", #"{"model":"gpt2","tokens":1000,"hardware":"h100-sxm","mfu":1.5}"#)
        #expect(mfu.issueFields == ["mfu"])
    }

    /// A request that already fails (bad model, unknown field) also lists its options' range
    /// mistakes, so that it is fixed in one round; relations to the model are judged only against
    /// a valid one.
    @Test func optionMistakesJoinAFailingModelsAnswer() {
        let invalidModel = client.post("/v1/estimate", """
            {"model":{"layers":0,"hidden_size":64,"attention_heads":4,"vocab_size":100},
            "batch_size":0,"headroom":1.5,"hardware":"h100-sxm","parallelism":{"tensor":3,"pipeline":5},
            "tokens":1000,"mfu":2}
            """)
        expectProblem(invalidModel, status: 422)
        #expect(invalidModel.issueFields == ["model.layers", "batch_size", "headroom", "mfu"])
        let unknownField = client.post("/v1/memory/training", """
            {"model":"gpt2","optimiser":"adamw-16","sequence_length":0,"parallelism":{"tensor":5,"pipeline":13}}
            """)
        #expect(unknownField.issueFields == [
            "optimiser", "sequence_length", "parallelism.pipeline", "parallelism.tensor",
        ])
        #expect(unknownField["errors.2.message"]?.stringValue == "must be an integer from 1 to 12, got 13")
    }

    @Test func hugeNumbersAreRefusedNotTrapped() {
        let response = client.post("/v1/kv-cache", #"{"model":"gpt2","batch_size":1e300,"sequence_length":99999999999999999999}"#)
        expectProblem(response, status: 422)
        #expect(Set(response.issueFields) == ["batch_size", "sequence_length"])
        let overflow = client.post("/v1/parameters", #"{"model":{"layers":10000,"hidden_size":1048576,"attention_heads":65536,"vocab_size":16777216,"moe":{"experts":65536,"experts_per_token":1,"expert_intermediate_size":4194304}}}"#)
        // 65,536 experts × 3·d·fe ≈ 2^59.6 parameters per layer, times 10,000 layers: beyond Int.
        expectProblem(overflow, status: 422)
        #expect(overflow.issueFields.allSatisfy { $0.hasPrefix("model.") })
    }

    @Test("A body of junk gets a bounded answer: at most 100 errors, the rest counted")
    func errorsAreCapped() throws {
        let junk = (0..<60_000).map { #""junk_key_\#($0)":0"# }.joined(separator: ",")
        let response = client.post("/v1/flops", #"{"model":"gpt2",\#(junk)}"#)
        expectProblem(response, status: 422)
        #expect(response.issueFields.count == IssueList.maximumIssues)
        #expect(response["detail"]?.stringValue?.contains("60000 fields are invalid") == true)
        #expect(response["detail"]?.stringValue?.contains("the first 100") == true)
        #expect(response.body.count < 16 << 10)
    }

    @Test("Echoes of the request are cut short: a huge key, a huge string, a million-digit number")
    func echoesAreTruncated() throws {
        let key = String(repeating: "k", count: 100_000)
        let digits = String(repeating: "7", count: 1_000_001)
        for body in [
            #"{"model":"gpt2","\#(key)":1}"#,
            #"{"model":"gpt2","optimizer":"\#(key)"}"#,
            #"{"model":"gpt2","batch_size":\#(digits)}"#,
            #"{"model":"gpt2","batch_size":\#(digits).5}"#,
            #"{"hf_config":{"model_type":"\#(key)"}}"#,
        ] {
            let response = client.post("/v1/memory/training", body)
            #expect([400, 422].contains(response.status))
            #expect(response.body.count < 4 << 10, "\(response.body.count) bytes: \(response.text.prefix(300))")
        }
    }
}
