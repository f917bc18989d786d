/// Which models train on which accelerators: one training-memory estimate per model (the memory
/// does not depend on the device), judged against each accelerator's memory after the headroom.
/// What `POST /v1/fits` answers and its fits grid draws.
public struct MemoryFitTable: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        public var model: ModelPreset
        public var memory: TrainingMemoryEstimate
        /// One per accelerator, in the table's column order.
        public var fits: [MemoryFit]
    }

    public var accelerators: [Accelerator]
    public var rows: [Row]

    /// Throws the first model's issues (a parallel layout that does not divide its heads or layers),
    /// each message naming the model as `models[i]`, and a headroom outside 0...0.99.
    public init(
        models: [ModelPreset], accelerators: [Accelerator], options: TrainingMemoryOptions, headroom: Double
    ) throws(EstimationError) {
        self.accelerators = accelerators
        var rows: [Row] = []
        rows.reserveCapacity(models.count)
        for (index, model) in models.enumerated() {
            let memory: TrainingMemoryEstimate
            do {
                memory = try TrainingMemory.estimate(model.spec, options)
            } catch {
                throw EstimationError(issues: error.issues.map {
                    .init(field: $0.field, message: "with models[\(index)] (\(model.name)): \($0.message)")
                })
            }
            var fits: [MemoryFit] = []
            for accelerator in accelerators {
                fits.append(try memory.fit(on: accelerator, headroom: headroom))
            }
            rows.append(Row(model: model, memory: memory, fits: fits))
        }
        self.rows = rows
    }
}
