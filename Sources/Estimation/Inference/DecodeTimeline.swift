/// The decode steps of a generation, summed exactly. After the prefill yields the first token,
/// steps `1 … g−1` each add a token after a prefix of `prompt + j − 1` tokens. Every operator's
/// compute and memory times are affine in the keys its layers attend to (constant for every
/// operator outside attention), and those keys run in a few runs of consecutive counts (`keyRuns`:
/// a sliding window fills, chunks start again), so each operator's `Σ max(compute, memory)` is
/// summed in closed form run by run: the mean is exact, not a sample, and costs a few tables
/// whatever the generation's length.
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

        /// A row over `steps` steps, affine from `a` to `b`, `repeats` times over.
        mutating func add(
            _ a: (cost: OperatorCost, placed: InferenceOperator), _ b: (cost: OperatorCost, placed: InferenceOperator),
            steps n: Double, repeats: Double, efficiency: Efficiency
        ) {
            let p = a.placed.point
            let q = b.placed.point
            seconds += repeats * DecodeTimeline.sumOfMaximum(p.computeSeconds, q.computeSeconds, p.memorySeconds, q.memorySeconds, n)
            expectedSeconds += repeats
                * (DecodeTimeline.sumOfMaximum(
                    p.computeSeconds / efficiency.compute, q.computeSeconds / efficiency.compute,
                    p.memorySeconds / efficiency.bandwidth, q.memorySeconds / efficiency.bandwidth, n)
                    + n * a.cost.kernels * efficiency.kernelOverheadSeconds)
            let mean = repeats * n / 2
            computeSeconds += mean * (p.computeSeconds + q.computeSeconds)
            memorySeconds += mean * (p.memorySeconds + q.memorySeconds)
            weightBytes += mean * (a.cost.weightBytes + b.cost.weightBytes)
            cacheBytes += mean * (a.cost.cacheBytes + b.cost.cacheBytes)
        }
    }

    func totals(batch: Double, prompt: Double, generated: Double) -> Totals {
        let firstPrefix = prompt
        let lastPrefix = prompt + Swift.max(generated - 2, 0)
        let steps = lastPrefix - firstPrefix + 1
        let firstStep = operators.decode(batch: batch, prefix: firstPrefix)
        let firstCosts = operators.operators(firstStep)
        let first = timing.phase(firstCosts, firstStep)
        let last: InferenceEstimate.Phase
        if lastPrefix == firstPrefix {
            last = first
        } else {
            let lastStep = operators.decode(batch: batch, prefix: lastPrefix)
            last = timing.phase(operators.operators(lastStep), lastStep)
        }
        var totals = Totals(
            first: first, lastSeconds: last.seconds, lastExpectedSeconds: last.expectedSeconds, steps: steps)

        // Each row's cost is affine in the keys its span attends to (and constant without a span),
        // so the tables at a run's first and last keys give every step in between.
        var probes: [Double: [(OperatorCost, InferenceOperator)]] = [:]
        func probe(_ keys: Double) -> [(OperatorCost, InferenceOperator)] {
            if let table = probes[keys] { return table }
            let costs = operators.operators(.decode(batch: batch, prefix: firstPrefix, keys: .init(uniform: keys)))
            let table = costs.map { ($0, timing.place($0)) }
            probes[keys] = table
            return table
        }
        var runs: [LayerKind.Attention: [KeyRun]] = [:]
        for (index, cost) in firstCosts.enumerated() {
            guard let span = cost.span else {
                let row = (cost, first.operators[index])
                totals.add(row, row, steps: steps, repeats: 1, efficiency: timing.efficiency)
                continue
            }
            if runs[span] == nil { runs[span] = keyRuns(span, from: firstPrefix, to: lastPrefix) }
            for run in runs[span] ?? [] {
                totals.add(
                    probe(run.first)[index], probe(run.last)[index], steps: run.steps, repeats: run.repeats,
                    efficiency: timing.efficiency)
            }
        }
        if let collectives = first.collectives {
            totals.seconds += steps * collectives.seconds
            totals.expectedSeconds += steps * collectives.expectedSeconds
        }
        return totals
    }

    /// The keys each span attends to on average over the steps after prefixes `start … end`: as
    /// every cost is affine in them, the mean step's.
    func meanKeys(from start: Double, to end: Double) -> InferenceStep.Keys {
        func mean(_ span: LayerKind.Attention) -> Double {
            let runs = keyRuns(span, from: start, to: end)
            let sum = runs.reduce(0) { $0 + $1.repeats * $1.steps * ($1.first + $1.last) / 2 }
            return sum / (end - start + 1)
        }
        var keys = InferenceStep.Keys(uniform: 0)
        keys.full = mean(.full)
        keys.sliding = mean(.sliding)
        keys.chunked = mean(.chunked)
        return keys
    }

    /// `steps` consecutive decode steps whose keys go from `first` to `last`, one more each step
    /// (or all alike), `repeats` times over.
    struct KeyRun: Equatable {
        var first: Double
        var last: Double
        var steps: Double
        var repeats: Double = 1
    }

    /// The keys a layer of `span` attends to over the steps after prefixes `start … end`: rising
    /// by one on a full layer; on a sliding one rising until the window, then the window; on a
    /// chunked one rising within each chunk and starting again at 1, every whole chunk alike.
    func keyRuns(_ span: LayerKind.Attention, from start: Double, to end: Double) -> [KeyRun] {
        let steps = end - start + 1
        switch span {
        case .full:
            return [KeyRun(first: start + 1, last: end + 1, steps: steps)]
        case .sliding:
            guard let window = operators.costs.window, end + 1 > window else {
                return [KeyRun(first: start + 1, last: end + 1, steps: steps)]
            }
            guard start + 1 < window else { return [KeyRun(first: window, last: window, steps: steps)] }
            return [
                KeyRun(first: start + 1, last: window, steps: window - start),
                KeyRun(first: window, last: window, steps: end + 1 - window),
            ]
        case .chunked:
            guard let chunk = operators.costs.chunk else {
                return [KeyRun(first: start + 1, last: end + 1, steps: steps)]
            }
            let (firstChunk, firstOffset) = ((start / chunk).rounded(.down), start.truncatingRemainder(dividingBy: chunk))
            let (lastChunk, lastOffset) = ((end / chunk).rounded(.down), end.truncatingRemainder(dividingBy: chunk))
            guard lastChunk > firstChunk else {
                return [KeyRun(first: firstOffset + 1, last: lastOffset + 1, steps: steps)]
            }
            var runs = [KeyRun(first: firstOffset + 1, last: chunk, steps: chunk - firstOffset)]
            if lastChunk - firstChunk > 1 {
                runs.append(KeyRun(first: 1, last: chunk, steps: chunk, repeats: lastChunk - firstChunk - 1))
            }
            runs.append(KeyRun(first: 1, last: lastOffset + 1, steps: lastOffset + 1))
            return runs
        }
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
