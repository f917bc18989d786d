/// Serving a model on one accelerator type (docs/inference.md): the prefill and a decode step
/// operator by operator, the latencies at the roofline's bound (`ideal`) and with the efficiency
/// (`expected`), memory, a decode batch sweep with the compute-bound crossover, and what fits.
/// Every figure is per GPU of a tensor-parallel replica.
public struct InferenceEstimate: Sendable {
    /// The layers of one kind, wherever they sit in the model.
    public struct LayerGroup: Hashable, Sendable {
        public var layers: Int
        /// Their attention's span; nil without attention.
        public var attention: LayerKind.Attention?
        /// Their recurrent mixer; nil without one.
        public var recurrent: LayerKind.Recurrent?
        /// Their MLP; nil without one.
        public var mlp: LayerKind.MLP?
    }

    /// A step's tensor-parallel all-reduces (and the logits' all-gather), ring algorithm.
    public struct Collectives: Hashable, Sendable {
        public var count: Int
        /// Bytes each GPU sends (and receives) over the link: `2(t−1)/t` of each all-reduce's
        /// message, `(t−1)/t` of the all-gather's.
        public var linkBytes: Double
        public var seconds: Double
        public var expectedSeconds: Double
    }

    /// One step's operators and totals.
    public struct Phase: Sendable {
        public var operators: [InferenceOperator]
        /// Tokens each sequence had cached before the step.
        public var prefix: Int
        public var matrixFlops: Double
        public var vectorFlops: Double
        public var bytesRead: Double
        public var bytesWritten: Double
        public var kernels: Double
        /// Nil without tensor parallelism.
        public var collectives: Collectives?
        /// The operators one after another at the roofs, plus the collectives.
        public var seconds: Double
        public var expectedSeconds: Double

        public var flops: Double { matrixFlops + vectorFlops }
    }

    /// One set of latencies: at the roofs, or expected.
    public struct Latency: Hashable, Sendable {
        /// The prefill, which also yields the first token.
        public var timeToFirstToken: Double
        /// The first decode step (after the prompt), the last (before the final token), and their
        /// mean over the generation; attention over the growing context makes them differ.
        public var timePerOutputTokenStart: Double
        public var timePerOutputTokenEnd: Double
        public var timePerOutputTokenMean: Double
        /// The prefill and every decode step.
        public var endToEnd: Double
        /// `generated / endToEnd` for one sequence, and times the batch.
        public var tokensPerSecondPerSequence: Double
        public var tokensPerSecondAggregate: Double
    }

    public struct Memory: Hashable, Sendable {
        /// Every parameter this GPU holds, in the weight type.
        public var weightBytes: Int
        /// The cache for the batch at `prompt + generated` tokens.
        public var kvCacheBytes: Int
        /// The largest set of intermediates a prefill keeps alive at once (docs/inference.md).
        public var activationBytes: Int
        public var fit: MemoryFit
    }

    public struct SweepPoint: Hashable, Sendable {
        public var batch: Int
        /// Mean decode step over the generation, at the roofs and expected.
        public var timePerOutputToken: Double
        public var expectedTimePerOutputToken: Double
        /// `batch / step`.
        public var tokensPerSecond: Double
        public var expectedTokensPerSecond: Double
        /// Which roof the step's work and traffic together meet first, over the generation.
        public var bound: RooflineBound
        /// Per step: the weights (the experts the batch touches, for a mixture of experts) and
        /// the cache (keys and values, recurrent state), averaged over the generation.
        public var weightBytesRead: Double
        public var kvCacheBytesRead: Double
        /// Whether weights, the cache at full length and the activations fit at this batch.
        public var fits: Bool
    }

    /// The decode batch at which a step turns compute-bound counting the cache's traffic:
    /// `B* = W·P / (F·H − K·P)`, none when `F·H ≤ K·P`.
    public struct Crossover: Hashable, Sendable {
        /// `W`: weights a step reads at batch 1 (a mixture of experts reads more as the batch grows).
        public var weightBytes: Double
        /// `K`: cache bytes one sequence reads and writes per step (keys and values; a recurrent
        /// layer's state both ways), at the generation's mean context.
        public var kvCacheBytesPerSequence: Double
        /// `F`: FLOPs per generated token, at the mean context.
        public var flopsPerToken: Double
        /// `P` and `H`: the roofs.
        public var peakFlopsPerSecond: Double
        public var bandwidthBytesPerSecond: Double
        /// At the roofs, and with the efficiency's fractions of them; nil when there is none.
        public var batch: Double?
        public var expectedBatch: Double?
    }

    /// What fits beside the weights under one engine's rule for the cache's memory.
    public struct ServingCapacity: Hashable, Sendable {
        /// `vllm` or `tensorrt-llm`.
        public var engine: String
        public var fraction: Double
        public var kvCacheBudgetBytes: Int
        /// Sequences of `contextTokens` (prompt + generated) whose caches fit.
        public var contextTokens: Int
        public var maxSequences: Int
        /// The longest context whose caches fit for `batch` sequences; `longestContextCapped` when
        /// even the search's bound (2^24 tokens) fits, as with sliding-window-only models.
        public var batch: Int
        public var longestContextTokens: Int
        public var longestContextCapped: Bool
    }

    public struct TrainingCapacity: Hashable, Sendable {
        public struct ZeroFit: Hashable, Sendable {
            public var zeroStage: Int
            /// Data-parallel replicas of `tensor_parallel.degree` GPUs each; nil when none fits.
            public var dataParallel: Int?
            public var gpus: Int?
        }

        public var sequenceLength: Int
        /// The largest micro-batch one replica fits, without ZeRO; 0 when not even 1 does.
        public var largestMicroBatch: Int
        /// For `training.batch_size`, the fewest GPUs under each ZeRO stage.
        public var fewestGPUs: [ZeroFit]
    }

    public var options: InferenceOptions
    public var precision: Precision
    /// The spec sheet's roofs at the activations' precision, and the vector units' peak (fp32)
    /// that element-wise work runs at.
    public var roofs: Roofs
    public var vectorPeakFlopsPerSecond: Double
    public var layerGroups: [LayerGroup]
    public var prefill: Phase
    /// The first decode step.
    public var decode: Phase
    public var ideal: Latency
    public var expected: Latency
    public var memory: Memory
    public var sweep: [SweepPoint]
    public var crossover: Crossover
    public var serving: [ServingCapacity]
    public var training: TrainingCapacity?
}
