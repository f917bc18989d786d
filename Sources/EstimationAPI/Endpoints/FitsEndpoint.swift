import Charts
import Estimation

/// `POST /v1/fits`: which models train on which accelerators. One training scenario (the fields of
/// `/v1/memory/training`) for several model presets, judged against several hardware presets:
/// the memory per GPU and, per accelerator, whether it fits after the headroom and by how much.
/// Its chart is the fits grid.
enum FitsEndpoint: EstimateEndpoint {
    struct Options {
        var estimate: TrainingMemoryOptions
        var accelerators: [Accelerator]
        var headroom: Double
    }

    typealias Subject = [ModelPreset]
    typealias Result = MemoryFitTable

    static let path = "/v1/fits"
    static let representations = Representation.withChart

    /// The grid's caps (`ChartLimits.gridRows`, `gridColumns`): a request the chart cannot draw whole is refused.
    static let models = 1...64
    static let accelerators = 1...16

    /// `models`: preset names (GET /v1/models), 1 to 64.
    static func readSubject(_ reader: inout FieldReader) -> ResolvedSubject<Subject>? {
        guard reader.value("models") != nil else {
            reader.fail("models", "is required: an array of 1 to \(models.upperBound) model preset names (see GET /v1/models)")
            return nil
        }
        guard let names = reader.strings("models") else { return nil }
        guard models.contains(names.count) else {
            reader.fail("models", "must list 1 to \(models.upperBound) model presets, not \(names.count)")
            return nil
        }
        var presets: [ModelPreset] = []
        for (index, name) in names.enumerated() {
            guard let preset = ModelPresets.named(name) else {
                let matches = ModelPresets.closeMatches(to: name)
                let suggestion = matches.isEmpty ? "see GET /v1/models" : "did you mean \(matches.joined(separator: ", "))?"
                reader.fail("models[\(index)]", "unknown preset \"\(name)\"; \(suggestion)")
                continue
            }
            presets.append(preset)
        }
        guard presets.count == names.count else { return nil }
        return ResolvedSubject(value: presets, provenance: ModelProvenance(kind: .preset))
    }

    /// Presets by name: their specs are fixed by the build, which the result version names.
    static func writeSubject(_ presets: Subject, to json: inout JSONWriter) {
        json.key("models")
        json.beginArray()
        for preset in presets { json.string(preset.name) }
        json.endArray()
    }

    /// `accelerators`: hardware preset names (GET /v1/hardware), 1 to 16; `headroom` defaults to 0
    /// as in `/v1/memory/training`.
    static func readOptions(_ reader: inout FieldReader) -> Options? {
        let estimate = TrainingMemoryFields.read(&reader)
        let headroom = reader.number(HeadroomField.name) ?? 0
        guard reader.value("accelerators") != nil else {
            reader.fail("accelerators", "is required: an array of 1 to \(accelerators.upperBound) hardware preset names (see GET /v1/hardware)")
            return nil
        }
        guard let names = reader.strings("accelerators") else { return nil }
        guard accelerators.contains(names.count) else {
            reader.fail("accelerators", "must list 1 to \(accelerators.upperBound) hardware presets, not \(names.count)")
            return nil
        }
        var devices: [Accelerator] = []
        for (index, name) in names.enumerated() {
            guard let device = HardwareCatalogue.named(name) else {
                let matches = HardwareCatalogue.closeMatches(to: name)
                let suggestion = matches.isEmpty ? "see GET /v1/hardware" : "did you mean \(matches.joined(separator: ", "))?"
                reader.fail("accelerators[\(index)]", "unknown hardware preset \"\(name)\"; \(suggestion)")
                continue
            }
            devices.append(device)
        }
        guard let estimate, devices.count == names.count else { return nil }
        return Options(estimate: estimate, accelerators: devices, headroom: headroom)
    }

    static func writeOptions(_ options: Options, to json: inout JSONWriter) {
        json.beginObject()
        TrainingMemoryFields.write(options.estimate, to: &json)
        json.key("accelerators")
        json.beginArray()
        for accelerator in options.accelerators { json.string(accelerator.name) }
        json.endArray()
        json.field(HeadroomField.name, options.headroom)
        json.endObject()
    }

    static func validate(_ options: Options, for presets: Subject?) throws(EstimationError) {
        let issues = IssueList()
        issues.collect { () throws(EstimationError) in try options.estimate.validate(for: nil) }
        issues.collect { () throws(EstimationError) in try MemoryFit.validate(headroom: options.headroom) }
        try issues.check()
    }

    static func compute(_ presets: Subject, _ options: Options) throws(EstimationError) -> Result {
        try MemoryFitTable(
            models: presets, accelerators: options.accelerators, options: options.estimate, headroom: options.headroom)
    }

    static func describe(_ options: Options, to scenario: inout Scenario) {
        TrainingMemoryFields.describe(options.estimate, to: &scenario)
        scenario.set("headroom", "\(options.headroom)")
    }

    static func writeResult(_ table: Result, to json: inout JSONWriter) {
        json.key("rows")
        json.beginArray()
        for row in table.rows {
            json.beginObject()
            json.field("model", row.model.name)
            json.field("parameters", row.memory.parameters)
            json.field("required_bytes", row.memory.perGPU.total)
            json.key("cells")
            json.beginArray()
            for (accelerator, fit) in zip(table.accelerators, row.fits) {
                json.beginObject()
                json.field("hardware", accelerator.name)
                json.field("fits", fit.fits)
                json.field("memory_bytes", fit.memoryBytes)
                json.field("usable_bytes", fit.usableBytes)
                json.field("free_bytes", fit.freeBytes)
                json.field("short_bytes", fit.shortBytes)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }

    static func renderText(_ table: Result, to report: inout TextReport) {
        var text = TextTable(
            [TextTable.Column(header: "model", numeric: false), TextTable.Column(header: "per GPU", numeric: true)]
                + table.accelerators.map { TextTable.Column(header: $0.name, numeric: true) })
        for row in table.rows {
            text.append(
                [row.model.name, TextReport.binaryBytes(row.memory.perGPU.total)]
                    + row.fits.map { $0.fits ? "fits, \(TextReport.binaryBytes($0.freeBytes)) free" : "short \(TextReport.binaryBytes($0.shortBytes))" })
        }
        report.table("Fits: memory per GPU against each accelerator's usable memory", text)
    }

    static func chart(_ presets: Subject, _ options: Options, _ table: Result) throws(EstimationError) -> (any SVGChart)? {
        let estimate = options.estimate
        let p = estimate.parallelism
        let gpus = p.gpus.map { $0 == 1 ? "1 GPU" : "\($0) GPUs" } ?? "? GPUs"
        let recompute = estimate.recompute == .none ? "no recompute" : "\(estimate.recompute.rawValue) recompute"
        let title = "Training on \(gpus) (DP \(p.data) × TP \(p.tensor) × PP \(p.pipeline), ZeRO-\(p.zeroStage)), "
            + "\(recompute), batch \(estimate.batchSize) × \(estimate.sequenceLength) tokens, \(estimate.optimizer.rawValue), "
            + "headroom \(options.headroom)"
        return FitsGridChart.chart(table, title: title)
    }
}
