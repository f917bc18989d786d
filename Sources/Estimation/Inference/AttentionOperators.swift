extension StepOperators {
    /// One layer's softmax attention over `span`: the projections, the cache's write (and in a
    /// decode step its read: the keys attended, at most the window on a sliding layer and the
    /// query's own chunk on a chunked one), the scores, softmax and values, the output projection.
    func appendAttention(_ span: LayerKind.Attention, to layer: inout LayerRows) {
        let step = layer.step
        let tokens = step.tokens
        let a = types.activationBytes
        let w = types.weightBytesPerValue
        let d = Double(view.hidden)
        let shape = view.attention
        let latents = Double(shape.queryLatentWidth + shape.keyValueLatentWidth)
        let query = Double(shape.queryWidth.value ?? 0)
        let keysAndValues = Double((shape.keyWidth + shape.valueWidth).value ?? 0)
        let gate = Double(shape.outputGateWidth)
        layer.add("attention.qkv", .matmul, kernels: Double(view.projectionKernelsPerLayer)) {
            $0.matrixFlops = costs.projectionsPerToken * tokens / tensor
            $0.weightBytes = costs.projectionsPerToken / 2 * w / tensor
            $0.activationBytes = tokens * (d + latents) * a
            $0.bytesWritten = tokens * ((query + keysAndValues + gate) / tensor + latents) * a
        }

        let cached = Double(shape.cachedValuesPerToken.value ?? 0)
        let split = cacheSplit
        layer.add("kv_cache.write", .memory, kernels: 1) {
            $0.activationBytes = tokens * cached * a / split
            $0.bytesWritten = tokens * cached * types.kvCacheBytes / split
            $0.cacheBytesWritten = $0.bytesWritten
        }

        let pairs: Double
        switch step.kind {
        case .prefill:
            pairs = costs.pairs(sequence: step.queries, span: span, causal: causal)
        case .decode:
            pairs = step.keys[span]
            // One query attends to `pairs` keys, all read from the cache inside the attention kernel.
            layer.add("kv_cache.read", .memory, kernels: 0, span: span) {
                $0.cacheBytes = step.batch * pairs * cached * types.kvCacheBytes / split
            }
        }
        appendAttentionCore(pairs: pairs, span: span, to: &layer)

        let attentionOutput = Double(shape.outputInputWidth.value ?? 0)
        layer.add("attention.output", .matmul, kernels: 1) {
            $0.matrixFlops = costs.outputPerToken * tokens / tensor
            $0.weightBytes = costs.outputPerToken / 2 * w / tensor
            $0.activationBytes = tokens * attentionOutput / tensor * a
            $0.bytesWritten = tokens * d * a
        }
    }

    /// Scores, softmax and values: one fused FlashAttention kernel that keeps the scores on chip,
    /// or three kernels that write the scores and read them back. In a prefill the keys and values
    /// come from the projections; in a decode step from the cache (`kv_cache.read`).
    private func appendAttentionCore(pairs: Double, span: LayerKind.Attention, to layer: inout LayerRows) {
        let step = layer.step
        let a = types.activationBytes
        let shape = view.attention
        let attended = step.batch * pairs
        let scores = costs.scoresPerPair * attended / tensor
        let values = costs.valuesPerPair * attended / tensor
        let softmax = TransformerFlops.softmaxFlopsPerScore * costs.heads * attended / tensor
        let tokens = step.tokens
        let queries = tokens * Double(shape.queryWidth.value ?? 0) / tensor * a
        let output = tokens * Double(shape.outputInputWidth.value ?? 0) / tensor * a
        let fromProjections = step.kind == .prefill ? tokens * a / tensor : 0
        let keysRead = fromProjections * Double(shape.keyWidth.value ?? 0)
        let valuesRead = fromProjections * Double(shape.valueWidth.value ?? 0)
        let grows: LayerKind.Attention? = step.kind == .decode ? span : nil
        if flashAttention {
            layer.add("attention", .attention, kernels: 1, span: grows) {
                $0.matrixFlops = scores + values
                $0.vectorFlops = softmax
                $0.activationBytes = queries + keysRead + valuesRead
                $0.bytesWritten = output
            }
            return
        }
        let scoreBytes = costs.heads * attended / tensor * a
        layer.add("attention.scores", .attention, kernels: 1, span: grows) {
            $0.matrixFlops = scores
            $0.activationBytes = queries + keysRead
            $0.bytesWritten = scoreBytes
        }
        layer.add("attention.softmax", .elementwise, kernels: 1, span: grows) {
            $0.vectorFlops = softmax
            $0.activationBytes = scoreBytes
            $0.bytesWritten = scoreBytes
        }
        layer.add("attention.values", .attention, kernels: 1, span: grows) {
            $0.matrixFlops = values
            $0.activationBytes = scoreBytes + valuesRead
            $0.bytesWritten = output
        }
    }
}
