import Testing
@testable import Estimation

/// Every model preset through every estimate, with options that exercise pipeline and tensor
/// placement, ZeRO, FlashAttention, latent attention and experts: the parts always add up.
@Suite("Estimates across presets")
struct EstimatesAcrossPresetsTests {
    /// `/v1/estimate` counts a spec once and shares it: every estimate from the count must equal the
    /// one that validates and counts for itself.
    @Test(arguments: ModelPresets.all.map(\.name))
    func countedSpecGivesTheSameEstimates(_ name: String) throws {
        let spec = try #require(ModelPresets.named(name)).spec
        let counted = try CountedSpec(spec)
        #expect(counted.parameters == (try ParameterCounter.count(spec)))
        let memory = TrainingMemoryOptions(
            batchSize: 2, sequenceLength: 1024, parallelism: Parallelism(data: 8, pipeline: Swift.min(4, spec.layers)))
        #expect(try TrainingMemory.estimate(counted, memory) == TrainingMemory.estimate(spec, memory))
        let flops = FlopsOptions(batchSize: 2, sequenceLength: 1024)
        #expect(try Flops.estimate(counted, flops) == Flops.estimate(spec, flops))
        let h100 = try #require(HardwareCatalogue.named("h100-sxm"))
        let cache = KVCacheOptions(batchSize: 3, sequenceLength: 1000, accelerator: h100)
        #expect(try KVCache.estimate(counted, cache) == KVCache.estimate(spec, cache))
        let time = TrainingTimeOptions(tokens: 1_000_000_000, sequenceLength: 1024, accelerator: h100, gpus: 8)
        #expect(try TrainingTime.estimate(counted, time) == TrainingTime.estimate(spec, time))
    }

    @Test(arguments: ModelPresets.all.map(\.name))
    func partsAddUp(_ name: String) throws {
        let spec = try #require(ModelPresets.named(name)).spec
        let pipeline = Swift.min(4, spec.layers)
        let memory = try TrainingMemory.estimate(
            spec,
            TrainingMemoryOptions(
                batchSize: 2, sequenceLength: 1024, flashAttention: true,
                parallelism: Parallelism(data: 8, pipeline: pipeline, zeroStage: 1, microBatches: 8)))
        let p = memory.perGPU
        #expect(p.total == p.weights + p.gradients + p.masterWeights + p.optimizerStates + p.activations + p.logits
            + p.embeddingDropout)
        #expect(memory.pipelineStage >= 0 && memory.pipelineStage < pipeline)
        #expect(memory.inFlightMicroBatches == pipeline - memory.pipelineStage)
        #expect(memory.parametersPerGPU.slice < memory.parameters || pipeline == 1)

        let flops = try Flops.estimate(spec, FlopsOptions(batchSize: 2, sequenceLength: 1024))
        let f = flops.forward
        #expect(f.total == f.attentionProjections + f.attentionScores + f.attentionValues + f.attentionOutput
            + f.recurrentProjections + f.recurrentMixing + f.mlp + f.experts + f.router + f.embeddingProjection
            + f.logits)
        #expect((spec.moe == nil) == (f.experts == 0))
        #expect(flops.generation.savedByKVCache > 0)

        let h100 = try #require(HardwareCatalogue.named("h100-sxm"))
        let cache = try KVCache.estimate(
            spec, KVCacheOptions(batchSize: 3, sequenceLength: 1000, accelerator: h100))
        #expect(cache.bytes == 3 * cache.bytesPerSequence)
        #expect(cache.bytesPerSequence - cache.stateBytesPerSequence <= 1000 * cache.bytesPerToken)
        #expect((cache.stateBytes > 0) == spec.layout.contains { $0.recurrent != nil })

        let time = try TrainingTime.estimate(
            spec, TrainingTimeOptions(tokens: 1_000_000_000, sequenceLength: 1024, accelerator: h100, gpus: 8))
        #expect(time.flops == flops.trainingStep / 2 / 1024 * 1_000_000_000)
    }
}
