import Estimation

/// `/v1/inference` for terminals: the two operator tables, the latencies side by side, memory, the
/// batch sweep, the crossover and what fits.
enum InferenceTextReport {
    static func render(_ result: InferenceEstimate, to report: inout TextReport) {
        let options = result.options
        report.section("Roofs (\(result.precision.rawValue), per GPU)")
        report.row("peak", TextReport.scientific(result.roofs.peakFlopsPerSecond), "FLOP/s (vector \(TextReport.scientific(result.vectorPeakFlopsPerSecond)))")
        report.row("bandwidth", TextReport.scientific(result.roofs.bandwidthBytesPerSecond), "B/s")
        report.row("ridge_intensity", TextReport.fixed(result.roofs.ridgeIntensity, places: 1), "FLOP/byte")
        let groups = result.layerGroups.map { group in
            let blocks = [
                group.attention.map { "\($0.rawValue) attention" }, group.recurrent.map(\.rawValue),
                group.mlp.map { "\($0.rawValue) MLP" },
            ].compactMap { $0 }
            return "\(group.layers) × " + blocks.joined(separator: ", ")
        }
        report.words("layer groups", groups.joined(separator: "; "))
        report.table(
            "Prefill (\(options.batchSize) × \(TextReport.grouped(options.promptTokens)) tokens)",
            table(result.prefill, groups: result.layerGroups.count))
        report.table(
            "Decode step (\(options.batchSize) sequence\(options.batchSize == 1 ? "" : "s") after \(TextReport.grouped(result.decode.prefix)) tokens)",
            table(result.decode, groups: result.layerGroups.count))
        for (title, phase) in [("prefill", result.prefill), ("decode step", result.decode)] {
            if let collectives = phase.collectives {
                report.row(
                    "tensor parallel, \(title)", "\(collectives.count) collectives",
                    TextReport.fixed(collectives.seconds * 1e3, places: 3) + " ms ideal, "
                        + TextReport.fixed(collectives.expectedSeconds * 1e3, places: 3) + " ms expected")
            }
        }

        var latency = TextTable([
            .init(header: "", numeric: false), .init(header: "Ideal", numeric: true), .init(header: "Expected", numeric: true),
        ])
        func milliseconds(_ label: String, _ value: (InferenceEstimate.Latency) -> Double) {
            latency.append([
                label, TextReport.fixed(value(result.ideal) * 1e3, places: 3) + " ms",
                TextReport.fixed(value(result.expected) * 1e3, places: 3) + " ms",
            ])
        }
        milliseconds("time to first token", \.timeToFirstToken)
        milliseconds("per output token, start", \.timePerOutputTokenStart)
        milliseconds("per output token, end", \.timePerOutputTokenEnd)
        milliseconds("per output token, mean", \.timePerOutputTokenMean)
        milliseconds("end to end", \.endToEnd)
        latency.append([
            "tokens/s per sequence", TextReport.fixed(result.ideal.tokensPerSecondPerSequence, places: 1),
            TextReport.fixed(result.expected.tokensPerSecondPerSequence, places: 1),
        ])
        latency.append([
            "tokens/s, all sequences", TextReport.fixed(result.ideal.tokensPerSecondAggregate, places: 1),
            TextReport.fixed(result.expected.tokensPerSecondAggregate, places: 1),
        ])
        report.table("Latency (ideal: the roofline's bound; expected: with the efficiency)", latency)

        let memory = result.memory
        report.section("Memory per GPU")
        report.bytes("weights", memory.weightBytes)
        report.bytes("KV cache", memory.kvCacheBytes)
        report.bytes("activations (peak)", memory.activationBytes)
        report.bytes("total", memory.fit.requiredBytes)
        report.bytes("usable", memory.fit.usableBytes)
        report.row("fits", memory.fit.fits ? "yes" : "no")

        var sweep = TextTable([
            .init(header: "Batch", numeric: true), .init(header: "ms/token", numeric: true),
            .init(header: "expected", numeric: true), .init(header: "tokens/s", numeric: true),
            .init(header: "expected", numeric: true), .init(header: "Bound", numeric: false),
            .init(header: "Fits", numeric: false),
        ])
        for point in result.sweep {
            sweep.append([
                TextReport.grouped(point.batch), TextReport.fixed(point.timePerOutputToken * 1e3, places: 3),
                TextReport.fixed(point.expectedTimePerOutputToken * 1e3, places: 3),
                TextReport.fixed(point.tokensPerSecond, places: 1), TextReport.fixed(point.expectedTokensPerSecond, places: 1),
                point.bound.rawValue, point.fits ? "yes" : "no",
            ])
        }
        report.table("Decode batch sweep (mean over the generation)", sweep)

        let crossover = result.crossover
        report.section("Compute-bound crossover, B* = W·P / (F·H − K·P)")
        report.row("B*", crossover.batch.map { TextReport.fixed($0, places: 1) } ?? "none", "at the roofs")
        report.row("B* expected", crossover.expectedBatch.map { TextReport.fixed($0, places: 1) } ?? "none", "with the efficiency")
        report.row("W", TextReport.scientific(crossover.weightBytes), "weight bytes per step (batch 1)")
        report.row("K", TextReport.scientific(crossover.kvCacheBytesPerSequence), "cache bytes per sequence per step")
        report.row("F", TextReport.scientific(crossover.flopsPerToken), "FLOPs per token")

        var serving = TextTable([
            .init(header: "Engine", numeric: false), .init(header: "Fraction", numeric: true),
            .init(header: "KV budget", numeric: true), .init(header: "Sequences", numeric: true),
            .init(header: "Longest context", numeric: true),
        ])
        for capacity in result.serving {
            serving.append([
                capacity.engine, TextReport.fixed(capacity.fraction, places: 2),
                TextReport.readableBytes(capacity.kvCacheBudgetBytes), TextReport.grouped(capacity.maxSequences),
                TextReport.grouped(capacity.longestContextTokens) + (capacity.longestContextCapped ? "+" : ""),
            ])
        }
        let context = result.serving.first.map { TextReport.grouped($0.contextTokens) } ?? ""
        report.table(
            "What fits for serving (sequences of \(context) tokens; the longest context for a batch of "
                + "\(TextReport.grouped(options.batchSize)))", serving)

        if let training = result.training {
            report.section("What fits for training (sequence \(TextReport.grouped(training.sequenceLength)))")
            report.row("largest micro-batch", TextReport.grouped(training.largestMicroBatch), "per replica, no ZeRO")
            for fit in training.fewestGPUs {
                report.row(
                    "fewest GPUs, ZeRO-\(fit.zeroStage)", fit.gpus.map(TextReport.grouped) ?? "none",
                    fit.dataParallel.map { "\($0) data-parallel" } ?? "does not fit")
            }
        }
    }

    private static func table(_ phase: InferenceEstimate.Phase, groups: Int) -> TextTable {
        var table = TextTable([
            .init(header: "Operator", numeric: false), .init(header: "Layers", numeric: true),
            .init(header: "FLOPs", numeric: true), .init(header: "Bytes", numeric: true),
            .init(header: "FLOP/B", numeric: true), .init(header: "Bound", numeric: false),
            .init(header: "µs", numeric: true), .init(header: "expected µs", numeric: true),
        ])
        for row in phase.operators {
            let name = groups > 1 ? row.group.map { "[\($0)] " + row.name } ?? row.name : row.name
            table.append([
                name, TextReport.grouped(row.layers), TextReport.scientific(row.flops), TextReport.scientific(row.bytes),
                TextReport.fixed(row.point.intensity, places: 2), row.point.bound.rawValue,
                TextReport.fixed(row.point.seconds * 1e6, places: 1), TextReport.fixed(row.expectedSeconds * 1e6, places: 1),
            ])
        }
        table.append([
            "total", "", TextReport.scientific(phase.flops), TextReport.scientific(phase.bytesRead + phase.bytesWritten), "",
            "", TextReport.fixed(phase.seconds * 1e6, places: 1), TextReport.fixed(phase.expectedSeconds * 1e6, places: 1),
        ])
        return table
    }
}
