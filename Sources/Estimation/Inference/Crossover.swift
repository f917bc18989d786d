/// The decode batch at which a step turns compute-bound counting the cache's traffic. A step at
/// batch `B` does `B·F` FLOPs and moves `W + B·K` bytes (activations aside, a few percent; `K` the
/// keys and values read and written, a recurrent layer's state read and written back), so
/// it reaches the compute roof when `B·F/P ≥ (W + B·K)/H`: `B* = W·P / (F·H − K·P)`, and never
/// when `F·H ≤ K·P` (the cache alone keeps it memory-bound). For a mixture of experts `W` grows
/// with the batch, as the experts it touches do (`ExpertRouting`); `B·(F·H − K·P) − P·W(B)` is
/// then convex and negative at 0, so its one root is found by bisection.
enum CrossoverRule {
    static func crossover(
        _ operators: StepOperators, meanKeys: InferenceStep.Keys, roofs: Roofs, efficiency: Efficiency
    ) -> InferenceEstimate.Crossover {
        let costs = operators.operators(.decode(batch: 1, prefix: meanKeys.full - 1, keys: meanKeys))
        let weights = costs.reduce(0) { $0 + $1.weightBytes }
        let cache = costs.reduce(0) { $0 + $1.cacheBytes + $1.cacheBytesWritten }
        let flops = costs.reduce(0) { $0 + $1.matrixFlops + $1.vectorFlops }
        let perExpert = operators.routedBytesPerExpert
        let experts = operators.view.experts.map { (count: Double($0.count), perToken: Double($0.perToken)) }
        func touched(_ batch: Double) -> Double {
            experts.map { ExpertRouting.expectedExpertsTouched(experts: $0.count, perToken: $0.perToken, tokens: batch) } ?? 0
        }
        // The weights a step at `batch` reads: batch 1's, with the experts it touches in place of one token's.
        func weightBytes(_ batch: Double) -> Double { weights + perExpert * (touched(batch) - touched(1)) }
        func solve(peak: Double, bandwidth: Double) -> Double? {
            let margin = flops * bandwidth - cache * peak
            guard margin > 0 else { return nil }
            guard let experts else { return weights * peak / margin }
            var low = 0.0
            // The root with every expert read bounds it from above.
            var high = (weights + perExpert * (experts.count - touched(1))) * peak / margin
            for _ in 0..<100 {
                let middle = (low + high) / 2
                if middle * margin - peak * weightBytes(middle) < 0 { low = middle } else { high = middle }
            }
            return high
        }
        return InferenceEstimate.Crossover(
            weightBytes: weights, kvCacheBytesPerSequence: cache, flopsPerToken: flops,
            peakFlopsPerSecond: roofs.peakFlopsPerSecond, bandwidthBytesPerSecond: roofs.bandwidthBytesPerSecond,
            batch: solve(peak: roofs.peakFlopsPerSecond, bandwidth: roofs.bandwidthBytesPerSecond),
            expectedBatch: solve(
                peak: roofs.peakFlopsPerSecond * efficiency.compute,
                bandwidth: roofs.bandwidthBytesPerSecond * efficiency.bandwidth))
    }
}
