/// One forward pass of a served model: a prefill over the prompts, or one decode step that adds a
/// token to each sequence after `prefix` cached ones.
struct InferenceStep {
    enum Kind {
        case prefill
        case decode
    }

    /// Keys a decode step's new token attends to on a layer of each attention span.
    struct Keys: Hashable {
        var full: Double
        var sliding: Double
        var chunked: Double

        /// The same count on every span: a probe of the tables' dependence on the keys.
        init(uniform keys: Double) {
            full = keys
            sliding = keys
            chunked = keys
        }

        /// After a prefix of `prefix` tokens (`TransformerFlops.keys`).
        init(prefix: Double, _ costs: TransformerFlops) {
            full = costs.keys(prefix: prefix, span: .full)
            sliding = costs.keys(prefix: prefix, span: .sliding)
            chunked = costs.keys(prefix: prefix, span: .chunked)
        }

        subscript(span: LayerKind.Attention) -> Double {
            switch span {
            case .full: full
            case .sliding: sliding
            case .chunked: chunked
            }
        }
    }

    var kind: Kind
    /// Sequences in the batch.
    var batch: Double
    /// New tokens per sequence: the prompt, or 1.
    var queries: Double
    /// Tokens each sequence has cached before the step (0 for a prefill).
    var prefix: Double
    /// Tokens per sequence whose logits are computed.
    var logitTokens: Double
    /// Decode only: keys attended per span.
    var keys: Keys

    static func prefill(batch: Double, prompt: Double, logits: PrefillLogits) -> InferenceStep {
        InferenceStep(
            kind: .prefill, batch: batch, queries: prompt, prefix: 0, logitTokens: logits == .all ? prompt : 1,
            keys: Keys(uniform: 0))
    }

    /// A decode step after `prefix` tokens attending over `keys`.
    static func decode(batch: Double, prefix: Double, keys: Keys) -> InferenceStep {
        InferenceStep(kind: .decode, batch: batch, queries: 1, prefix: prefix, logitTokens: 1, keys: keys)
    }

    var tokens: Double { batch * queries }
}

/// An operator's work and traffic on one GPU, before it is placed on the roofline. Its reads are
/// split by what they read: weights (the same for any batch), the cache (keys and values, a
/// recurrent layer's state: per sequence) and everything else (activations); its writes to the
/// cache are counted apart too.
struct OperatorCost {
    var name: String
    var group: Int?
    var layers: Int
    var kind: InferenceOperator.Kind
    /// The attention span whose keys the row's cost grows with over a generation; nil when the
    /// row costs the same at every decode step.
    var span: LayerKind.Attention?
    var matrixFlops: Double = 0
    var vectorFlops: Double = 0
    var weightBytes: Double = 0
    var cacheBytes: Double = 0
    var activationBytes: Double = 0
    /// Everything written, the cache's share (`cacheBytesWritten`) included.
    var bytesWritten: Double = 0
    var cacheBytesWritten: Double = 0
    var kernels: Double

    var bytesRead: Double { weightBytes + cacheBytes + activationBytes }
    var bytes: Double { bytesRead + bytesWritten }
}
