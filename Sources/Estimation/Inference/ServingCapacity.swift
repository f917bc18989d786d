/// What fits in one GPU's memory for serving, under the two engines' rules for the cache's share
/// (docs/inference.md, "What fits"):
/// - vLLM (`gpu_memory_utilization`, default 0.9): the engine may use that fraction of the whole
///   memory; the cache gets it less the weights and the profiled activations;
/// - TensorRT-LLM (`free_gpu_memory_fraction`, default 0.9): the cache gets that fraction of what
///   is free once the weights and activations are in place.
/// Both profile a prefill that computes only the sampled positions' logits (`prefill_logits: last`).
enum ServingCapacityRule {
    static func capacities(
        memory: InferenceMemory, activationBytes: Int, options: InferenceOptions
    ) -> [InferenceEstimate.ServingCapacity] {
        let total = options.accelerator.memoryBytes
        let held = (CheckedInt(memory.weightBytes) + CheckedInt(activationBytes)).value ?? Int.max
        let vllm = Int((Double(total) * options.serving.gpuMemoryUtilization).rounded(.down)) - held
        let free = Swift.max(0, total - held)
        let tensorRT = Int((Double(free) * options.serving.freeGPUMemoryFraction).rounded(.down))
        return [
            capacity("vllm", options.serving.gpuMemoryUtilization, budget: vllm, memory: memory, options: options),
            capacity(
                "tensorrt-llm", options.serving.freeGPUMemoryFraction, budget: tensorRT, memory: memory, options: options),
        ]
    }

    /// The largest context the search considers: the longest sequence any estimate accepts.
    static let longestContext = OptionLimits.sequenceLength.upperBound

    private static func capacity(
        _ engine: String, _ fraction: Double, budget: Int, memory: InferenceMemory, options: InferenceOptions
    ) -> InferenceEstimate.ServingCapacity {
        let budget = Swift.max(0, budget)
        let context = options.promptTokens + options.generatedTokens
        let perSequence = memory.kvCacheBytes(batch: 1, tokens: context).value
        let sequences = perSequence.map { $0 > 0 ? budget / $0 : 0 } ?? 0
        func fits(_ tokens: Int) -> Bool {
            memory.kvCacheBytes(batch: options.batchSize, tokens: tokens).value.map { $0 <= budget } ?? false
        }
        // The cache grows with the context (or stops, past every sliding window).
        let longest = Bisection.largest(in: 1...longestContext, fits) ?? 0
        return InferenceEstimate.ServingCapacity(
            engine: engine, fraction: fraction, kvCacheBudgetBytes: budget, contextTokens: context,
            maxSequences: sequences, batch: options.batchSize, longestContextTokens: longest,
            longestContextCapped: longest == longestContext)
    }
}
