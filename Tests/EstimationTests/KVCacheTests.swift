import Testing
import TransformersReference
@testable import Estimation

@Suite("KV cache")
struct KVCacheTests {
    /// llama-2-7b per token: 2·32·32·128·2 = 524 288 B; dtypes scale it, int4 halves bf16's twice.
    @Test(arguments: [(DataType.fp32, 1_048_576), (.bf16, 524_288), (.fp16, 524_288), (.fp8, 262_144), (.int8, 262_144), (.int4, 131_072)])
    func dtypes(dtype: DataType, perToken: Int) throws {
        let spec = try ReferenceCase.spec("llama-2-7b")
        let e = try KVCache.estimate(spec, KVCacheOptions(batchSize: 3, sequenceLength: 1000, dtype: dtype))
        #expect(e.bytesPerToken == perToken)
        #expect(e.bytesPerSequence == 1000 * perToken)
        #expect(e.bytes == 3 * 1000 * perToken)
    }

    /// Mistral's window of 4096 at s = 8192: every layer keeps 4096 tokens. With a global layer every
    /// second layer, half keep 8192.
    @Test func slidingWindow() throws {
        var spec = try ReferenceCase.spec("mistral-7b")
        let perTokenPerLayer = 2 * 8 * 128 * 2
        let sliding = try KVCache.estimate(spec, KVCacheOptions(sequenceLength: 8192))
        #expect(sliding.bytes == 32 * 4096 * perTokenPerLayer)
        #expect(sliding.bytesPerToken == 32 * perTokenPerLayer)
        spec.layout = LayerLayout(Array(repeating: [LayerKind(attention: .sliding), LayerKind(attention: .full)], count: 16).flatMap { $0 })
        let mixed = try KVCache.estimate(spec, KVCacheOptions(sequenceLength: 8192))
        #expect(mixed.bytes == 16 * 4096 * perTokenPerLayer + 16 * 8192 * perTokenPerLayer)
    }

    /// Latent attention caches kv_lora_rank + qk_rope_head_dim values once per token per layer:
    /// deepseek-v3 shapes, 61 layers · 576 values · 2 B = 70 272 B per token. An odd value count in
    /// int4 rounds up once: 1 layer · 3 tokens · (4 + 1) values = 15 values → 8 bytes.
    @Test func latentAttention() throws {
        let spec = ModelSpec(
            layers: 61, hiddenSize: 7168, attentionHeads: 128, vocabSize: 129_280,
            latentAttention: .init(qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128))
        let e = try KVCache.estimate(spec, KVCacheOptions(batchSize: 2, sequenceLength: 100))
        #expect(e.bytesPerToken == 70_272)
        #expect(e.bytes == 2 * 100 * 70_272)
        let odd = ModelSpec(
            layers: 1, hiddenSize: 8, attentionHeads: 2, vocabSize: 10,
            latentAttention: .init(qLoraRank: 0, kvLoraRank: 4, qkNopeHeadDim: 2, qkRopeHeadDim: 1, vHeadDim: 2))
        #expect(try KVCache.estimate(odd, KVCacheOptions(sequenceLength: 3, dtype: .int4)).bytes == 8)
    }

    /// llama-3-8b on an H100 (81 559 MiB = 85 520 809 984 B) with bf16 weights (2·8 030 261 248 =
    /// 16 060 522 496 B) and 10 % headroom (⌈8 552 080 998.4⌉ B): 76 968 728 985 − 16 060 522 496 =
    /// 60 908 206 489 B for the cache; 131 072 B per token (2·32·8·128·2): 464 692 tokens; at
    /// s = 8192 (1 073 741 824 B each): 56 sequences.
    @Test func fitBesideWeights() throws {
        let spec = try ReferenceCase.spec("llama-3-8b")
        let h100 = try #require(HardwareCatalogue.named("h100-sxm"))
        let e = try KVCache.estimate(
            spec, KVCacheOptions(batchSize: 64, sequenceLength: 8192, accelerator: h100, headroom: 0.1))
        let fit = try #require(e.fit)
        #expect(fit.usableBytes == 76_968_728_985)
        #expect(fit.weightBytes == 16_060_522_496)
        #expect(fit.availableBytes == 60_908_206_489)
        #expect(fit.tokens == 464_692)
        #expect(fit.sequences == 56)
        #expect(!fit.requestFits)
        #expect(fit.shortBytes == 0)
        // Weights that do not fit at all.
        let l4 = try #require(HardwareCatalogue.named("l4"))
        let tooBig = try #require(try KVCache.estimate(spec, KVCacheOptions(accelerator: l4, weightDType: .fp32)).fit)
        #expect(tooBig.availableBytes == 0 && tooBig.tokens == 0)
        #expect(tooBig.shortBytes == 4 * 8_030_261_248 - 23_034 * (1 << 20))
    }

    /// Inside the spec's ranges (1000 layers of 1024 heads of width 2^16) at s = 2^24 one sequence
    /// is exact: 2·1000·2^10·2^16·2^24 values, 2 bytes each = 1000·2^52 bytes; four of them exceed
    /// 2^63 − 1 and are refused, naming batch_size.
    @Test func overflowIsAnError() throws {
        let spec = ModelSpec(layers: 1000, hiddenSize: 1024, attentionHeads: 1024, vocabSize: 10, headDim: 1 << 16)
        let one = try KVCache.estimate(spec, KVCacheOptions(batchSize: 1, sequenceLength: 1 << 24))
        #expect(one.bytes == 1000 << 52)
        do {
            _ = try KVCache.estimate(spec, KVCacheOptions(batchSize: 4, sequenceLength: 1 << 24))
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.field) == ["batch_size"])
        }
    }
}
