import Charts
import Estimation

/// `/v1/inference`'s chart: one figure, since an answer is one image, with what a capacity planner
/// reads off a serving estimate:
///
/// 1. the prefill's and the first decode step's operators on the roofline (spec-sheet roofs, and the
///    measured ones when the hardware has them), each at the FLOP/s the spec sheet lets it attain;
/// 2. decode against batch size, from the answer's `batch_sweep`: the mean time per output token
///    and the throughput, expected and at the roofs, with the largest batch that fits in memory;
/// 3. against prompt length: time to first token and mean time per output token, expected and at
///    the roofs, at prompts of 128, 256, … tokens up to the model's context (or 128k when it does not
///    say; at most 1M) and at the requested prompt, everything else as requested.
///
/// Part 3 estimates again at each prompt length (without the batch sweep and the training fit):
/// closed-form decode sums, so a few dozen tables. A length the estimator rejects (a cache whose
/// size overflows) is a gap in the lines, counted in the chart's note.
public enum InferenceChart {
    /// Part 3's prompt lengths: powers of two from this one.
    static let shortestPrompt = 128
    /// The longest prompt part 3 draws when the model names no context, and at most.
    static let defaultLongestPrompt = 1 << 17
    static let longestPrompt = 1 << 20

    public static func figure(_ spec: ModelSpec, _ options: InferenceOptions, _ result: InferenceEstimate) -> Figure {
        let counted = try? CountedSpec(spec)
        let model = ChartNames.model(spec, parameters: counted?.parameters.total ?? 0)
        let types = options.types
        let tensor = options.tensorParallel == 1 ? "" : " × TP \(options.tensorParallel)"
        let title = "Serving \(model) on \(ChartNames.device(options.accelerator))\(tensor): batch \(options.batchSize), "
            + "\(options.promptTokens)-token prompts, \(options.generatedTokens) generated; weights \(types.weights.rawValue), "
            + "KV cache \(types.kvCache.rawValue)"
        var parts: [Figure.Part] = [.roofline(roofline(options, result)), .lines(batchSweep(options, result))]
        if let counted { parts.append(.lines(contexts(counted, options))) }
        return Figure(title: title, parts: parts)
    }

    static func roofline(_ options: InferenceOptions, _ result: InferenceEstimate) -> RooflineChart {
        let groups = result.layerGroups.count > 1
        func placed(_ phase: String, _ rows: [InferenceOperator]) -> [RooflineChart.Operator] {
            rows.map { row in
                let group = groups ? row.group.map { " [group \($0)]" } ?? "" : ""
                return RooflinePlacement.placed("\(phase) \(row.name)\(group)", row.point)
            }
        }
        let device = ChartNames.device(options.accelerator)
        return RooflineChart(
            title: "Prefill and first decode step per GPU, operator by operator (attainable at the spec sheet's roofs)",
            roofs: RooflinePlacement.roofs(
                device: device, precision: result.precision, spec: result.roofs,
                measured: Roofs.measured(options.accelerator, precision: result.precision)),
            operators: placed("prefill", result.prefill.operators) + placed("decode", result.decode.operators))
    }

    /// Two series per panel: expected, and at the roofs (the lower bound).
    private static func panels(
        _ first: (title: String, expected: [LineChart.Point], ideal: [LineChart.Point]),
        _ second: (title: String, quantity: Quantity, expected: [LineChart.Point], ideal: [LineChart.Point])
    ) -> [LineChart.Panel] {
        [
            .init(yAxis: .init(title: first.title, quantity: .seconds), series: [
                .init(name: "expected", points: first.expected), .init(name: "at the roofs", points: first.ideal),
            ]),
            .init(yAxis: .init(title: second.title, quantity: second.quantity), series: [
                .init(name: "expected", points: second.expected), .init(name: "at the roofs", points: second.ideal),
            ]),
        ]
    }

    static func batchSweep(_ options: InferenceOptions, _ result: InferenceEstimate) -> LineChart {
        let sweep = result.sweep
        func points(_ value: (InferenceEstimate.SweepPoint) -> Double) -> [LineChart.Point] {
            sweep.map { LineChart.Point(x: Double($0.batch), y: value($0)) }
        }
        let fit: String
        if let largest = sweep.last(where: \.fits) {
            fit = largest.batch == sweep.last?.batch ? "every batch fits in memory" : "fits in memory up to batch \(largest.batch)"
        } else {
            fit = "no batch fits in memory"
        }
        return LineChart(
            title: "Decode against batch size: mean step over \(options.generatedTokens) tokens after "
                + "\(options.promptTokens)-token prompts; \(fit)",
            xAxis: .init(title: "Batch size", quantity: .count("sequences"), scale: .logarithmic),
            panels: panels(
                ("Time per output token", points(\.expectedTimePerOutputToken), points(\.timePerOutputToken)),
                ("Throughput", .count("tokens/s"), points(\.expectedTokensPerSecond), points(\.tokensPerSecond))))
    }

    /// 128, 256, … up to the longest, and the requested prompt.
    static func promptLengths(_ spec: ModelSpec, requested: Int) -> [Int] {
        let longest = min(spec.maxPositionEmbeddings ?? defaultLongestPrompt, longestPrompt)
        var lengths: [Int] = []
        var length = shortestPrompt
        while length <= longest {
            lengths.append(length)
            length *= 2
        }
        if lengths.last != longest { lengths.append(longest) }
        if !lengths.contains(requested) { lengths.append(requested) }
        return lengths.sorted()
    }

    static func contexts(_ counted: CountedSpec, _ options: InferenceOptions) -> LineChart {
        var ttft: (expected: [LineChart.Point], ideal: [LineChart.Point]) = ([], [])
        var tpot: (expected: [LineChart.Point], ideal: [LineChart.Point]) = ([], [])
        for prompt in promptLengths(counted.spec, requested: options.promptTokens) {
            var variant = options
            variant.promptTokens = prompt
            variant.sweepMaxBatch = 1
            variant.training = nil
            let x = Double(prompt)
            let estimate = try? InferenceEstimator.estimate(counted, variant)
            ttft.expected.append(.init(x: x, y: estimate?.expected.timeToFirstToken ?? .nan))
            ttft.ideal.append(.init(x: x, y: estimate?.ideal.timeToFirstToken ?? .nan))
            tpot.expected.append(.init(x: x, y: estimate?.expected.timePerOutputTokenMean ?? .nan))
            tpot.ideal.append(.init(x: x, y: estimate?.ideal.timePerOutputTokenMean ?? .nan))
        }
        return LineChart(
            title: "Against prompt length: batch \(options.batchSize), \(options.generatedTokens) generated tokens",
            xAxis: .init(title: "Prompt length", quantity: .count("tokens"), scale: .logarithmic),
            panels: panels(
                ("Time to first token", ttft.expected, ttft.ideal),
                ("Time per output token", .seconds, tpot.expected, tpot.ideal)))
    }
}
