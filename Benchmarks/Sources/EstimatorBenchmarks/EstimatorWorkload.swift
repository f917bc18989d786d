import Estimation

/// The computation behind one `POST /v1/estimate` for requests/estimate-405b.json, called through
/// the Estimation library directly: every section the endpoint computes, with the same options.
struct EstimatorWorkload {
    let spec: ModelSpec
    let accelerator: Accelerator
    let memory: TrainingMemoryOptions
    let flops: FlopsOptions
    let kvCache: KVCacheOptions
    let trainingTime: TrainingTimeOptions
    /// `/v1/inference` on eight GPUs: prefill and decode tables, the exact decode sums, a batch
    /// sweep to 256, the crossover and both engines' capacities (no training fit).
    let inference: InferenceOptions

    /// Nil when the preset or the hardware is missing from the catalogues.
    init?(preset: String = "llama-3.1-405b", hardware: String = "h100-sxm") {
        guard let spec = ModelPresets.named(preset)?.spec, let accelerator = HardwareCatalogue.named(hardware) else {
            return nil
        }
        self.spec = spec
        self.accelerator = accelerator
        memory = TrainingMemoryOptions(
            batchSize: 1, sequenceLength: 8192, recompute: .selective, flashAttention: true,
            parallelism: Parallelism(data: 128, tensor: 8, pipeline: 16, sequenceParallel: true, zeroStage: 1))
        flops = FlopsOptions(batchSize: 1, sequenceLength: 8192, recompute: .selective)
        kvCache = KVCacheOptions(batchSize: 1, sequenceLength: 8192, accelerator: accelerator)
        trainingTime = TrainingTimeOptions(
            tokens: 15_600_000_000_000, sequenceLength: 8192, accelerator: accelerator, gpus: 16384,
            recompute: .selective)
        inference = InferenceOptions(
            accelerator: accelerator, batchSize: 8, promptTokens: 4096, generatedTokens: 1024, tensorParallel: 8,
            sweepMaxBatch: 256)
    }

    /// Every section, as `/v1/estimate` computes them. Returns a number drawn from each so that
    /// none can be optimised away.
    func everything() throws(EstimationError) -> Double {
        let parameters = try ParameterCounter.count(spec)
        let memoryEstimate = try TrainingMemory.estimate(spec, memory)
        let fit = try memoryEstimate.fit(on: accelerator)
        let flopsEstimate = try Flops.estimate(spec, flops)
        let kv = try KVCache.estimate(spec, kvCache)
        let time = try TrainingTime.estimate(spec, trainingTime)
        return Double(parameters.total) + Double(fit.requiredBytes) + flopsEstimate.trainingStep
            + Double(kv.bytes) + time.seconds
    }
}
