import Estimation

/// `/v1/inference`'s result sections in JSON (openapi.yaml's `InferenceResponse`).
enum InferenceResultCoding {
    static func write(_ result: InferenceEstimate, to json: inout JSONWriter) {
        json.field("precision", result.precision.rawValue)
        json.object("roofs") { json in
            json.field("peak_flops_per_second", result.roofs.peakFlopsPerSecond)
            json.field("vector_peak_flops_per_second", result.vectorPeakFlopsPerSecond)
            json.field("bandwidth_bytes_per_second", result.roofs.bandwidthBytesPerSecond)
            json.field("ridge_intensity", result.roofs.ridgeIntensity)
        }
        json.key("layer_groups")
        json.beginArray()
        for group in result.layerGroups {
            json.beginObject()
            json.field("layers", group.layers)
            // The model's layout vocabulary: `none` for a block the layers do not have.
            json.field("attention", group.attention?.rawValue ?? "none")
            json.field("recurrent", group.recurrent?.rawValue ?? "none")
            json.field("mlp", group.mlp?.rawValue ?? "none")
            json.endObject()
        }
        json.endArray()
        json.key("prefill")
        write(result.prefill, to: &json)
        json.key("decode")
        write(result.decode, to: &json)
        write("ideal", result.ideal, to: &json)
        write("expected", result.expected, to: &json)
        let memory = result.memory
        json.object("memory") { json in
            json.field("weight_bytes", memory.weightBytes)
            json.field("kv_cache_bytes", memory.kvCacheBytes)
            json.field("activation_bytes", memory.activationBytes)
            json.field("total_bytes", memory.fit.requiredBytes)
            json.field("memory_bytes", memory.fit.memoryBytes)
            json.field("headroom", memory.fit.headroom)
            json.field("usable_bytes", memory.fit.usableBytes)
            json.field("free_bytes", memory.fit.freeBytes)
            json.field("short_bytes", memory.fit.shortBytes)
            json.field("fits", memory.fit.fits)
        }
        json.key("batch_sweep")
        json.beginArray()
        for point in result.sweep {
            json.beginObject()
            json.field("batch", point.batch)
            json.field("time_per_output_token_seconds", point.timePerOutputToken)
            json.field("expected_time_per_output_token_seconds", point.expectedTimePerOutputToken)
            json.field("tokens_per_second", point.tokensPerSecond)
            json.field("expected_tokens_per_second", point.expectedTokensPerSecond)
            json.field("bound", point.bound.rawValue)
            json.field("weight_bytes_read", point.weightBytesRead)
            json.field("kv_cache_bytes_read", point.kvCacheBytesRead)
            json.field("fits", point.fits)
            json.endObject()
        }
        json.endArray()
        let crossover = result.crossover
        json.object("crossover") { json in
            writeBatch("batch", crossover.batch, to: &json)
            writeBatch("expected_batch", crossover.expectedBatch, to: &json)
            json.field("weight_bytes", crossover.weightBytes)
            json.field("kv_cache_bytes_per_sequence", crossover.kvCacheBytesPerSequence)
            json.field("flops_per_token", crossover.flopsPerToken)
            json.field("peak_flops_per_second", crossover.peakFlopsPerSecond)
            json.field("bandwidth_bytes_per_second", crossover.bandwidthBytesPerSecond)
        }
        json.key("serving")
        json.beginArray()
        for capacity in result.serving {
            json.beginObject()
            json.field("engine", capacity.engine)
            json.field("fraction", capacity.fraction)
            json.field("kv_cache_budget_bytes", capacity.kvCacheBudgetBytes)
            json.field("context_tokens", capacity.contextTokens)
            json.field("max_sequences", capacity.maxSequences)
            json.field("batch", capacity.batch)
            json.field("longest_context_tokens", capacity.longestContextTokens)
            json.field("longest_context_capped", capacity.longestContextCapped)
            json.endObject()
        }
        json.endArray()
        json.optionalObject("training", result.training) { json, training in
            json.field("sequence_length", training.sequenceLength)
            json.field("largest_micro_batch", training.largestMicroBatch)
            json.objects("fewest_gpus", training.fewestGPUs) { json, fit in
                json.field("zero_stage", fit.zeroStage)
                json.field("data_parallel", fit.dataParallel)
                json.field("gpus", fit.gpus)
            }
        }
    }

    /// A crossover batch, or `"none"` when no batch turns the step compute-bound.
    private static func writeBatch(_ name: String, _ batch: Double?, to json: inout JSONWriter) {
        if let batch { json.field(name, batch) } else { json.field(name, "none") }
    }

    private static func write(_ phase: InferenceEstimate.Phase, to json: inout JSONWriter) {
        json.beginObject()
        json.field("prefix_tokens", phase.prefix)
        json.field("flops", phase.flops)
        json.field("matrix_flops", phase.matrixFlops)
        json.field("vector_flops", phase.vectorFlops)
        json.field("bytes_read", phase.bytesRead)
        json.field("bytes_written", phase.bytesWritten)
        json.field("kernels", phase.kernels)
        json.field("seconds", phase.seconds)
        json.field("expected_seconds", phase.expectedSeconds)
        json.optionalObject("tensor_parallel", phase.collectives) { json, collectives in
            json.field("collectives", collectives.count)
            json.field("link_bytes", collectives.linkBytes)
            json.field("seconds", collectives.seconds)
            json.field("expected_seconds", collectives.expectedSeconds)
        }
        json.key("operators")
        json.beginArray()
        for row in phase.operators {
            json.beginObject()
            json.field("name", row.name)
            json.field("group", row.group)
            json.field("layers", row.layers)
            json.field("kind", row.kind.rawValue)
            json.field("flops", row.flops)
            json.field("matrix_flops", row.matrixFlops)
            json.field("vector_flops", row.vectorFlops)
            json.field("bytes_read", row.bytesRead)
            json.field("bytes_written", row.bytesWritten)
            json.field("kernels", row.kernels)
            RooflineEndpoint.writePoint(row.point, to: &json)
            json.field("expected_seconds", row.expectedSeconds)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    private static func write(_ name: String, _ latency: InferenceEstimate.Latency, to json: inout JSONWriter) {
        json.object(name) { json in
            json.field("time_to_first_token_seconds", latency.timeToFirstToken)
            json.object("time_per_output_token_seconds") { json in
                json.field("start", latency.timePerOutputTokenStart)
                json.field("end", latency.timePerOutputTokenEnd)
                json.field("mean", latency.timePerOutputTokenMean)
            }
            json.field("end_to_end_seconds", latency.endToEnd)
            json.object("tokens_per_second") { json in
                json.field("per_sequence", latency.tokensPerSecondPerSequence)
                json.field("aggregate", latency.tokensPerSecondAggregate)
            }
        }
    }
}
