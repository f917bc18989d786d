/// What fits for training (`TrainingMemory`, docs/formulas.md §2) on the hardware: the largest
/// micro-batch one replica of `tensor_parallel.degree` GPUs holds without ZeRO, and for the
/// requested micro-batch the fewest GPUs under each ZeRO stage (data-parallel replicas × the
/// tensor degree; no pipeline). Memory only grows with the micro-batch and only shrinks with the
/// replicas ZeRO shards over, so both are bisections.
enum TrainingCapacityRule {
    static func capacity(
        _ counted: CountedSpec, _ training: TrainingFitOptions, options: InferenceOptions
    ) -> InferenceEstimate.TrainingCapacity {
        func fits(batch: Int, data: Int, zeroStage: Int) -> Bool {
            let memory = TrainingMemoryOptions(
                batchSize: batch, sequenceLength: training.sequenceLength, optimizer: training.optimizer,
                recompute: training.recompute, flashAttention: training.flashAttention, dropout: training.dropout,
                parallelism: Parallelism(data: data, tensor: options.tensorParallel, zeroStage: zeroStage))
            // Every option is in range (validated), so the only failure is a count beyond 2^63:
            // memory no accelerator has.
            guard let estimate = try? TrainingMemory.estimate(counted, memory),
                let fit = try? estimate.fit(on: options.accelerator, headroom: options.headroom)
            else { return false }
            return fit.fits
        }
        let batch = Bisection.largest(in: OptionLimits.batchSize) { fits(batch: $0, data: 1, zeroStage: 0) } ?? 0
        var fewest: [InferenceEstimate.TrainingCapacity.ZeroFit] = []
        for stage in 0...3 {
            let degrees = stage == 0 ? 1...1 : OptionLimits.parallelDegree
            // The fewest replicas that fit: one more than the most that do not.
            let data: Int?
            if fits(batch: training.batchSize, data: degrees.lowerBound, zeroStage: stage) {
                data = degrees.lowerBound
            } else {
                data = Bisection.largest(in: degrees) { !fits(batch: training.batchSize, data: $0, zeroStage: stage) }
                    .flatMap { $0 < degrees.upperBound ? $0 + 1 : nil }
            }
            fewest.append(InferenceEstimate.TrainingCapacity.ZeroFit(
                zeroStage: stage, dataParallel: data, gpus: data.map { $0 * options.tensorParallel }))
        }
        return InferenceEstimate.TrainingCapacity(
            sequenceLength: training.sequenceLength, largestMicroBatch: batch, fewestGPUs: fewest)
    }
}
