import ArgumentParser
import Estimation

/// The transformer every model route estimates [model or hf_config]: a preset, a Hugging Face
/// config.json, or a native spec.
struct TransformerFlags: RequestFlags {
    @Argument(help: "A model preset, e.g. llama-3-8b (abacus models lists them).") var model: String?
    @Option(help: ArgumentHelp("A Hugging Face config.json to import [hf_config]; - reads standard input.", valueName: "path"))
    var hfConfig: String?
    @Option(help: ArgumentHelp("A native model spec (JSON), as GET /v1/models shows them [model]; - reads standard input.", valueName: "path"))
    var spec: String?

    func validate() throws {
        guard [model != nil, hfConfig != nil, spec != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("Give exactly one model: a preset name, --hf-config or --spec.")
        }
    }

    func fields(_ files: inout InputFiles) throws -> [RequestField] {
        if let hfConfig { return [RequestField("--hf-config", "hf_config", json: try files.jsonObject(hfConfig, flag: "--hf-config"))] }
        if let spec { return [RequestField("--spec", "model", json: try files.jsonObject(spec, flag: "--spec"))] }
        return [RequestField("model", "model", string: model)]
    }
}

/// [batch_size] of a transformer route.
struct BatchSizeFlag: RequestFlags {
    @Option(help: "Sequences per batch: a training micro-batch, a KV cache's, a served batch [batch_size]; default \(TrainingMemoryOptions().batchSize).")
    var batchSize: JSONNumber?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [RequestField("--batch-size", "batch_size", batchSize)]
    }
}

/// [sequence_length].
struct SequenceLengthFlag: RequestFlags {
    @Option(help: "Tokens per sequence [sequence_length]; default \(TrainingMemoryOptions().sequenceLength).") var sequenceLength: JSONNumber?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [RequestField("--sequence-length", "sequence_length", sequenceLength)]
    }
}

/// How a training step stores its state: what only training memory reads (and `/v1/fits`, which
/// judges training memory).
struct TrainingFlags: RequestFlags {
    @Option(help: "Optimizer scheme [optimizer]: \(choices(OptimizerScheme.self)); default \(TrainingMemoryOptions().optimizer.rawValue).")
    var optimizer: String?
    @Option(help: "Whose modules run the training step [framework]: \(choices(TrainingFramework.self)); default \(TrainingMemoryOptions().framework.rawValue).")
    var framework: String?
    @Flag(inversion: .prefixedNo, help: "Dropout masks in activation memory [dropout]; default on.") var dropout: Bool?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [
            RequestField("--optimizer", "optimizer", string: optimizer),
            RequestField("--framework", "framework", string: framework),
            RequestField("--dropout", "dropout", bool: dropout),
        ]
    }
}

/// [flash_attention]: training memory and inference, with their own defaults.
struct FlashAttentionFlag: RequestFlags {
    @Flag(inversion: .prefixedNo, help: "Kernels that store no s×s scores [flash_attention]; default off in training (on with --framework huggingface), on in inference.")
    var flashAttention: Bool?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [RequestField("--flash-attention", "flash_attention", bool: flashAttention)]
    }
}

/// [activation_recompute]: memory, FLOPs and training time.
struct RecomputeFlag: RequestFlags {
    @Option(help: "Activation recomputation [activation_recompute]: \(choices(ActivationRecompute.self)); default \(TrainingMemoryOptions().recompute.rawValue).")
    var recompute: String?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [RequestField("--recompute", "activation_recompute", string: recompute)]
    }
}

/// [causal]: FLOPs, training time and inference.
struct CausalFlag: RequestFlags {
    @Flag(inversion: .prefixedNo, help: "Count only the attention scores a causal mask keeps, halving the s² FLOPs [causal]; default off (in inference: as --flash-attention).")
    var causal: Bool?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [RequestField("--causal", "causal", bool: causal)]
    }
}

/// [parallelism.*]: how training memory lays the model out.
struct ParallelismFlags: RequestFlags {
    @Option(help: "Data-parallel ranks [parallelism.data]; default \(Parallelism().data).") var dataParallel: JSONNumber?
    @Option(help: "Tensor-parallel ranks [parallelism.tensor]; default \(Parallelism().tensor).") var tensorParallel: JSONNumber?
    @Option(help: "Pipeline stages [parallelism.pipeline]; default \(Parallelism().pipeline).") var pipelineParallel: JSONNumber?
    @Flag(inversion: .prefixedNo, help: "Sequence parallelism with tensor parallelism [parallelism.sequence_parallel]; default off.")
    var sequenceParallel: Bool?
    @Option(help: "ZeRO stage 0-3 [parallelism.zero_stage]; default \(Parallelism().zeroStage).") var zeroStage: JSONNumber?
    @Option(help: "Micro-batches per step [parallelism.micro_batches]; default: the pipeline depth.") var microBatches: JSONNumber?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [
            RequestField("--data-parallel", "parallelism.data", dataParallel),
            RequestField("--tensor-parallel", "parallelism.tensor", tensorParallel),
            RequestField("--pipeline-parallel", "parallelism.pipeline", pipelineParallel),
            RequestField("--sequence-parallel", "parallelism.sequence_parallel", bool: sequenceParallel),
            RequestField("--zero-stage", "parallelism.zero_stage", zeroStage),
            RequestField("--micro-batches", "parallelism.micro_batches", microBatches),
        ]
    }
}

/// [dtype] of the KV cache (`/v1/kv-cache`, `/v1/estimate`).
struct KVCacheFlags: RequestFlags {
    @Option(help: "KV cache data type [dtype]: \(choices(DataType.self)); default \(KVCacheOptions().dtype.rawValue).") var kvDtype: String?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [RequestField("--kv-dtype", "dtype", string: kvDtype)]
    }
}

/// [weight_dtype]: the weights held beside a KV cache or served.
struct WeightDTypeFlag: RequestFlags {
    @Option(help: "Data type of the weights beside the KV cache on the hardware, or served [weight_dtype]: \(choices(DataType.self)); default \(KVCacheOptions().weightDType.rawValue).")
    var weightDtype: String?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [RequestField("--weight-dtype", "weight_dtype", string: weightDtype)]
    }
}

/// What only training time reads [tokens, gpus, mfu, achieved_tflops_per_gpu].
struct TrainingTimeFlags: RequestFlags {
    @Option(help: "Training tokens [tokens]; with `estimate`, adds the training-time section.") var tokens: JSONNumber?
    @Option(help: "Accelerators training together [gpus]; default 1.") var gpus: JSONNumber?
    @Option(help: "Model FLOPs utilisation [mfu]; default 0.4.") var mfu: JSONNumber?
    @Option(help: "Achieved TFLOP/s per accelerator, instead of --mfu [achieved_tflops_per_gpu].") var achievedTflops: JSONNumber?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [
            RequestField("--tokens", "tokens", tokens),
            RequestField("--gpus", "gpus", gpus),
            RequestField("--mfu", "mfu", mfu),
            RequestField("--achieved-tflops", "achieved_tflops_per_gpu", achievedTflops),
        ]
    }
}

/// [precision]: the peak training time and the roofline assume.
struct PrecisionFlag: RequestFlags {
    @Option(help: "Precision whose peak FLOP/s is assumed [precision]: \(choices(Precision.self)); default bf16 (roofline: fp32 where the hardware has no bf16 peak).")
    var precision: String?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [RequestField("--precision", "precision", string: precision)]
    }
}
