import Estimation

/// What a text answer assumes, before its numbers: each option that shaped them, under its request
/// field's name, with the defaults spelled out. `/v1/estimate` gathers every section's options, so
/// a field several sections read (`batch_size`, `hardware`) is listed once, as the first section
/// described it.
struct Scenario {
    private var rows: [(field: String, value: String)] = []

    mutating func set(_ field: String, _ value: String) {
        guard !rows.contains(where: { $0.field == field }) else { return }
        rows.append((field, value))
    }

    mutating func set(_ field: String, _ value: Int) {
        set(field, TextReport.grouped(value))
    }

    mutating func set(_ field: String, _ value: Bool) {
        set(field, value ? "true" : "false")
    }

    /// `data 8 × tensor 2 × pipeline 4 = 64 GPUs, ZeRO-1, sequence parallel, 8 micro-batches`.
    mutating func set(_ parallelism: Parallelism) {
        let gpus = parallelism.gpus.map { " = \(TextReport.grouped($0)) GPU\($0 == 1 ? "" : "s")" } ?? ""
        var parts = [
            "data \(TextReport.grouped(parallelism.data)) × tensor \(TextReport.grouped(parallelism.tensor)) "
                + "× pipeline \(TextReport.grouped(parallelism.pipeline))" + gpus,
            parallelism.zeroStage == 0 ? "no ZeRO" : "ZeRO-\(parallelism.zeroStage)",
        ]
        if parallelism.sequenceParallel { parts.append("sequence parallel") }
        if parallelism.pipeline > 1 {
            parts.append(parallelism.microBatches.map { "\($0) micro-batches" } ?? "micro-batches ≥ pipeline")
        }
        set("parallelism", parts.joined(separator: ", "))
    }

    /// The accelerator's figures (its name is in the Model section), and the headroom when a fit
    /// sets some aside.
    mutating func set(_ accelerator: Accelerator?, headroom: Double?) {
        guard let accelerator else {
            set("hardware", "none (no fit verdict)")
            return
        }
        var value = TextReport.grouped(accelerator.memoryBytes) + " B (" + TextReport.binaryBytes(accelerator.memoryBytes)
            + "), " + TextReport.grouped(Int((accelerator.bandwidthBytesPerSecond / 1e9).rounded())) + " GB/s"
        if let headroom { value += ", headroom " + TextReport.fixed(headroom, places: 2) }
        set("hardware", value)
    }

    /// A "Scenario" section, or nothing when the answer has no options.
    func render(to report: inout TextReport) {
        guard !rows.isEmpty else { return }
        report.section("Scenario")
        for row in rows { report.words(row.field, row.value) }
    }
}
