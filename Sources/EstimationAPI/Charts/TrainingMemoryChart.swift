import Charts
import Estimation

/// `/v1/memory/training`'s chart: the requested layout's memory per GPU, stacked by component,
/// beside the layouts one change away (each other ZeRO stage when there is data parallelism, full
/// activation recompute when it is not on), against the device's capacity and the fit line.
public enum TrainingMemoryChart {
    /// The components in stacking order; the embedding's dropout mask counts as activations.
    public static func segments(_ memory: TrainingMemoryEstimate) -> [MemoryBreakdownChart.Segment] {
        let p = memory.perGPU
        return [
            .init(component: "weights", bytes: Double(p.weights)),
            .init(component: "gradients", bytes: Double(p.gradients)),
            .init(component: "master weights", bytes: Double(p.masterWeights)),
            .init(component: "optimizer states", bytes: Double(p.optimizerStates)),
            .init(component: "activations", bytes: Double(p.activations + p.embeddingDropout)),
            .init(component: "logits", bytes: Double(p.logits)),
        ]
    }

    /// A bar's label: the ZeRO stage and the recompute, which is what the bars differ in.
    static func label(_ options: TrainingMemoryOptions) -> String {
        let recompute = options.recompute == .none ? "no recompute" : "\(options.recompute.rawValue) recompute"
        return "ZeRO-\(options.parallelism.zeroStage), \(recompute)"
    }

    /// The requested options first, then each alternative.
    static func layouts(_ requested: TrainingMemoryOptions) -> [TrainingMemoryOptions] {
        var layouts = [requested]
        if requested.parallelism.data > 1 {
            for stage in 0...3 where stage != requested.parallelism.zeroStage {
                var other = requested
                other.parallelism.zeroStage = stage
                layouts.append(other)
            }
        }
        if requested.recompute != .full {
            var other = requested
            other.recompute = .full
            layouts.append(other)
        }
        return layouts
    }

    static func chart(
        _ spec: ModelSpec, _ options: TrainingMemoryOptions, _ requested: TrainingMemoryEstimate,
        hardware: Accelerator?, usableBytes: Int?
    ) throws(EstimationError) -> MemoryBreakdownChart {
        guard let hardware, let usableBytes else { throw ChartNames.hardwareRequired(for: "memory chart") }
        var bars = [MemoryBreakdownChart.Bar(label: label(options) + " (requested)", segments: segments(requested))]
        for layout in layouts(options).dropFirst() {
            // The requested layout was valid, so its alternatives are; one that still fails (an
            // overflow) is simply not drawn.
            guard let memory = try? TrainingMemory.estimate(spec, layout) else { continue }
            bars.append(.init(label: label(layout), segments: segments(memory)))
        }
        let p = options.parallelism
        let gpus = p.gpus.map { $0 == 1 ? "1 GPU" : "\($0) GPUs" } ?? "? GPUs"
        let title = "Training memory per GPU: \(ChartNames.model(spec, parameters: requested.parameters)), "
            + "batch \(options.batchSize) × \(options.sequenceLength) tokens, \(options.optimizer.rawValue), "
            + "\(gpus) (DP \(p.data) × TP \(p.tensor) × PP \(p.pipeline))"
        return MemoryBreakdownChart(
            title: title,
            device: .init(
                name: ChartNames.device(hardware), capacityBytes: Double(hardware.memoryBytes),
                usableBytes: Double(usableBytes)),
            bars: bars)
    }
}
