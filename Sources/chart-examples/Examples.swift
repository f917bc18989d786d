import Charts
import Estimation
import EstimationAPI

/// The example charts of docs/charts.md: memory and fits from the estimator itself, the roofline
/// and the latency curves from H200 measurements.
enum Examples {
    static func all() throws -> [(file: String, chart: any SVGChart)] {
        [
            ("memory-breakdown.svg", try memoryBreakdown()),
            ("roofline.svg", roofline()),
            ("matmul-latency-throughput.svg", matmulLatencyAndThroughput()),
            ("kv-cache-context.svg", try kvCacheAgainstContext()),
            ("fits-grid.svg", try fitsGrid()),
            ("inference.svg", try inference()),
        ]
    }

    private static let headroom = 0.1

    private static func accelerator(_ name: String) throws -> Accelerator {
        guard let accelerator = HardwareCatalogue.named(name) else { throw ExampleError.missing(name) }
        return accelerator
    }

    private static func model(_ name: String) throws -> ModelPreset {
        guard let preset = ModelPresets.named(name) else { throw ExampleError.missing(name) }
        return preset
    }

    /// "Does Llama-3-70B train on 8 H100s with ZeRO-3 at 8k context?", layout by layout, and on 64.
    static func memoryBreakdown() throws -> MemoryBreakdownChart {
        let h100 = try accelerator("h100-sxm")
        let spec = try model("llama-3-70b").spec
        let layouts: [(String, ActivationRecompute, Parallelism)] = [
            ("8 GPUs · ZeRO-1", .none, Parallelism(data: 8, zeroStage: 1)),
            ("8 GPUs · ZeRO-3", .none, Parallelism(data: 8, zeroStage: 3)),
            ("8 GPUs · ZeRO-3, recompute", .full, Parallelism(data: 8, zeroStage: 3)),
            ("8 GPUs · TP 8, recompute", .full, Parallelism(tensor: 8)),
            ("64 GPUs · ZeRO-3, recompute", .full, Parallelism(data: 64, zeroStage: 3)),
            ("64 GPUs · TP 8 × ZeRO-1, recompute", .full, Parallelism(data: 8, tensor: 8, zeroStage: 1)),
        ]
        var bars: [MemoryBreakdownChart.Bar] = []
        for (label, recompute, parallelism) in layouts {
            let options = TrainingMemoryOptions(
                batchSize: 1, sequenceLength: 8192, recompute: recompute, flashAttention: true, dropout: false,
                parallelism: parallelism)
            bars.append(.init(label: label, segments: TrainingMemoryChart.segments(try TrainingMemory.estimate(spec, options))))
        }
        let fit = try MemoryFit(requiredBytes: 0, memoryBytes: h100.memoryBytes, headroom: headroom)
        return MemoryBreakdownChart(
            title: "Llama-3-70B training at 8k context, batch 1, AdamW (16 B per parameter)",
            device: .init(name: h100.displayName, capacityBytes: Double(h100.memoryBytes), usableBytes: Double(fit.usableBytes)),
            bars: bars)
    }

    static func roofline() -> RooflineChart {
        let ridge = H200Measurements.measuredPeak / H200Measurements.measuredBandwidth
        func op(_ name: String, flops: Double, bytes: Double, seconds: Double) -> RooflineChart.Operator {
            let intensity = flops / bytes
            return .init(name: name, arithmeticIntensity: intensity, achievedFLOPsPerSecond: flops / seconds,
                         bound: intensity < ridge ? .memory : .compute)
        }
        let shown = [1, 16, 128, 512, 8192]
        let matmuls = H200Measurements.matmuls.filter { shown.contains($0.m) }.map { m in
            op("M=\(m.m) N=\(m.n)", flops: m.flops, bytes: m.bytes, seconds: m.seconds)
        }
        let add = H200Measurements.add
        return RooflineChart(
            title: "bf16 matmuls (K = 4096) and an add on one H200, measured",
            roofs: [
                .init(name: "H200 spec sheet", peakFLOPsPerSecond: H200Measurements.specPeak,
                      bandwidthBytesPerSecond: H200Measurements.specBandwidth, source: .specSheet),
                .init(name: "H200 measured", peakFLOPsPerSecond: H200Measurements.measuredPeak,
                      bandwidthBytesPerSecond: H200Measurements.measuredBandwidth, source: .measured),
            ],
            operators: matmuls + [op("add", flops: add.flops, bytes: add.bytes, seconds: add.seconds)])
    }

    static func matmulLatencyAndThroughput() -> LineChart {
        let widths = [4096, 14336]
        let series = { (name: String, value: (H200Measurements.Matmul) -> Double) in
            widths.map { n in
                LineChart.Series(
                    name: "\(name)N = \(n)",
                    points: H200Measurements.matmuls.filter { $0.n == n }.map { .init(x: Double($0.m), y: value($0)) })
            }
        }
        return LineChart(
            title: "One bf16 matmul (K = 4096) on an H200 against the tokens in the batch, measured",
            xAxis: .init(title: "Batch M", quantity: .count("tokens"), scale: .logarithmic),
            panels: [
                .init(yAxis: .init(title: "Latency", quantity: .seconds, scale: .logarithmic), series: series("", { $0.seconds })),
                .init(yAxis: .init(title: "Throughput", quantity: .flopsPerSecond), series: series("", { $0.flops / $0.seconds })),
            ])
    }

    static func kvCacheAgainstContext() throws -> LineChart {
        let contexts = [1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072]
        var series: [LineChart.Series] = []
        for name in ["llama-3-8b", "llama-3-70b", "mistral-7b", "deepseek-v2-lite"] {
            let preset = try model(name)
            var points: [LineChart.Point] = []
            for context in contexts {
                let cache = try KVCache.estimate(preset.spec, KVCacheOptions(batchSize: 1, sequenceLength: context))
                points.append(.init(x: Double(context), y: Double(cache.bytes)))
            }
            series.append(.init(name: preset.displayName, points: points))
        }
        return LineChart(
            title: "KV cache of one sequence against context length, bf16",
            xAxis: .init(title: "Context length", quantity: .count("tokens")),
            yAxis: .init(title: "KV cache", quantity: .bytes),
            series: series)
    }

    /// Training with ZeRO-3 over 8 GPUs, full recompute, 4k context: which fit, per GPU?
    static func fitsGrid() throws -> FitsGrid {
        let accelerators = try ["a100-sxm-80gb", "h100-sxm", "h200-sxm", "mi300x", "b200"].map(accelerator)
        let models = try ["llama-3-8b", "mistral-7b", "qwen2.5-72b", "llama-3-70b", "mixtral-8x22b", "llama-3.1-405b"].map(model)
        let options = TrainingMemoryOptions(
            batchSize: 1, sequenceLength: 4096, recompute: .full, flashAttention: true, dropout: false,
            parallelism: Parallelism(data: 8, zeroStage: 3))
        let table = try MemoryFitTable(models: models, accelerators: accelerators, options: options, headroom: headroom)
        return FitsGridChart.chart(
            table, title: "Training on 8 GPUs: ZeRO-3, full recompute, 4k context, batch 1, 10% headroom")
    }
}

extension Examples {
    /// `/v1/inference`'s figure for Llama 3 8B served on one H200 (which has measured roofs).
    static func inference() throws -> Figure {
        let spec = try model("llama-3-8b").spec
        let options = InferenceOptions(
            accelerator: try accelerator("h200-sxm"), batchSize: 8, promptTokens: 2048, generatedTokens: 256,
            sweepMaxBatch: 128)
        return InferenceChart.figure(spec, options, try InferenceEstimator.estimate(spec, options))
    }
}

enum ExampleError: Error, CustomStringConvertible {
    case missing(String)

    var description: String {
        switch self {
        case .missing(let name): "no preset named \(name)"
        }
    }
}
