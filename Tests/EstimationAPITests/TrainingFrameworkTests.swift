import HTTPCore
import Testing
@testable import EstimationAPI

/// `framework` and `per_gpu.peak` on /v1/memory/training and /v1/estimate (docs/training-memory.md).
@Suite("Training memory frameworks")
struct TrainingFrameworkTests {
    let client = ServiceClient()

    /// The H200's gpt2 case, batch 1 × 512 tokens with transformers' default sdpa kernel, dropout 0.1:
    /// its tensors requested 430 439 632 B when the forward pass ended and 636 288 200 B at the
    /// step's peak above the weights and gradients (Tests/GPUReference/h200-training-memory.json).
    static let gpt2 = """
        {"hf_config":{"model_type":"gpt2","n_embd":768,"n_layer":12,"n_head":12,"vocab_size":50257,\
        "n_positions":1024,"activation_function":"gelu_new","resid_pdrop":0.1,"embd_pdrop":0.1,"attn_pdrop":0.1,\
        "layer_norm_epsilon":1e-05,"tie_word_embeddings":true},"batch_size":1,"sequence_length":512
        """

    private func modelStates(_ response: HTTPResponse) -> Int? {
        let parts = ["weights", "gradients", "master_weights", "optimizer_states"].map { response["per_gpu.\($0)"]?.intValue }
        return parts.reduce(Int?(0)) { sum, part in sum.flatMap { sum in part.map { sum + $0 } } }
    }

    @Test func huggingfaceAnswersTheH200sGPT2() throws {
        let response = client.post("/v1/memory/training", Self.gpt2 + #","framework":"huggingface"}"#)
        #expect(response.status == 200, "\(response.text)")
        #expect(response["options.framework"]?.stringValue == "huggingface")
        #expect(response["options.flash_attention"]?.boolValue == true)
        let saved = ["activations", "logits", "embedding_dropout"].compactMap { response["per_gpu.\($0)"]?.intValue }
        #expect(saved.reduce(0, +) == 430_439_632)
        let states = try #require(modelStates(response))
        #expect(response["per_gpu.total"]?.intValue == states + 430_439_632)
        #expect(response["per_gpu.peak"]?.intValue == states + 636_288_200)
        #expect(response["peak_moment"]?.stringValue == "loss_backward")
    }

    /// Megatron stays the default, its totals unchanged, now with a peak above them.
    @Test func megatronIsTheDefault() throws {
        let plain = client.post("/v1/memory/training", Self.gpt2 + "}")
        let named = client.post("/v1/memory/training", Self.gpt2 + #","framework":"megatron"}"#)
        #expect(plain.status == 200, "\(plain.text)")
        #expect(plain["options.framework"]?.stringValue == "megatron")
        #expect(plain["options.flash_attention"]?.boolValue == false)
        #expect(plain["per_gpu"] == named["per_gpu"])
        let total = try #require(plain["per_gpu.total"]?.intValue)
        #expect(try #require(plain["per_gpu.peak"]?.intValue) > total)
    }

    /// The fit verdict is for the peak: a GPU between the total and the peak does not fit.
    @Test func fitUsesThePeak() throws {
        let answer = client.post("/v1/memory/training", Self.gpt2 + #","framework":"huggingface"}"#)
        let total = try #require(answer["per_gpu.total"]?.intValue)
        let peak = try #require(answer["per_gpu.peak"]?.intValue)
        let between = (total + peak) / 2
        let hardware = #"{"memory_bytes":\#(between),"bandwidth_bytes_per_second":1e12,"peak_flops_per_second":{"bf16":1e14}}"#
        let fit = client.post("/v1/memory/training", Self.gpt2 + #","framework":"huggingface","hardware":\#(hardware)}"#)
        #expect(fit.status == 200, "\(fit.text)")
        #expect(fit["fit.fits"]?.boolValue == false)
        #expect(fit["fit.short_bytes"]?.intValue == peak - between)
    }

    @Test func estimateTakesTheFramework() {
        let body = Self.gpt2 + #","framework":"huggingface"}"#
        let combined = client.post("/v1/estimate", body)
        #expect(combined.status == 200, "\(combined.text)")
        #expect(combined["training_memory.per_gpu"] == client.post("/v1/memory/training", body)["per_gpu"])
        #expect(combined["options.training_memory.framework"]?.stringValue == "huggingface")
    }

    /// transformers' modules run whole layers on one GPU and recompute whole layers or nothing.
    @Test func huggingfaceRefusesMegatronsParallelism() {
        let response = client.post(
            "/v1/memory/training",
            Self.gpt2 + #","framework":"huggingface","activation_recompute":"selective","parallelism":{"tensor":2,"pipeline":2}}"#)
        #expect(response.status == 422)
        #expect(Set(response.issueFields) == ["activation_recompute", "parallelism.tensor", "parallelism.pipeline"])
        let unknown = client.post("/v1/memory/training", Self.gpt2 + #","framework":"deepspeed"}"#)
        #expect(unknown.status == 422)
        #expect(unknown.issueFields == ["framework"])
    }
}
