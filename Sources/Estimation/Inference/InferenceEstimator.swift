/// Estimates serving a model (docs/inference.md): validates the spec (through `ParameterCounter`)
/// and the options, then times the prefill and the decode steps operator by operator.
public enum InferenceEstimator {
    public static func estimate(_ spec: ModelSpec, _ options: InferenceOptions) throws(EstimationError) -> InferenceEstimate {
        try estimate(CountedSpec(spec), options)
    }

    /// For a spec already validated and counted: validates `options`.
    public static func estimate(_ counted: CountedSpec, _ options: InferenceOptions) throws(EstimationError) -> InferenceEstimate {
        let spec = counted.spec
        try options.validate(for: spec)
        guard let precision = options.types.precision else {
            throw EstimationError(field: "activation_dtype", message: "must be fp32, bf16, fp16, fp8 or int8")
        }
        let accelerator = options.accelerator
        let roofs = try Roofs(accelerator, precision: precision, field: "activation_dtype")
        let operators = StepOperators(
            spec, types: options.types, tensor: options.tensorParallel, flashAttention: options.flashAttention,
            causal: options.causal)
        let collectives = options.tensorParallel > 1
            ? options.accelerator.interconnect.map { link in
                TensorParallelCollectives(
                    tensor: Double(options.tensorParallel), linkBytesPerSecond: link.bandwidthBytesPerSecond,
                    allReduces: operators.view.allReduces,
                    hidden: Double(spec.hiddenSize), vocabulary: Double(spec.vocabSize),
                    activationBytes: options.types.activationBytes)
            }
            : nil
        let timing = StepTiming(
            roofs: roofs, vectorPeak: accelerator.peak(.fp32) ?? roofs.peakFlopsPerSecond,
            efficiency: options.efficiency, collectives: collectives)
        let batch = Double(options.batchSize)
        let prompt = Double(options.promptTokens)
        let generated = Double(options.generatedTokens)

        let prefillStep = InferenceStep.prefill(batch: batch, prompt: prompt, logits: options.prefillLogits)
        let prefill = timing.phase(operators.operators(prefillStep), prefillStep)
        let timeline = DecodeTimeline(operators: operators, timing: timing)
        let decode = timeline.totals(batch: batch, prompt: prompt, generated: generated)
        let steps = decode.steps
        func latency(prefill: Double, decode: (first: Double, last: Double, total: Double)) -> InferenceEstimate.Latency {
            let endToEnd = prefill + (generated > 1 ? decode.total : 0)
            let perSequence = generated / endToEnd
            return InferenceEstimate.Latency(
                timeToFirstToken: prefill, timePerOutputTokenStart: decode.first, timePerOutputTokenEnd: decode.last,
                timePerOutputTokenMean: decode.total / steps, endToEnd: endToEnd,
                tokensPerSecondPerSequence: perSequence, tokensPerSecondAggregate: perSequence * batch)
        }

        let memory = try InferenceMemory(counted, view: operators.view, options: options)
        let logitTokens = options.prefillLogits == .all ? options.promptTokens : 1
        func footprint(batch: Int) -> CheckedInt {
            CheckedInt(memory.weightBytes)
                + memory.kvCacheBytes(batch: batch, tokens: options.promptTokens + options.generatedTokens)
                + memory.activationBytes(batch: batch, prompt: options.promptTokens, logitTokens: logitTokens)
        }
        let kvCache = try memory.kvCacheBytes(batch: options.batchSize, tokens: options.promptTokens + options.generatedTokens)
            .resolve(field: "batch_size")
        let activations = try memory.activationBytes(
            batch: options.batchSize, prompt: options.promptTokens, logitTokens: logitTokens
        ).resolve(field: "prompt_tokens")
        // The engines' rules subtract the activations of the prefill they profile, which computes
        // the logits of the positions they sample, whatever `prefill_logits` asks of this estimate.
        let engineActivations = try memory.activationBytes(
            batch: options.batchSize, prompt: options.promptTokens, logitTokens: 1
        ).resolve(field: "prompt_tokens")
        let required = try footprint(batch: options.batchSize).resolve(field: "batch_size")
        let fit = try MemoryFit(requiredBytes: required, memoryBytes: accelerator.memoryBytes, headroom: options.headroom)

        let meanKeys = timeline.meanKeys(from: prompt, to: prompt + Swift.max(generated - 2, 0))
        return InferenceEstimate(
            options: options, precision: precision, roofs: roofs, vectorPeakFlopsPerSecond: timing.vectorPeak,
            layerGroups: operators.view.groups.map {
                InferenceEstimate.LayerGroup(layers: $0.layers, attention: $0.attention, recurrent: $0.recurrent, mlp: $0.mlp)
            },
            prefill: prefill, decode: decode.first,
            ideal: latency(
                prefill: prefill.seconds, decode: (decode.first.seconds, decode.lastSeconds, decode.seconds)),
            expected: latency(
                prefill: prefill.expectedSeconds,
                decode: (decode.first.expectedSeconds, decode.lastExpectedSeconds, decode.expectedSeconds)),
            memory: InferenceEstimate.Memory(
                weightBytes: memory.weightBytes, kvCacheBytes: kvCache, activationBytes: activations, fit: fit),
            sweep: sweep(timeline, options: options, usable: fit.usableBytes, footprint: footprint),
            crossover: CrossoverRule.crossover(
                operators, meanKeys: meanKeys, roofs: roofs, efficiency: options.efficiency),
            serving: ServingCapacityRule.capacities(memory: memory, activationBytes: engineActivations, options: options),
            training: options.training.map { TrainingCapacityRule.capacity(counted, $0, options: options) })
    }

    /// Batches 1, 2, 4, … up to `sweepMaxBatch`, and that batch itself.
    static func sweepBatches(upTo maximum: Int) -> [Int] {
        var batches: [Int] = []
        var batch = 1
        while batch <= maximum {
            batches.append(batch)
            batch *= 2
        }
        if batches.last != maximum { batches.append(maximum) }
        return batches
    }

    private static func sweep(
        _ timeline: DecodeTimeline, options: InferenceOptions, usable: Int, footprint: (Int) -> CheckedInt
    ) -> [InferenceEstimate.SweepPoint] {
        sweepBatches(upTo: options.sweepMaxBatch).map { batch in
            let totals = timeline.totals(
                batch: Double(batch), prompt: Double(options.promptTokens), generated: Double(options.generatedTokens))
            let step = totals.meanSeconds
            let expected = totals.meanExpectedSeconds
            return InferenceEstimate.SweepPoint(
                batch: batch, timePerOutputToken: step, expectedTimePerOutputToken: expected,
                tokensPerSecond: Double(batch) / step, expectedTokensPerSecond: Double(batch) / expected,
                bound: totals.computeSeconds < totals.memorySeconds ? .memory : .compute,
                weightBytesRead: totals.weightBytes / totals.steps, kvCacheBytesRead: totals.cacheBytes / totals.steps,
                fits: footprint(batch).value.map { $0 <= usable } ?? false)
        }
    }
}
