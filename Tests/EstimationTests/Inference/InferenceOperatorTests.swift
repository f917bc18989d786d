import Foundation
import Testing
@testable import Estimation

/// The operator tables against the transformer's own FLOPs count (`/v1/flops`) and cache size
/// (`/v1/kv-cache`), for every preset in the catalogue (hybrids, windows, chunks, experts, MXFP4
/// included): one source of truth, so they must agree exactly.
@Suite("Inference operators")
struct InferenceOperatorTests {
    static let presets = ModelPresets.all.map(\.name)

    let h200 = HardwareCatalogue.named("h200-sxm")

    private func spec(_ name: String) throws -> ModelSpec { try #require(ModelPresets.named(name)).spec }

    private func estimate(_ spec: ModelSpec, _ configure: (inout InferenceOptions) -> Void = { _ in }) throws -> InferenceEstimate {
        var options = InferenceOptions(accelerator: try #require(h200))
        options.sweepMaxBatch = 1
        configure(&options)
        return try InferenceEstimator.estimate(spec, options)
    }

    /// The FLOPs `/v1/flops` counts as multiply-accumulates: the matrix units' work, and the
    /// recurrent mixers' convolutions and decode-time state updates, which run on the vector units.
    private func multiplyAccumulateFlops(_ phase: InferenceEstimate.Phase) -> Double {
        phase.matrixFlops + phase.operators.filter { $0.kind == .recurrent }.reduce(0) { $0 + $1.vectorFlops }
    }

    /// By default (every prompt token's logits), the prefill's FLOPs are `/v1/flops`'s forward at
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
        }
        #expect(all.options.prefillLogits == .all)
        #expect(multiplyAccumulateFlops(all.prefill) == forward.total)
        let normsAndSoftmax = all.prefill.operators.filter { ["norms", "outer_norms", "attention"].contains($0.name) }
            .reduce(0) { $0 + $1.vectorFlops }
        #expect(normsAndSoftmax == forward.elementwise.total)
        let last = try estimate(spec) {
            $0.batchSize = batch
            $0.promptTokens = prompt
            $0.causal = causal
            $0.prefillLogits = .last
        }
        #expect(multiplyAccumulateFlops(last.prefill) == forward.total - forward.logits / Double(prompt) * Double(prompt - 1))
    }

    /// A decode step after `p` tokens is, per sequence, `/v1/flops`'s FLOPs per generated token
    /// with a KV cache after a prefix of `p`: before and past every window and chunk boundary.
    @Test(arguments: presets, [5000, 9000])
    func decodeStepIsOneGeneratedToken(_ name: String, prefix: Int) throws {
        let spec = try spec(name)
        let generation = try Flops.estimate(spec, FlopsOptions(sequenceLength: prefix)).generation
        let result = try estimate(spec) {
            $0.batchSize = 4
            $0.promptTokens = prefix
        }
        #expect(result.decode.prefix == prefix)
        #expect(multiplyAccumulateFlops(result.decode) / 4 == generation.withKVCache)
    }

    /// The cache a decode step reads is `/v1/kv-cache`'s at `prefix + 1` tokens (the new token
    /// attends to itself; a recurrent layer reads its whole state), what it writes is one token's
    /// keys and values and the state again, and the memory's cache is its size at the full length.
    @Test(arguments: presets)
    func cacheTrafficIsTheCacheSize(_ name: String) throws {
        let spec = try spec(name)
        let operators = StepOperators(spec, types: InferenceDataTypes(), tensor: 1, flashAttention: true, causal: true)
        let step = operators.operators(operators.decode(batch: 2, prefix: 6000))
        let atPrefix = try KVCache.estimate(spec, KVCacheOptions(batchSize: 2, sequenceLength: 6001))
        #expect(step.reduce(0) { $0 + $1.cacheBytes } == Double(atPrefix.bytes))
        #expect(step.reduce(0) { $0 + $1.cacheBytesWritten } == Double(atPrefix.stateBytes + 2 * atPrefix.bytesPerToken))
        let result = try estimate(spec) {
            $0.batchSize = 2
            $0.promptTokens = 6000
            $0.generatedTokens = 100
        }
        let atEnd = try KVCache.estimate(spec, KVCacheOptions(batchSize: 2, sequenceLength: 6100))
        #expect(result.memory.kvCacheBytes == atEnd.bytes)
    }

    /// The weights one GPU holds are `/v1/kv-cache`'s weights: every parameter in the weight type,
    /// MXFP4 experts at their own 4.25 bits.
    @Test(arguments: presets)
    func weightsAreTheStoredBytes(_ name: String) throws {
        let spec = try spec(name)
        let fit = try #require(try KVCache.estimate(spec, KVCacheOptions(accelerator: try #require(h200))).fit)
        #expect(try estimate(spec).memory.weightBytes == fit.weightBytes)
    }

    /// The layer groups are the layout's kinds, and every operator row of a group adds up its layers.
    @Test(arguments: presets)
    func groupsFollowTheLayout(_ name: String) throws {
        let spec = try spec(name)
        let result = try estimate(spec) { $0.promptTokens = 64 }
        #expect(result.layerGroups.reduce(0) { $0 + $1.layers } == spec.layers)
        for group in result.layerGroups {
            let layers = spec.layout.count {
                $0.attention == group.attention && $0.recurrent == group.recurrent && $0.mlp == group.mlp
            }
            #expect(layers == group.layers)
        }
        for phase in [result.prefill, result.decode] {
            for row in phase.operators {
                #expect(row.bytes > 0, "\(row.name)")
                guard let index = row.group else { continue }
                let group = result.layerGroups[index]
                #expect(row.layers == group.layers)
                // A group's rows are the blocks it has.
                let block = row.name.prefix { $0 != "." }
                switch block {
                case "attention", "kv_cache": #expect(group.attention != nil, "\(row.name)")
                case "linear_attention", "mamba2", "short_conv": #expect(group.recurrent?.rawValue == String(block))
                case "mlp": #expect(group.mlp == .dense)
                case "moe", "experts", "shared_experts": #expect(group.mlp == .moe)
                default: #expect(["norms", "residual_add"].contains(row.name))
                }
            }
            for (index, group) in result.layerGroups.enumerated() {
                let names = phase.operators.filter { $0.group == index }.map(\.name)
                #expect(names.contains("attention.qkv") == (group.attention != nil))
                #expect(names.contains { $0.hasSuffix(".out_proj") } == (group.recurrent != nil))
                #expect(names.contains { $0.hasSuffix(".down") } == (group.mlp != nil))
            }
        }
    }

    /// A hybrid: qwen3-next's gated DeltaNet layers read and write their fp32 state in a decode
    /// step instead of keys and values (6·dk·dv FLOPs per value head to update and read it out),
    /// and its full-attention layers read their keys and values; every layer has the experts.
    @Test func linearAttentionReadsItsState() throws {
        let result = try estimate(try spec("qwen3-next-80b-a3b")) { $0.promptTokens = 4096 }
        #expect(result.layerGroups == [
            .init(layers: 36, attention: nil, recurrent: .linearAttention, mlp: .moe),
            .init(layers: 12, attention: .full, recurrent: nil, mlp: .moe),
        ])
        let state = try #require(result.decode.operators.first { $0.name == "linear_attention.state" })
        let perLayer = 32.0 * 128 * 128  // value heads · dk · dv
        #expect(state.layers == 36 && state.kind == .recurrent)
        #expect(state.vectorFlops == 36 * 6 * perLayer)
        // The fp32 state both ways, beside the queries, keys, values and gates it reads.
        #expect(state.bytesWritten == 36 * (4 * perLayer + 32 * 128 * 2))
        let conv = try #require(result.decode.operators.first { $0.name == "linear_attention.conv" })
        let channels: Double = 2 * 16 * 128 + 32 * 128  // q, k, v
        #expect(conv.vectorFlops == 36 * 2 * channels * 4)
        let read = try #require(result.decode.operators.first { $0.name == "kv_cache.read" })
        let keysAndValues: Double = 12 * 4097 * 2 * 2 * 256 * 2  // layers, keys, k and v, KV heads, hd, bf16
        #expect(read.group == 1 && read.bytesRead == keysAndValues)
        #expect(!result.prefill.operators.contains { $0.name == "linear_attention.state" })
        let scan = try #require(result.prefill.operators.first { $0.name == "linear_attention.scan" })
        #expect(scan.matrixFlops > 0 && scan.vectorFlops == 0)
    }

    /// Mamba-2 layers without an MLP, MLP-only layers and attention-only layers (nemotron_h): each
    /// group runs only its blocks, one residual addition and one all-reduce for each.
    @Test func blocksAbsentFromALayerCostNothing() throws {
        let spec = try spec("nemotron-nano-9b-v2")
        let result = try estimate(spec) { $0.promptTokens = 512 }
        let groups = result.layerGroups
        #expect(Set(groups.map { [$0.attention != nil, $0.recurrent != nil, $0.mlp != nil] })
            == [[false, true, false], [false, false, true], [true, false, false]])
        for (index, group) in groups.enumerated() {
            let residual = try #require(result.prefill.operators.first { $0.group == index && $0.name == "residual_add" })
            #expect(residual.kernels == Double(group.layers))
        }
        let view = InferenceLayerView(spec)
        #expect(view.allReduces == spec.layers + 1)
    }

    /// gpt-oss keeps its routed experts in MXFP4 whatever the weight type: a step reads 17 bytes
    /// per 32 values of the experts it touches (gate and up rows along `d`, down rows along `fe`).
    @Test(arguments: [DataType.bf16, .fp8])
    func mxfp4ExpertsAreReadAtTheirStoredBytes(_ weights: DataType) throws {
        let operators = StepOperators(
            try spec("gpt-oss-20b"), types: InferenceDataTypes(weights: weights), tensor: 1, flashAttention: true,
            causal: true)
        let perExpert = 17.0 * (2 * 2880 * 90 + 2880 * 90)  // d = fe = 2880: 90 blocks a row
        #expect(operators.routedBytesPerExpert == 24 * perExpert)
        let experts = operators.operators(operators.decode(batch: 1, prefix: 100))
            .filter { $0.name.hasPrefix("experts.") }.reduce(0) { $0 + $1.weightBytes }
        #expect(experts == 24 * 4 * perExpert)
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
        // Every prompt token's logits are gathered (`prefill_logits` is `all` by default).
        #expect(collectives.linkBytes == 161 * 2 * (7.0 / 8) * message + 7.0 / 8 * 512 * 128_256 * 2)
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
            operators.operators(operators.decode(batch: batch, prefix: 100)).filter { $0.name.hasPrefix("experts.") }
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
