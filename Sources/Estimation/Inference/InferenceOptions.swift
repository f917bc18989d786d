/// Which prefill tokens get logits: every one, as a plain forward pass (and `/v1/flops`) counts,
/// the default; or the last of each prompt, all a serving engine (vLLM, TensorRT-LLM) computes to
/// sample the first token.
public enum PrefillLogits: String, Hashable, Sendable, CaseIterable {
    case all
    case last
}

/// The two engines' rules for the memory the KV cache may take (docs/inference.md, "What fits").
public struct ServingBudgets: Hashable, Sendable {
    /// vLLM's `gpu_memory_utilization`: the fraction of the GPU's whole memory the engine may use,
    /// weights and activations included; the cache gets what remains. 0.9 by default, in (0, 1]
    /// [serving.gpu_memory_utilization].
    public var gpuMemoryUtilization: Double
    /// TensorRT-LLM's `KvCacheConfig.free_gpu_memory_fraction`: the fraction of the memory left
    /// free once the weights (and activations) are in place that goes to the cache. 0.9 by
    /// default, in (0, 1] [serving.free_gpu_memory_fraction].
    public var freeGPUMemoryFraction: Double

    public init(gpuMemoryUtilization: Double = 0.9, freeGPUMemoryFraction: Double = 0.9) {
        self.gpuMemoryUtilization = gpuMemoryUtilization
        self.freeGPUMemoryFraction = freeGPUMemoryFraction
    }
}

/// The training run whose fit `/v1/inference` also answers: the largest micro-batch per GPU and
/// the fewest GPUs under each ZeRO stage. API names in brackets, under `training`.
public struct TrainingFitOptions: Hashable, Sendable {
    /// [training.sequence_length]
    public var sequenceLength: Int
    /// The micro-batch per GPU the fewest-GPUs search keeps [training.batch_size].
    public var batchSize: Int
    /// [training.optimizer]
    public var optimizer: OptimizerScheme
    /// [training.activation_recompute]
    public var recompute: ActivationRecompute
    /// [training.flash_attention]
    public var flashAttention: Bool
    /// [training.dropout]
    public var dropout: Bool

    public init(
        sequenceLength: Int = 2048, batchSize: Int = 1, optimizer: OptimizerScheme = .adamw16,
        recompute: ActivationRecompute = .none, flashAttention: Bool = true, dropout: Bool = false
    ) {
        self.sequenceLength = sequenceLength
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.recompute = recompute
        self.flashAttention = flashAttention
        self.dropout = dropout
    }
}

/// What an inference estimate depends on besides the model. API names in brackets.
public struct InferenceOptions: Hashable, Sendable {
    /// Sequences served together, 1 to 2^20 [batch_size].
    public var batchSize: Int
    /// Tokens of each prompt, 1 to 2^24 [prompt_tokens].
    public var promptTokens: Int
    /// Tokens generated per sequence, the first by the prefill, 1 to 2^24 [generated_tokens].
    public var generatedTokens: Int
    /// [hardware]
    public var accelerator: Accelerator
    /// [weight_dtype], [activation_dtype], [kv_cache_dtype]
    public var types: InferenceDataTypes
    /// Fused attention kernels that keep the scores on chip [flash_attention].
    public var flashAttention: Bool
    /// A prefill computes only the (query, key) pairs a causal mask keeps, as FlashAttention
    /// does; otherwise the full `s×s`, as an eager kernel does. Defaults to `flashAttention` [causal].
    public var causal: Bool
    /// [prefill_logits]
    public var prefillLogits: PrefillLogits
    /// GPUs one replica is split over, 1 to 1,024; must divide the heads (attention's, the
    /// recurrent mixers', Mamba-2's groups unless there is one). Its all-reduces cross the
    /// hardware's interconnect [tensor_parallel.degree].
    public var tensorParallel: Int
    /// [efficiency]
    public var efficiency: Efficiency
    /// Fraction of memory set aside before `fits` is judged, 0 to 0.99 [headroom].
    public var headroom: Double
    /// The decode sweep covers batches 1, 2, 4, … up to this, 1 to 2^20 [batch_sweep.max_batch].
    public var sweepMaxBatch: Int
    /// [serving]
    public var serving: ServingBudgets
    /// [training]; nil leaves the training fit out.
    public var training: TrainingFitOptions?

    /// The defaults of the fields a request may leave out.
    public static let defaultBatchSize = 1
    public static let defaultPromptTokens = 1024
    public static let defaultGeneratedTokens = 256
    public static let defaultSweepMaxBatch = 256

    public init(
        accelerator: Accelerator, batchSize: Int = defaultBatchSize, promptTokens: Int = defaultPromptTokens,
        generatedTokens: Int = defaultGeneratedTokens, types: InferenceDataTypes = InferenceDataTypes(),
        flashAttention: Bool = true, causal: Bool? = nil, prefillLogits: PrefillLogits = .all,
        tensorParallel: Int = 1, efficiency: Efficiency = .calibrated,
        headroom: Double = 0, sweepMaxBatch: Int = defaultSweepMaxBatch, serving: ServingBudgets = ServingBudgets(),
        training: TrainingFitOptions? = nil
    ) {
        self.accelerator = accelerator
        self.batchSize = batchSize
        self.promptTokens = promptTokens
        self.generatedTokens = generatedTokens
        self.types = types
        self.flashAttention = flashAttention
        self.causal = causal ?? flashAttention
        self.prefillLogits = prefillLogits
        self.tensorParallel = tensorParallel
        self.efficiency = efficiency
        self.headroom = headroom
        self.sweepMaxBatch = sweepMaxBatch
        self.serving = serving
        self.training = training
    }

    static let tensorParallelDegrees = 1...1024

    /// Why `tensorParallel` ranks cannot split the heads of `spec`'s recurrent mixers (and
    /// Mamba-2's groups) evenly, or nil when they can.
    private func mixerHeadsIssue(_ spec: ModelSpec) -> String? {
        guard tensorParallel > 1 else { return nil }
        for mixer in LayerKind.Recurrent.allCases where spec.layout.contains(where: { $0.recurrent == mixer }) {
            for (name, count) in RecurrentMixerShape(spec, mixer).heads where count % tensorParallel != 0 {
                return "must divide \(name) (\(count)), so that every tensor-parallel rank holds whole heads, "
                    + "got \(tensorParallel)"
            }
        }
        return nil
    }
    static let fractions: ClosedRange<Double> = 0...1

    /// Every option issue at once; with a (valid) spec also the tensor degree against its heads.
    public func validate(for spec: ModelSpec?) throws(EstimationError) {
        var validation = FieldValidation()
        validation.require(batchSize, in: OptionLimits.batchSize, field: "batch_size")
        validation.require(promptTokens, in: OptionLimits.sequenceLength, field: "prompt_tokens")
        validation.require(generatedTokens, in: OptionLimits.sequenceLength, field: "generated_tokens")
        validation.require(sweepMaxBatch, in: OptionLimits.batchSize, field: "batch_sweep.max_batch")
        validation.require(headroom, in: OptionLimits.headroom, field: "headroom")
        validation.include { () throws(EstimationError) in try accelerator.validated() }
        validation.include { () throws(EstimationError) in try efficiency.validate() }
        validation.require(
            serving.gpuMemoryUtilization, in: Self.fractions, openLower: true, field: "serving.gpu_memory_utilization")
        validation.require(
            serving.freeGPUMemoryFraction, in: Self.fractions, openLower: true, field: "serving.free_gpu_memory_fraction")
        if let precision = types.precision {
            if accelerator.peak(precision) == nil {
                let known = Precision.allCases.filter { accelerator.peak($0) != nil }.map(\.rawValue)
                validation.fail(
                    "activation_dtype",
                    "\(accelerator.displayName) has no \(precision.rawValue) peak for the matrix multiplications; "
                        + "it has \(known.joined(separator: ", "))")
            }
        } else {
            validation.fail("activation_dtype", "must be fp32, bf16, fp16, fp8 or int8: int4 is a storage type for weights and caches")
        }
        if validation.require(tensorParallel, in: Self.tensorParallelDegrees, field: "tensor_parallel.degree"),
            let spec, let issue = Parallelism.headsIssue(spec, tensor: tensorParallel) ?? mixerHeadsIssue(spec)
        {
            validation.fail("tensor_parallel.degree", issue)
        }
        if tensorParallel > 1 && accelerator.interconnect == nil {
            validation.fail(
                "hardware.interconnect_bandwidth_bytes_per_second",
                "is required for tensor parallelism: \(accelerator.displayName) has no interconnect in the catalogue")
        }
        if let training {
            validation.require(training.sequenceLength, in: OptionLimits.sequenceLength, field: "training.sequence_length")
            validation.require(training.batchSize, in: OptionLimits.batchSize, field: "training.batch_size")
        }
        try validation.check()
    }
}
