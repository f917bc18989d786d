import ArgumentParser
import Estimation

/// What `/v1/inference` reads beside the model, the batch, the hardware and the shared flags
/// [prompt_tokens, generated_tokens, activation_dtype, kv_cache_dtype, prefill_logits,
/// tensor_parallel.degree, batch_sweep.max_batch]. `--kv-dtype` and `--tensor-parallel` keep the
/// spelling they have on the other commands: the concept is the same, the route names the field
/// its own way.
struct InferenceFlags: RequestFlags {
    @Option(help: "Tokens of each prompt [prompt_tokens]; default \(InferenceOptions.defaultPromptTokens).") var promptTokens: JSONNumber?
    @Option(help: "Tokens generated per sequence, the first by the prefill [generated_tokens]; default \(InferenceOptions.defaultGeneratedTokens).")
    var generatedTokens: JSONNumber?
    @Option(help: "Data type of the activations, whose peak the matrix multiplications run at [activation_dtype]: \(DataType.allCases.filter { $0 != .int4 }.map(\.rawValue).joined(separator: ", ")); default \(InferenceDataTypes().activations.rawValue).")
    var activationDtype: String?
    @Option(help: "KV cache data type [kv_cache_dtype]: \(choices(DataType.self)); default \(InferenceDataTypes().kvCache.rawValue).")
    var kvDtype: String?
    @Option(help: "Which prefill tokens get logits [prefill_logits]: all (a plain forward's) or last (what serving engines compute); default \(PrefillLogits.all.rawValue).")
    var prefillLogits: String?
    @Option(help: "GPUs one replica is split over, its all-reduces on the hardware's interconnect [tensor_parallel.degree]; default 1.")
    var tensorParallel: JSONNumber?
    @Option(help: "The decode sweep's largest batch, from 1 doubling [batch_sweep.max_batch]; default \(InferenceOptions.defaultSweepMaxBatch).")
    var sweepMaxBatch: JSONNumber?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [
            RequestField("--prompt-tokens", "prompt_tokens", promptTokens),
            RequestField("--generated-tokens", "generated_tokens", generatedTokens),
            RequestField("--activation-dtype", "activation_dtype", string: activationDtype),
            RequestField("--kv-dtype", "kv_cache_dtype", string: kvDtype),
            RequestField("--prefill-logits", "prefill_logits", string: prefillLogits),
            RequestField("--tensor-parallel", "tensor_parallel.degree", tensorParallel),
            RequestField("--sweep-max-batch", "batch_sweep.max_batch", sweepMaxBatch),
        ]
    }
}

/// [efficiency.*]: how far below the roofs kernels run, which turns ideal times into expected ones.
struct EfficiencyFlags: RequestFlags {
    @Option(help: "Fraction of the compute peak a kernel reaches, in (0, 1] [efficiency.compute]; default \(Efficiency.calibrated.compute).")
    var computeEfficiency: JSONNumber?
    @Option(help: "Fraction of the memory bandwidth a kernel reaches, in (0, 1] [efficiency.bandwidth]; default \(Efficiency.calibrated.bandwidth).")
    var bandwidthEfficiency: JSONNumber?
    @Option(help: "Seconds every kernel costs besides its work [efficiency.kernel_overhead_seconds]; default \(Efficiency.calibrated.kernelOverheadSeconds).")
    var kernelOverhead: JSONNumber?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [
            RequestField("--compute-efficiency", "efficiency.compute", computeEfficiency),
            RequestField("--bandwidth-efficiency", "efficiency.bandwidth", bandwidthEfficiency),
            RequestField("--kernel-overhead", "efficiency.kernel_overhead_seconds", kernelOverhead),
        ]
    }
}

/// [serving.*]: the two engines' rules for the memory the KV cache may take, under their own names.
struct ServingFlags: RequestFlags {
    @Option(help: "vLLM's share of the whole GPU memory, in (0, 1] [serving.gpu_memory_utilization]; default \(ServingBudgets().gpuMemoryUtilization).")
    var gpuMemoryUtilization: JSONNumber?
    @Option(help: "TensorRT-LLM's share of the memory the weights leave free, in (0, 1] [serving.free_gpu_memory_fraction]; default \(ServingBudgets().freeGPUMemoryFraction).")
    var freeGpuMemoryFraction: JSONNumber?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [
            RequestField("--gpu-memory-utilization", "serving.gpu_memory_utilization", gpuMemoryUtilization),
            RequestField("--free-gpu-memory-fraction", "serving.free_gpu_memory_fraction", freeGpuMemoryFraction),
        ]
    }
}

/// [training.*]: the training run whose fit `/v1/inference` adds (the largest micro-batch, the
/// fewest GPUs per ZeRO stage). Any of them adds the section, as `--tokens` adds training time to
/// `estimate`; their defaults are the section's, not training memory's.
struct TrainingFitFlags: RequestFlags {
    @Option(help: "Adds the training fit: tokens per training sequence [training.sequence_length]; default \(TrainingFitOptions().sequenceLength).")
    var trainingSequenceLength: JSONNumber?
    @Option(help: "Adds the training fit: the micro-batch per GPU its fewest-GPUs search keeps [training.batch_size]; default \(TrainingFitOptions().batchSize).")
    var trainingBatchSize: JSONNumber?
    @Option(help: "Adds the training fit: its optimizer scheme [training.optimizer]: \(choices(OptimizerScheme.self)); default \(TrainingFitOptions().optimizer.rawValue).")
    var trainingOptimizer: String?
    @Option(help: "Adds the training fit: its activation recomputation [training.activation_recompute]: \(choices(ActivationRecompute.self)); default \(TrainingFitOptions().recompute.rawValue).")
    var trainingRecompute: String?
    @Flag(inversion: .prefixedNo, help: "Adds the training fit: its kernels store no s×s scores [training.flash_attention]; default \(TrainingFitOptions().flashAttention ? "on" : "off").")
    var trainingFlashAttention: Bool?
    @Flag(inversion: .prefixedNo, help: "Adds the training fit: dropout masks in its activations [training.dropout]; default \(TrainingFitOptions().dropout ? "on" : "off").")
    var trainingDropout: Bool?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [
            RequestField("--training-sequence-length", "training.sequence_length", trainingSequenceLength),
            RequestField("--training-batch-size", "training.batch_size", trainingBatchSize),
            RequestField("--training-optimizer", "training.optimizer", string: trainingOptimizer),
            RequestField("--training-recompute", "training.activation_recompute", string: trainingRecompute),
            RequestField("--training-flash-attention", "training.flash_attention", bool: trainingFlashAttention),
            RequestField("--training-dropout", "training.dropout", bool: trainingDropout),
        ]
    }
}
