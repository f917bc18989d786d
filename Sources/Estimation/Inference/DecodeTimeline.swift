/// The decode steps of a generation, summed exactly. After the prefill yields the first token,
/// steps `1 … g−1` each add a token after a prefix of `prompt + j − 1` tokens. Every operator's
/// compute and memory times are affine in the prefix (attention reads one more key per step) until
/// a sliding window fills, so the steps are split there and each operator's
/// `Σ max(compute, memory)` is summed in closed form: the mean is exact, not a sample.
struct DecodeTimeline {
    let operators: StepOperators
    let timing: StepTiming

    /// Sums over the generation's decode steps (at least one step: with `generated = 1`, the step
    /// that would come next).
    struct Totals {
        var first: InferenceEstimate.Phase
        var lastSeconds: Double
        var lastExpectedSeconds: Double
        var steps: Double
        var seconds = 0.0
        var expectedSeconds = 0.0
        var computeSeconds = 0.0
        var memorySeconds = 0.0
        var weightBytes = 0.0
        var cacheBytes = 0.0

        var meanSeconds: Double { seconds / steps }
        var meanExpectedSeconds: Double { expectedSeconds / steps }
    }

    func totals(batch: Double, prompt: Double, generated: Double) -> Totals {
        let firstPrefix = prompt
        let lastPrefix = prompt + Swift.max(generated - 2, 0)
        var segments: [(Double, Double)] = [(firstPrefix, lastPrefix)]
        if let window = operators.view.window.map(Double.init), firstPrefix < window - 1, lastPrefix > window - 1 {
            // Sliding layers attend to `prefix + 1` keys up to `window − 1`, then to `window`.
            segments = [(firstPrefix, window - 1), (window, lastPrefix)]
        }
        let firstStep = InferenceStep.decode(batch: batch, prefix: firstPrefix)
        let firstCosts = operators.operators(firstStep)
        let first = timing.phase(firstCosts, firstStep)
        var totals = Totals(
            first: first, lastSeconds: first.seconds, lastExpectedSeconds: first.expectedSeconds,
            steps: lastPrefix - firstPrefix + 1)
        for (start, end) in segments {
            let startCosts = start == firstPrefix ? firstCosts : operators.operators(.decode(batch: batch, prefix: start))
            let endStep = InferenceStep.decode(batch: batch, prefix: end)
            let endCosts = end == start ? startCosts : operators.operators(endStep)
            let count = end - start + 1
            var endSeconds = 0.0
            var endExpected = 0.0
            for (a, b) in zip(startCosts, endCosts) {
                let p = timing.place(a)
                let q = timing.place(b)
                totals.seconds += Self.sumOfMaximum(
                    p.point.computeSeconds, q.point.computeSeconds, p.point.memorySeconds, q.point.memorySeconds, count)
                let efficiency = timing.efficiency
                totals.expectedSeconds +=
                    Self.sumOfMaximum(
                        p.point.computeSeconds / efficiency.compute, q.point.computeSeconds / efficiency.compute,
                        p.point.memorySeconds / efficiency.bandwidth, q.point.memorySeconds / efficiency.bandwidth, count)
                    + count * a.kernels * efficiency.kernelOverheadSeconds
                totals.computeSeconds += count * (p.point.computeSeconds + q.point.computeSeconds) / 2
                totals.memorySeconds += count * (p.point.memorySeconds + q.point.memorySeconds) / 2
                totals.weightBytes += count * (a.weightBytes + b.weightBytes) / 2
                totals.cacheBytes += count * (a.cacheBytes + b.cacheBytes) / 2
                endSeconds += q.point.seconds
                endExpected += q.expectedSeconds
            }
            if let collectives = first.collectives {
                totals.seconds += count * collectives.seconds
                totals.expectedSeconds += count * collectives.expectedSeconds
                endSeconds += collectives.seconds
                endExpected += collectives.expectedSeconds
            }
            totals.lastSeconds = endSeconds
            totals.lastExpectedSeconds = endExpected
        }
        return totals
    }

    /// `Σ_{i=0}^{n−1} max(c(i), m(i))` for `c` and `m` affine in `i`, from `c0` to `c1` and `m0`
    /// to `m1` over the `n` points: `Σ m`, plus `c − m` (affine too) over the points where it is
    /// positive, one run of consecutive points.
    static func sumOfMaximum(_ c0: Double, _ c1: Double, _ m0: Double, _ m1: Double, _ n: Double) -> Double {
        guard n > 1 else { return max(c0, m0) }
        let memory = n * (m0 + m1) / 2
        let gap0 = c0 - m0
        let slope = (c1 - m1 - gap0) / (n - 1)
        var first = 0.0
        var last = n - 1
        if slope == 0 {
            guard gap0 > 0 else { return memory }
        } else {
            let root = -gap0 / slope
            if slope > 0 { first = Swift.max(first, root.rounded(.down) + 1) } else { last = Swift.min(last, root.rounded(.up) - 1) }
        }
        guard first <= last else { return memory }
        let count = last - first + 1
        return memory + Swift.max(0, count * gap0 + slope * (first + last) * count / 2)
    }
}
