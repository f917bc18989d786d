import Estimation

/// Warnings for requests that are valid but probably not what their author meant. Each depends only
/// on what the hash covers (the spec and the options), so it is computed once and cached with the
/// result; docs/formulas.md §7 gives the thresholds.
enum ScenarioWarnings {
    /// The share of the per-GPU training memory that the `s×s` attention scores must reach, with
    /// FlashAttention off, to be worth a warning: at 1/2 turning it on at least halves the answer.
    static let attentionScoresShare = 0.5

    /// FlashAttention off while the attention scores (what `flash_attention: true` would not
    /// store) take at least `attentionScoresShare` of the per-GPU total: at a long context such an
    /// estimate is mostly `s²` terms few training runs would pay.
    static func attentionScores(
        _ counted: CountedSpec, _ options: TrainingMemoryOptions, _ estimate: TrainingMemoryEstimate
    ) -> String? {
        // Selective recompute keeps no s² terms, so FlashAttention could only add its statistics.
        guard !options.flashAttention, options.recompute != .selective else { return nil }
        var flash = options
        flash.flashAttention = true
        guard let withFlash = try? TrainingMemory.estimate(counted, flash) else { return nil }
        let total = estimate.perGPU.total
        let scores = total - withFlash.perGPU.total
        let share = Double(scores) / Double(total)
        guard share >= attentionScoresShare else { return nil }
        return "flash_attention is false, so the s×s attention scores take "
            + "\(TextReport.readableBytes(scores)) of the \(TextReport.readableBytes(total)) per GPU "
            + "(\(TextReport.fixed(share * 100, places: 0)) %); FlashAttention-style kernels store none of them: "
            + "with flash_attention true the total is \(TextReport.readableBytes(withFlash.perGPU.total))"
    }

    /// `framework: "huggingface"` counts transformers' modules tensor by tensor, but for recurrent
    /// mixers and latent attention, which take Megatron's terms (docs/training-memory.md).
    static func approximatedLayers(_ spec: ModelSpec, _ options: TrainingMemoryOptions) -> String? {
        guard options.framework == .huggingface else { return nil }
        let approximated = spec.layout.distinctKinds.filter { TrainingMemory.isApproximated($0.kind, in: spec) }
        guard !approximated.isEmpty else { return nil }
        let layers = approximated.reduce(0) { $0 + $1.count }
        return "framework huggingface counts \(layers) of \(spec.layers) layers (recurrent mixers or latent "
            + "attention) with Megatron's terms, not transformers' tensors: their activations are approximate"
    }

    /// A `sequence_length` beyond the context the model's config declares: the estimate counts it
    /// all the same, but the model was not trained for (or, with a learned position table, cannot
    /// hold) such sequences without extending its positions.
    static func contextLength(_ spec: ModelSpec, sequenceLength: Int) -> String? {
        guard let context = spec.maxPositionEmbeddings, sequenceLength > context else { return nil }
        return "sequence_length \(TextReport.grouped(sequenceLength)) is beyond the model's max_position_embeddings "
            + "(\(TextReport.grouped(context))): the estimate counts every token, but the model was not built for "
            + "sequences that long; lower sequence_length or extend the model's positions (RoPE scaling) first"
    }

    /// `/v1/estimate` with `tokens`: training time runs on `gpus` while training memory places the
    /// model on `data × tensor × pipeline` GPUs; when the two differ, one of them is not the run
    /// the user has in mind.
    static func gpuCount(gpus: Int, parallelism: Parallelism) -> String? {
        guard let layout = parallelism.gpus, layout != gpus else { return nil }
        let modelParallel = parallelism.tensor * parallelism.pipeline
        let data = gpus % modelParallel == 0 ? ", or parallelism.data to \(gpus / modelParallel)," : ""
        return "gpus is \(gpus) but parallelism lays out \(layout) "
            + "(data \(parallelism.data) × tensor \(parallelism.tensor) × pipeline \(parallelism.pipeline)): "
            + "training_time counts gpus and training_memory the layout; set gpus to \(layout)\(data) "
            + "so that both describe one run"
    }
}
