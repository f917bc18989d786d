/// Whose modules run the training step, which decides what the backward pass keeps and what the
/// step allocates on top (docs/training-memory.md). The raw value is the API's `framework`.
public enum TrainingFramework: String, Hashable, Sendable, CaseIterable {
    /// Megatron-LM's fused kernels, as Korthikanti et al. (2022) count them: `34bsd + 5bas²` per
    /// layer for the seed's GPT block, fp32 logits for the loss, tensor, pipeline and sequence
    /// parallelism.
    case megatron
    /// transformers' PyTorch modules in `out = model(**batch); out.loss.backward()`: what each
    /// module saves, tensor by tensor (`TransformersActivations`), its gradient checkpointing, the
    /// logits `out` keeps beside the loss's fp32 log-softmax. Data parallelism and ZeRO only.
    case huggingface
}

/// When in the step the allocation peaks, and what the transient on top of the saved tensors is.
public enum PeakMoment: String, Hashable, Sendable, CaseIterable {
    /// The loss's fp32 copy of the logits, beside its fp32 log-softmax (huggingface).
    case lossForward = "loss_forward"
    /// The loss's backward: the fp32 gradients of the log-softmax and of the logits (huggingface);
    /// the 16-bit gradient of the logits beside the fused cross entropy's fp32 softmax (megatron).
    case lossBackward = "loss_backward"
    /// The output head's backward: the logits' 16-bit gradient and the head's weight gradient.
    case outputLayerBackward = "output_layer_backward"
    /// A layer's backward: eager attention's softmax gradients, the fused attention kernel's q, k
    /// and v gradients, or the MLP's (huggingface); the gradients of what a layer stored (megatron).
    case layerBackward = "layer_backward"
    /// A checkpointed layer's backward: the layer recomputed whole, then its backward on top.
    case recomputedLayerBackward = "recomputed_layer_backward"
    /// The embedding's weight gradient; with a tied head, beside the head's and their sum.
    case embeddingBackward = "embedding_backward"
}
