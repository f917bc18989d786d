import Testing
@testable import EstimationAPI
import Estimation

/// The native spec's layout and blocks in JSON: one canonical form, whatever the spelling.
@Suite("Native spec coding")
struct ModelSpecCodingTests {
    let client = ServiceClient()

    private func hash(_ model: String) -> String? {
        let response = client.post("/v1/parameters", #"{"model":\#(model)}"#)
        #expect(response.status == 200, "\(response.text)")
        return response["spec_hash"]?.stringValue
    }

    private let base = #""layers":6,"hidden_size":64,"attention_heads":4,"vocab_size":100,"sliding_window":16"#

    /// Runs one by one, a repeated pattern, or the fields that said it before layouts existed: one spec.
    @Test func layoutSpellingsHashAlike() {
        let oneByOne = hash(#"{\#(base),"layout":[{"attention":"sliding"},{"attention":"full"},{"attention":"sliding"},{"attention":"full"},{"attention":"sliding"},{"attention":"full"}]}"#)
        let repeated = hash(#"{\#(base),"layout":[{"repeat":3,"layers":[{"attention":"sliding","mlp":"dense"},{"count":1}]}]}"#)
        let legacy = hash(#"{\#(base),"global_attention_every":2}"#)
        #expect(oneByOne != nil)
        #expect(oneByOne == repeated)
        #expect(repeated == legacy)
        #expect(hash(#"{\#(base),"global_attention_every":3}"#) != legacy)
    }

    /// What a response shows as `model` reads back as the same spec: the same hash.
    @Test(arguments: ["gemma-3-27b", "llama-4-maverick", "gpt-oss-20b", "qwen3-next-80b-a3b", "nemotron-nano-9b-v2",
                      "falcon-h1-7b", "minimax-text-01", "lfm2-1.2b", "command-r-plus", "deepseek-v3"])
    func writtenSpecReadsBack(_ preset: String) throws {
        let fromPreset = client.post("/v1/parameters", #"{"model":"\#(preset)"}"#)
        let model = try #require(fromPreset["model"])
        var writer = JSONWriter()
        writer.value(model)
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(hash(text) == fromPreset["spec_hash"]?.stringValue)
        #expect(client.post("/v1/parameters", #"{"model":\#(text)}"#)["parameters.total"] == fromPreset["parameters.total"])
    }

    /// Gemma 3 27B's layout is two entries long, not 62.
    @Test func layoutIsWrittenShort() throws {
        let response = client.post("/v1/parameters", #"{"model":"gemma-3-27b"}"#)
        guard case .array(let entries)? = response["model.layout"] else {
            Issue.record("no layout in \(response.text)")
            return
        }
        #expect(entries.count == 2)
        #expect(response["model.layout.0.repeat"]?.intValue == 10)
        #expect(response["model.layout.0.layers.0.attention"]?.stringValue == "sliding")
        #expect(response["model.layout.1.count"]?.intValue == 2)
    }

    /// `qk_norm: true`, as native specs wrote it, is a per-head norm of the layers' kind.
    @Test func qkNormTrueIsPerHead() {
        let legacy = hash(#"{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100,"norm":"rmsnorm","qk_norm":true}"#)
        let explicit = hash(#"{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100,"norm":"rmsnorm","qk_norm":{"scope":"head"}}"#)
        #expect(legacy == explicit)
        #expect(legacy != hash(#"{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100,"norm":"rmsnorm"}"#))
    }

    /// A block no layer uses is dropped from the canonical spec, but its values are still checked
    /// (schemathesis found `linear_attention.key_head_dim: -193981624` answered 200).
    @Test func unusedBlocksAreStillRangeChecked() {
        let response = client.post(
            "/v1/parameters",
            #"{"model":{\#(base),"linear_attention":{"key_heads":2,"key_head_dim":-5}}}"#)
        #expect(response.status == 422, "\(response.text)")
        #expect(response.text.contains("model.linear_attention.key_head_dim"))
    }

    /// Every field normalisation drops or replaces is checked as given (schemathesis found
    /// `attention_chunk: 0` answered 200 where no layer is chunked).
    @Test(arguments: [
        (#""attention_chunk":0"#, "model.attention_chunk"),
        (#""moe":{"experts":0,"experts_per_token":1,"expert_intermediate_size":8},"layout":[{"count":6}]"#, "model.moe.experts"),
        (#""moe":{"experts":4,"experts_per_token":2,"expert_intermediate_size":32},"intermediate_size":0"#, "model.intermediate_size"),
        (#""latent_attention":{"kv_lora_rank":16,"qk_nope_head_dim":8,"qk_rope_head_dim":8,"v_head_dim":16},"head_dim":0"#, "model.head_dim"),
        (#""latent_attention":{"kv_lora_rank":16,"qk_nope_head_dim":8,"qk_rope_head_dim":8,"v_head_dim":16},"kv_heads":-1"#, "model.kv_heads"),
    ])
    func fieldsNormalisationDropsAreStillRangeChecked(fields: String, field: String) {
        let response = client.post("/v1/parameters", #"{"model":{"layers":6,"hidden_size":64,"attention_heads":4,"vocab_size":100,\#(fields)}}"#)
        #expect(response.status == 422, "\(response.text)")
        #expect(response.text.contains(field), "\(response.text)")
    }

    /// Blocks no layer uses are dropped: they change nothing.
    @Test func unusedBlocksDoNotChangeTheHash() {
        let plain = hash(#"{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100}"#)
        let unused = hash(#"{"layers":2,"hidden_size":64,"attention_heads":4,"vocab_size":100,"layout":[{"count":2}],"sliding_window":8,"mamba":{"heads":2,"head_dim":8,"state_size":4}}"#)
        #expect(plain == unused)
    }

    @Test func layoutMistakesNameTheirField() {
        let cases: [(String, [String])] = [
            (#""layout":[{"count":5}]"#, ["model.layout"]),
            (#""layout":[{"count":6,"attention":"sideways"}]"#, ["model.layout[0].attention"]),
            (#""layout":[{"repeat":0,"layers":[{"count":6}]}]"#, ["model.layout[0].repeat"]),
            (#""layout":[{"count":6,"recurrent":"mamba2"}]"#, ["model.layout"]),
            (#""layout":[{"count":6}],"global_attention_every":2"#, ["model.global_attention_every"]),
            (#""layout":[{"count":6,"attention":"none","mlp":"none"}]"#, ["model.layout"]),
            (#""global_attention_every":2"#, ["model.global_attention_every"]),
        ]
        for (members, fields) in cases {
            let response = client.post(
                "/v1/parameters", #"{"model":{"layers":6,"hidden_size":64,"attention_heads":4,"vocab_size":100,\#(members)}}"#)
            #expect(response.status == 422, "\(members)")
            #expect(response.issueFields == fields, "\(members): \(response.text)")
        }
    }
}
