/// What transformers' PyTorch modules keep for the backward pass of `out = model(**batch);
/// out.loss.backward()`, tensor by tensor (docs/training-memory.md lists every one): the
/// `huggingface` framework's activations, logits and embedding dropout.
///
/// Tensors are counted once per storage, in the model's dtype `e` (2 for bf16, 4 for pure fp32)
/// unless named fp32; masks are 1 byte per value. `T = b·s` tokens. What a module saves follows
/// the spec's traits: the norm's computation (`ModuleTraits.normCompute`), the activation
/// (`Activation.savedForBackward`), rotary and q/k norms, fused projections, the attention kernel:
/// - fused attention (`scaled_dot_product_attention`, the cuDNN kernel an H100/H200 runs): q, k, v
///   as they enter it, its output, fp32 log-sum-exp `4·b·a·s` and 16 bytes of RNG state; no `s²`;
/// - eager attention: q and kᵀ and v as the batched matmuls read them (keys and values repeated to
///   every query head), the softmax as `ModuleTraits.eagerSoftmax` computes it, dropout's mask and
///   output, and the contiguous copy the output projection reads.
///
/// Recurrent mixers and latent attention are not modelled per tensor: their layers take Megatron's
/// terms (`ActivationMemory`), which `approximatedKinds` reports.
struct TransformersActivations {
    let spec: ModelSpec
    let traits: ModelSpec.ModuleTraits
    let batch: Int
    let b: CheckedInt
    let s: CheckedInt
    /// `e`: bytes of one value in the model's dtype.
    let e: CheckedInt
    /// scaled_dot_product_attention's fused kernel; false for eager attention.
    let fusedAttention: Bool
    let dropout: Bool
    /// Megatron's terms, for the blocks not modelled per tensor.
    let megatron: ActivationMemory

    init(spec: ModelSpec, batch: Int, sequence: Int, elementBytes: Int, fusedAttention: Bool, dropout: Bool) {
        self.spec = spec
        traits = spec.moduleTraits
        self.batch = batch
        b = CheckedInt(batch)
        s = CheckedInt(sequence)
        e = CheckedInt(elementBytes)
        self.fusedAttention = fusedAttention
        self.dropout = dropout
        megatron = ActivationMemory(
            spec: spec, b: b, s: s, elementBytes: e, dropout: dropout, flashAttention: fusedAttention, tensor: 1,
            sequenceParallel: false)
    }

    private var tokens: CheckedInt { b * s }
    private var d: CheckedInt { CheckedInt(spec.hiddenSize) }
    private func drops(_ site: ModelSpec.ModuleTraits.DropoutSites) -> Bool {
        dropout && traits.dropoutSites.contains(site)
    }

    /// Layers whose mixer is taken from Megatron's terms rather than counted per tensor.
    static func isApproximated(_ kind: LayerKind, in spec: ModelSpec) -> Bool {
        kind.recurrent != nil || (kind.attention != nil && spec.latentAttention != nil)
    }

    // MARK: - Norms

    /// A norm over `width` values per token in `groups` groups (one reciprocal per group), with a
    /// weight of `weightWidth` values; its output is saved by whatever reads it.
    private func norm(
        _ name: String, width: CheckedInt, groups: CheckedInt = 1, weightWidth: CheckedInt? = nil,
        inputSaved: Bool = false, into layer: inout LayerTensors
    ) {
        let t = tokens
        let weight = 4 * (weightWidth ?? width)
        switch traits.normCompute {
        case .fused:
            if !inputSaved { layer.save("\(name) input", e * t * width) }
            layer.save("\(name) mean and reciprocal deviation (fp32)", 8 * t * groups)
        case .float32Input:
            layer.save("\(name) input in fp32", 4 * t * width)
            layer.save("\(name) reciprocal RMS (fp32)", 4 * t * groups)
            layer.save("\(name) normalised values", e * t * width)
        case .float32Weight:
            layer.save("\(name) input in fp32", 4 * t * width)
            layer.save("\(name) reciprocal RMS (fp32)", 4 * t * groups)
            layer.save("\(name) normalised values (fp32)", 4 * t * width)
        case .float32UnitOffset:
            layer.save("\(name) input in fp32", 4 * t * width)
            layer.save("\(name) reciprocal RMS (fp32)", 4 * t * groups)
            layer.save("\(name) normalised values (fp32)", 4 * t * width)
            layer.save("\(name) 1 + weight (fp32)", weight)
        case .float32Centred:
            layer.save("\(name) centred input for the variance (fp32)", 4 * t * width)
            layer.save("\(name) centred input (fp32)", 4 * t * width)
            layer.save("\(name) reciprocal deviation (fp32)", 4 * t * groups)
            layer.save("\(name) normalised values (fp32)", 4 * t * width)
            layer.save("\(name) weight (fp32)", weight)
        }
    }

    // MARK: - Layers

    /// Everything one layer of `kind` saves, in forward order, with its backward moments.
    func layer(_ kind: LayerKind) -> LayerTensors {
        var layer = LayerTensors()
        let t = tokens
        let placement = traits.normPlacement
        let preNorms = placement != .after
        let mixes = kind.attention != nil || kind.recurrent != nil
        // Attention and MLP side by side on one norm's output.
        let sharedInput = traits.parallelBlocks && spec.normsPerLayer < 2 && mixes && kind.mlp != nil

        if mixes {
            if preNorms, spec.normsPerLayer > 0 {
                norm("norm 1", width: d, into: &layer)
                if traits.normCompute == .fused { layer.layerInput = e * t * d }
                layer.save(sharedInput ? "attention and MLP input" : "attention input", e * t * d)
            } else {
                layer.save("attention input (the layer's input)", e * t * d)
                layer.layerInput = e * t * d
            }
            if Self.isApproximated(kind, in: spec) {
                layer.save("sequence mixer (Megatron's terms)", megatron.mixerBytes(kind) - e * t * d)
                layer.backward("sequence mixer", transient: e * t * d)
            } else {
                attention(into: &layer)
            }
            if placement == .around || placement == .after {
                norm("post-attention norm", width: d, into: &layer)
            }
        }
        // Side by side, the MLP's backward runs first and its input's gradient waits for the
        // attention's to be added to it.
        let mixerPoints = layer.points.count
        if let mlp = kind.mlp {
            if sharedInput {
                // The one norm's output, saved above.
            } else if traits.parallelBlocks, preNorms, mixes {
                // A second norm on the same layer input (gpt_neox, falcon's new decoder): a fused
                // kernel's saved input is that one tensor.
                norm("norm 2", width: d, inputSaved: traits.normCompute == .fused, into: &layer)
                layer.save("MLP input", e * t * d)
            } else if preNorms, spec.normsPerLayer > 0 {
                norm("norm 2", width: d, into: &layer)
                layer.save("MLP input", e * t * d)
            } else {
                layer.save("MLP input (the residual stream)", e * t * d)
            }
            switch mlp {
            case .dense: denseMLP(width: CheckedInt(spec.intermediateSize), into: &layer)
            case .moe: experts(into: &layer)
            }
            if drops(.mlpOutput) { layer.save("MLP output dropout mask", t * d) }
            if placement == .around || placement == .after {
                norm("post-MLP norm", width: d, into: &layer)
            }
            if traits.parallelBlocks, mixes {
                for index in 0..<mixerPoints { layer.points[index].transient = layer.points[index].transient + e * t * d }
            }
        }
        return layer
    }

    /// Softmax attention from its projections' outputs to the output projection's input.
    private func attention(into layer: inout LayerTensors) {
        let t = tokens
        let shape = AttentionShape(spec)
        let heads = CheckedInt(shape.heads)
        let queries = shape.queryWidth
        let keyValues = traits.expandedKeyValues ? queries : shape.keyWidth
        let rotated = spec.rotaryDim > 0 || spec.qkNorm != nil
        let fusedProjection = e * t * (queries + 2 * shape.keyWidth)

        if let qkNorm = spec.qkNorm {
            let perHead = qkNorm.scope != .projection
            let hd = CheckedInt(shape.scoreHeadDim)
            norm(
                "query norm", width: queries, groups: perHead ? heads : 1,
                weightWidth: qkNorm.scope == .head ? hd : queries, into: &layer)
            norm(
                "key norm", width: shape.keyWidth, groups: perHead ? CheckedInt(shape.keyValueHeads) : 1,
                weightWidth: qkNorm.scope == .head ? hd : shape.keyWidth, into: &layer)
        }

        if fusedAttention {
            // q, k and v as the kernel reads them: views of a fused projection keep all of it.
            if traits.fusedQKV, !traits.expandedKeyValues {
                if rotated {
                    layer.save("query", e * t * queries)
                    layer.save("key", e * t * keyValues)
                    layer.save("fused q/k/v projection (the value is a view of it)", fusedProjection)
                } else {
                    layer.save("fused q/k/v projection (q, k and v are views of it)", fusedProjection)
                }
            } else {
                layer.save("query", e * t * queries)
                layer.save("key", e * t * keyValues)
                layer.save("value", e * t * keyValues)
            }
            layer.save("attention output", e * t * queries)
            layer.save("log-sum-exp (fp32)", 4 * t * heads)
            layer.save("RNG seed and offset (int64)", 16)
            // Its gradients of q, k and v, with the output's gradient it reads.
            layer.backward(
                "fused attention backward", transient: e * t * (2 * queries + 2 * keyValues))
            if traits.headMajorRotary, spec.rotaryDim > 0 {
                layer.save("output projection input (a copy of the head-major output)", e * t * queries)
            }
        } else {
            eagerAttention(rotated: rotated, fusedProjection: fusedProjection, into: &layer)
        }
        if drops(.attentionOutput) { layer.save("attention output dropout mask", t * d) }
    }

    /// Eager attention: `softmax(q·kᵀ·scale + mask)·v` written out in PyTorch.
    private func eagerAttention(rotated: Bool, fusedProjection: CheckedInt, into layer: inout LayerTensors) {
        let t = tokens
        let shape = AttentionShape(spec)
        let queries = shape.queryWidth
        // With sinks (gpt_oss) each row is one logit longer, and the max taken for stability keeps
        // its indices.
        let keys = spec.attentionSinks ? s + 1 : s
        let scores = b * CheckedInt(shape.heads) * s * keys
        let grouped = shape.keyValueHeads != shape.heads && !traits.expandedKeyValues
        // With one sequence the batched matmuls read q, k and v as views, which keep a fused
        // projection alive whole; with more they copy them. Grouped keys and values are repeated.
        let viewsOfFused = traits.fusedQKV && batch == 1 && !traits.expandedKeyValues
        let queryView = viewsOfFused && !rotated
        let keyView = viewsOfFused && !rotated && !grouped
        let valueView = viewsOfFused && !grouped
        if queryView || keyView || valueView {
            layer.save("fused q/k/v projection (the matmuls read views of it)", fusedProjection)
        }
        // One key/value head repeated for one sequence stays a broadcast view of the projection.
        let broadcast = grouped && shape.keyValueHeads == 1 && batch == 1
        let repeated = broadcast ? shape.keyWidth : queries
        let upcast: CheckedInt = traits.eagerSoftmax == .float32Scores ? 4 : e
        if !queryView { layer.save("query (matmul operand)", upcast * t * queries) }
        if !keyView { layer.save("key transposed, repeated to every query head (matmul operand)", upcast * t * repeated) }
        if traits.scoreSoftcap { layer.save("tanh of the capped scores", e * scores) }
        if spec.attentionSinks { layer.save("row maximum indices, sinks included (int64)", 8 * b * CheckedInt(shape.heads) * s) }
        let probabilities: CheckedInt
        switch traits.eagerSoftmax {
        case .float32, .float32Scores:
            layer.save("softmax (fp32)", 4 * scores)
            probabilities = e == 4 ? 0 : e * scores
        case .modelDtype:
            layer.save("softmax", e * scores)
            probabilities = 0
        }
        // The softmax's backward: its gradient in, its gradient out, and CUDA's temporary
        // `grad·output`, all of the softmax's dtype; the value gradient waits beside them.
        let softmaxBytes: CheckedInt = traits.eagerSoftmax == .modelDtype ? e : 4
        layer.backward("softmax backward", transient: 3 * softmaxBytes * scores + e * t * queries)
        if drops(.attention) {
            layer.save("attention dropout mask", scores)
            layer.save("dropped probabilities", e * scores)
        } else {
            layer.save("probabilities in the model's dtype", probabilities)
        }
        if !valueView { layer.save("value, repeated to every query head (matmul operand)", e * t * repeated) }
        layer.save("output projection input (a contiguous copy)", e * t * queries)
    }

    /// A dense MLP of intermediate width `width` over `rows` tokens, or, with `experts` weight
    /// copies, every routed expert at once (each (token, expert) pair a row).
    private func denseMLP(
        width: CheckedInt, rows: CheckedInt? = nil, experts: CheckedInt = 1, name: String = "MLP",
        into layer: inout LayerTensors
    ) {
        let rows = rows ?? tokens
        let values = e * rows * width
        let saves = spec.activation.savedForBackward
        let gated = spec.mlp == .gated
        let before = layer.bytes
        let first = gated ? "gate" : "up projection output"
        if saves.input { layer.save("\(name) \(first) (activation input)", values) }
        layer.save("\(name) activation intermediates", CheckedInt(saves.intermediates) * values)
        layer.save("\(name) activation output", values)
        if gated {
            layer.save("\(name) up projection output", values)
            layer.save("\(name) gated product (down projection input)", values)
            layer.backward("\(name) gated product backward", transient: 3 * values, freed: values)
        }
        // Each projection's backward: the gradients of its input and of its weights (every
        // expert's; the experts' gate and up are one fused weight, a dense MLP's one at a time).
        let outputs: CheckedInt = gated ? 2 : 1
        let upWeights: CheckedInt = gated && experts != 1 ? 2 : 1
        layer.backward("\(name) down projection backward", transient: values + experts * e * width * d)
        layer.points.append(BackwardPoint(
            name: "\(name) up projection backward", ownAlive: before,
            transient: outputs * values + experts * upWeights * e * width * d + e * rows * d))
    }

    /// A mixture of experts as transformers' `grouped_mm` experts run it: the router's fp32
    /// softmax and top-k choice; each token copied once per routed expert, sorted by expert; every
    /// (token, expert) pair through one grouped matrix multiplication per projection; the outputs
    /// weighted and put back in token order. Shared experts run as dense MLPs, a shared-expert gate
    /// as a sigmoid on their output.
    private func experts(into layer: inout LayerTensors) {
        guard let moe = spec.moe else { return }
        let t = tokens
        let k = CheckedInt(moe.expertsPerToken)
        let experts = CheckedInt(moe.experts)
        let pairs = t * k
        layer.save("router softmax (fp32)", 4 * t * experts)
        layer.save("top-k expert indices (int64)", 8 * pairs)
        layer.save("routing weight renormalisation (fp32)", 4 * t + 4 * pairs)
        layer.save("token order to and from the experts (int64)", 3 * 8 * pairs)
        layer.save("expert offsets (int32)", 4 * experts)
        layer.save("routed token copies (grouped matmul input)", e * pairs * d)
        denseMLP(
            width: CheckedInt(moe.expertIntermediateSize), rows: pairs, experts: experts, name: "routed experts",
            into: &layer)
        layer.save("routing weights per pair (fp32)", 4 * pairs)
        layer.save("routed expert outputs", e * pairs * d)
        for _ in 0..<moe.sharedExperts {
            denseMLP(width: CheckedInt(moe.sharedExpertIntermediateSize), name: "shared expert", into: &layer)
        }
        if moe.sharedExpertGate {
            layer.save("shared expert gate (sigmoid)", e * t)
            layer.save("shared expert output", e * t * d)
        }
    }

    // MARK: - Outside the layers

    /// What the embedding side saves: position ids of a learned table, an embedding norm, rotary's
    /// cos and sin (computed once, read by every layer).
    var embedding: LayerTensors {
        var embedding = LayerTensors()
        if spec.positionEmbeddings > 0 { embedding.save("position ids (int64)", 8 * s) }
        if spec.embeddingNorm { norm("embedding norm", width: d, into: &embedding) }
        if spec.rotaryDim > 0 { embedding.save("rotary cos and sin", 2 * e * s * CheckedInt(spec.rotaryDim)) }
        return embedding
    }

    /// What the final norm and the output head save, freed by the head's backward.
    var head: LayerTensors {
        var head = LayerTensors()
        let t = tokens
        if spec.finalNorm { norm("final norm", width: d, into: &head) }
        if spec.embeddingProjection > 0 {
            head.save("output projection input", e * t * d)
            head.save("output head input", e * t * CheckedInt(spec.embeddingProjection))
        } else {
            head.save("output head input", e * t * d)
        }
        return head
    }

    /// The logits `out` keeps, a logit cap's tanh, and the loss's fp32 log-softmax, targets, weight
    /// total and value.
    var logits: LayerTensors {
        var logits = LayerTensors()
        let t = tokens
        let vocabulary = CheckedInt(spec.vocabSize)
        logits.save("logits", e * t * vocabulary)
        if traits.logitSoftcap { logits.save("tanh of the capped logits", e * t * vocabulary) }
        logits.save("log-softmax (fp32)", 4 * t * vocabulary)
        logits.save("shifted labels (int64)", lossTargets)
        logits.save("loss weight total and value (fp32)", 8)
        return logits
    }

    /// The shifted labels the loss reads: a view of the padded labels for one sequence, a copy of
    /// `b·s` for more.
    var lossTargets: CheckedInt { batch == 1 ? 8 * (s + 1) : 8 * tokens }

    /// The embedding dropout's mask, `T·d` (0 without dropout there).
    var embeddingDropout: CheckedInt { drops(.embedding) ? tokens * d : 0 }

    // MARK: - Full recompute

    /// What gradient checkpointing keeps per layer: its input.
    var layerInput: CheckedInt { e * tokens * d }

    /// What every checkpointed layer receives besides its input, saved once: eager attention's
    /// additive mask (one per kind of span), the position ids rotary layers take.
    var checkpointArguments: LayerTensors {
        var arguments = LayerTensors()
        let kinds = spec.layout.distinctKinds.map(\.kind)
        if !fusedAttention {
            let spans = Set(kinds.compactMap(\.attention))
            for span in LayerKind.Attention.allCases where spans.contains(span) {
                arguments.save("\(span.rawValue) attention mask", e * b * s * s)
            }
        }
        if spec.rotaryDim > 0, kinds.contains(where: { $0.attention != nil }) {
            arguments.save("position ids (int64)", 8 * s)
        }
        return arguments
    }
}
