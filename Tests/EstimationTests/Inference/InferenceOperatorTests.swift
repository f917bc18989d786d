import Foundation
import Testing
@testable import Estimation

/// The operator tables against the transformer's own FLOPs count (`/v1/flops`) and cache size
/// (`/v1/kv-cache`): one source of truth, so they must agree exactly.
@Suite("Inference operators")
struct InferenceOperatorTests {
    static let presets = [
        "gpt2", "llama-3-8b", "mistral-7b", "gemma-2-9b", "phi-2", "qwen3-8b", "bloom-560m", "mixtral-8x7b",
        "deepseek-v2-lite", "deepseek-v3",
    ]

    let h200 = HardwareCatalogue.named("h200-sxm")

    private func spec(_ name: String) throws -> ModelSpec { try #require(ModelPresets.named(name)).spec }

    private func estimate(_ spec: ModelSpec, _ configure: (inout InferenceOptions) -> Void = { _ in }) throws -> InferenceEstimate {
        var options = InferenceOptions(accelerator: try #require(h200))
        configure(&options)
        return try InferenceEstimator.estimate(spec, options)
    }

    /// With every prompt token's logits, the prefill's matrix FLOPs are `/v1/flops`'s forward at
    /// the same batch, length and mask, and its softmax and norms are `/v1/flops`'s elementwise
    /// ones; with the last token's only, the other logits are missing.
    @Test(arguments: presets, [false, true])
    func prefillIsTheForwardPass(_ name: String, causal: Bool) throws {
        let spec = try spec(name)
        let (batch, prompt) = (3, 777)
        let forward = try Flops.estimate(spec, FlopsOptions(batchSize: batch, sequenceLength: prompt, causal: causal)).forward
        let all = try estimate(spec) {
            $0.batchSize = batch
            $0.promptTokens = prompt
            $0.causal = causal
            $0.prefillLogits = .all
        }
        #expect(all.prefill.matrixFlops == forward.total)
        let normsAndSoftmax = all.prefill.operators.filter { ["norms", "outer_norms", "attention"].contains($0.name) }
            .reduce(0) { $0 + $1.vectorFlops }
        #expect(normsAndSoftmax == forward.elementwise.total)
        let last = try estimate(spec) {
            $0.batchSize = batch
            $0.promptTokens = prompt
            $0.causal = causal
        }
        #expect(last.prefill.matrixFlops == forward.total - forward.logits / Double(prompt) * Double(prompt - 1))
    }

    /// A decode step after `p` tokens is, per sequence, `/v1/flops`'s FLOPs per generated token
    /// with a KV cache after a prefix of `p`.
    @Test(arguments: presets)
    func decodeStepIsOneGeneratedToken(_ name: String) throws {
        let spec = try spec(name)
        let generation = try Flops.estimate(spec, FlopsOptions(sequenceLength: 5000)).generation
        let result = try estimate(spec) {
            $0.batchSize = 4
            $0.promptTokens = 5000
        }
        #expect(result.decode.prefix == 5000)
        #expect(result.decode.matrixFlops / 4 == generation.withKVCache)
    }

    /// The cache the decode step reads is `/v1/kv-cache`'s at `prefix + 1` tokens (the new token
    /// attends to itself), and the memory's cache is its size at the full length.
    @Test(arguments: ["llama-3-8b", "mistral-7b", "gemma-2-9b", "deepseek-v3"])
    func cacheTrafficIsTheCacheSize(_ name: String) throws {
        let spec = try spec(name)
        let result = try estimate(spec) {
            $0.batchSize = 2
            $0.promptTokens = 6000
            $0.generatedTokens = 100
        }
        let read = result.decode.operators.filter { $0.name == "kv_cache.read" }.reduce(0) { $0 + $1.bytesRead }
        let atPrefix = try KVCache.estimate(spec, KVCacheOptions(batchSize: 2, sequenceLength: 6001))
        #expect(read == Double(atPrefix.bytes))
        let atEnd = try KVCache.estimate(spec, KVCacheOptions(batchSize: 2, sequenceLength: 6100))
        #expect(result.memory.kvCacheBytes == atEnd.bytes)
    }

    /// Residual additions are seed 003's element-wise sum of two `tokens × d` tensors, twice a layer.
    @Test func residualAdditionsAreTheSeedSum() throws {
        let spec = try spec("llama-3-8b")
        let result = try estimate(spec) { $0.promptTokens = 100 }
        let row = try #require(result.prefill.operators.first { $0.name == "residual_add" })
        let sum = ElementwiseSum(elements: 100 * 4096, bytesPerValue: 2)
        #expect(row.vectorFlops == 2 * 32 * sum.flops)
        #expect(row.bytes == 2 * 32 * sum.bytes)
        #expect(row.kernels == 64)
    }

    /// Weights: every parameter in the weight type on one GPU (`/v1/kv-cache`'s fit counts them
    /// alike); int4 adds an fp16 scale per 128 values.
    @Test func weightBytes() throws {
        let spec = try spec("llama-3-8b")
        let parameters = 8_030_261_248
        #expect(try estimate(spec).memory.weightBytes == 2 * parameters)
        let int4 = try estimate(spec) { $0.types.weights = .int4 }
        #expect(int4.memory.weightBytes == parameters / 2 + 2 * ((parameters + 127) / 128))
        // Decode reads every matrix once per step: the parameters less the embedding table (one row
        // a token), in bf16.
        let read = try estimate(spec).decode.operators.reduce(0) { $0 + ($1.kind == .matmul ? $1.bytesRead : 0) }
        #expect(read > Double(2 * (parameters - 128_256 * 4096)))
    }

    /// Tensor parallelism splits the matrices, heads and cache; norms and residuals stay whole; two
    /// all-reduces a layer, one for the embedding, one all-gather of the logits.
    @Test func tensorParallelism() throws {
        let spec = try spec("llama-3-70b")
        let one = try estimate(spec) { $0.promptTokens = 512 }
        let eight = try estimate(spec) {
            $0.promptTokens = 512
            $0.tensorParallel = 8
        }
        func row(_ result: InferenceEstimate, _ name: String) throws -> InferenceOperator {
            try #require(result.prefill.operators.first { $0.name == name })
        }
        #expect(try row(eight, "attention.qkv").matrixFlops == row(one, "attention.qkv").matrixFlops / 8)
        #expect(try row(eight, "attention").matrixFlops == row(one, "attention").matrixFlops / 8)
        #expect(try row(eight, "norms").bytes == row(one, "norms").bytes)
        #expect(eight.memory.kvCacheBytes * 8 == one.memory.kvCacheBytes)
        let collectives = try #require(eight.prefill.collectives)
        #expect(collectives.count == 2 * 80 + 2)
        let message = 512.0 * 8192 * 2
        #expect(collectives.linkBytes == 161 * 2 * (7.0 / 8) * message + 7.0 / 8 * 128_256 * 2)
        #expect(collectives.seconds == collectives.linkBytes / 450e9)
        #expect(one.prefill.collectives == nil)
    }

    /// A mixture of experts reads the experts the batch is expected to touch: `K` for one token,
    /// `E·(1 − (1 − K/E)^B)` for `B`, never more than all `E`.
    @Test func expertsReadGrowWithTheBatch() throws {
        let operators = StepOperators(
            try spec("deepseek-v3"), types: InferenceDataTypes(weights: .fp8), tensor: 1, flashAttention: true,
            causal: true)
        func expertWeights(batch: Double) -> Double {
            operators.operators(.decode(batch: batch, prefix: 100)).filter { $0.name.hasPrefix("experts.") }
                .reduce(0) { $0 + $1.weightBytes }
        }
        let perExpert = 58.0 * 3 * 7168 * 2048  // 58 MoE layers, gate, up and down, fp8: a byte a weight
        #expect(operators.routedBytesPerExpert == perExpert)
        #expect(ExpertRouting.expectedExpertsTouched(experts: 256, perToken: 8, tokens: 1) == 8)
        #expect(expertWeights(batch: 1) == 8 * perExpert)
        let touched = 256 * (1 - pow(248.0 / 256, 64.0))
        #expect(abs(expertWeights(batch: 64) / (touched * perExpert) - 1) < 1e-12)
        #expect(expertWeights(batch: 100_000) <= 256 * perExpert)
    }

    /// FlashAttention keeps the scores on chip in one kernel; without it three kernels write and
    /// read `b·a·s²` scores (the full square: an eager kernel computes the masked ones too).
    @Test func eagerAttentionMaterialisesTheScores() throws {
        let spec = try spec("llama-3-8b")
        let eager = try estimate(spec) {
            $0.flashAttention = false
            $0.causal = false
            $0.promptTokens = 1000
        }
        #expect(!eager.options.causal)
        let names = eager.prefill.operators.map(\.name)
        #expect(names.contains("attention.scores") && names.contains("attention.softmax") && !names.contains("attention"))
        let softmax = try #require(eager.prefill.operators.first { $0.name == "attention.softmax" })
        #expect(softmax.bytesWritten == 32 * 32 * 1000 * 1000 * 2)
        #expect(InferenceOptions(accelerator: try #require(h200), flashAttention: false).causal == false)
        #expect(InferenceOptions(accelerator: try #require(h200)).causal)
    }
}
