import Charts
import Estimation

/// `POST /v1/roofline`: operators `[{name, flops, bytes}]` on an accelerator's roofline (seeds 003
/// and 004): the ridge point, and per operator its intensity, bound, attainable rate, fraction of
/// peak and time, at the spec sheet's roofs and, where the hardware has them, at its measured ones
/// (docs/inference.md, "The roofline"). `precision` null in the canonical options is the
/// hardware's default peak.
enum RooflineEndpoint: EstimateEndpoint {
    /// The roofline's subject is the machine: its figures are echoed as `hardware`, its name is
    /// the provenance.
    typealias Subject = Accelerator
    typealias Result = RooflineEstimate

    struct Options {
        /// Nil: the hardware's bf16 peak, else its fp32 one (`RooflineOptions.defaultPrecision`).
        var precision: Precision?
        var operators: [RooflineOperator]
    }

    static let path = "/v1/roofline"
    static let representations = Representation.withChart

    /// `hardware`, required: a preset or an object of figures, measured ones optional.
    static func readSubject(_ reader: inout FieldReader) -> ResolvedSubject<Accelerator>? {
        guard reader.contains(HardwareInput.field) else {
            _ = reader.value(HardwareInput.field)
            reader.fail(HardwareInput.field, "is required: a preset name (see GET /v1/hardware) or an object of figures")
            return nil
        }
        guard let accelerator = HardwareInput.read(&reader) else { return nil }
        let custom = accelerator.name == "custom"
        return ResolvedSubject(
            value: accelerator,
            provenance: ModelProvenance(kind: custom ? .spec : .preset, presetName: custom ? nil : accelerator.name))
    }

    static func writeSubject(_ accelerator: Accelerator, to json: inout JSONWriter) {
        json.key(HardwareInput.field)
        HardwareInput.writeCanonical(accelerator, roofline: true, to: &json)
    }

    /// `precision` and `operators`: 1 to 4,096 of `{"name", "flops", "bytes"}`.
    static func readOptions(_ reader: inout FieldReader) -> Options? {
        let precision = reader.contains("precision") ? reader.choice("precision", default: Precision.bf16) : nil
        guard let value = reader.value("operators") else {
            reader.fail("operators", "is required: [{\"name\", \"flops\", \"bytes\"}, …]")
            return nil
        }
        guard case .array(let items) = value else {
            reader.fail("operators", "must be an array of operators, not \(value.typeName)")
            return nil
        }
        guard (1...RooflineOptions.maximumOperators).contains(items.count) else {
            reader.fail("operators", "must list 1 to \(RooflineOptions.maximumOperators) operators, got \(items.count)")
            return nil
        }
        var operators: [RooflineOperator] = []
        operators.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard var nested = reader.element(item, at: index, of: "operators") else { continue }
            let name = nested.isPresent("name") ? nested.string("name") : nil
            let flops = nested.isPresent("flops") ? nested.number("flops") : nil
            let bytes = nested.isPresent("bytes") ? nested.number("bytes") : nil
            nested.finish()
            if let name, let flops, let bytes { operators.append(RooflineOperator(name: name, flops: flops, bytes: bytes)) }
        }
        guard operators.count == items.count else { return nil }
        return Options(precision: precision, operators: operators)
    }

    /// The precision resolved against the hardware, then the operators.
    static func writeOptions(_ options: Options, to json: inout JSONWriter) {
        json.beginObject()
        json.key("precision")
        if let precision = options.precision { json.string(precision.rawValue) } else { json.null() }
        json.objects("operators", options.operators) { json, item in
            json.field("name", item.name)
            json.field("flops", item.flops)
            json.field("bytes", item.bytes)
        }
        json.endObject()
    }

    private static func analysis(_ accelerator: Accelerator, _ options: Options) -> RooflineOptions {
        RooflineOptions(accelerator: accelerator, precision: options.precision, operators: options.operators)
    }

    static func validate(_ options: Options, for accelerator: Accelerator?) throws(EstimationError) {
        guard let accelerator else { return try RooflineOptions.validate(operators: options.operators) }
        try analysis(accelerator, options).validate()
    }

    static func compute(_ accelerator: Accelerator, _ options: Options) throws(EstimationError) -> Result {
        try RooflineEstimate.estimate(analysis(accelerator, options))
    }

    static func chart(_ accelerator: Accelerator, _ options: Options, _ result: Result) throws(EstimationError) -> (any SVGChart)? {
        RooflineEstimateChart.chart(accelerator, result)
    }

    /// A precision given; the default one is in the roofline's title, resolved.
    static func describe(_ options: Options, to scenario: inout Scenario) {
        if let precision = options.precision { scenario.set("precision", precision.rawValue) }
    }

    static func writeResult(_ result: Result, to json: inout JSONWriter) {
        json.field("precision", result.precision.rawValue)
        json.field("ridge_intensity", result.roofs.ridgeIntensity)
        writeRoofs("roofs", result.roofs, to: &json)
        json.key("measured_roofs")
        if let measured = result.measuredRoofs {
            writeRoofsObject(measured, to: &json)
        } else {
            json.null()
        }
        json.key("operators")
        json.beginArray()
        for placed in result.operators {
            json.beginObject()
            json.field("name", placed.operation.name)
            json.field("flops", placed.operation.flops)
            json.field("bytes", placed.operation.bytes)
            writePoint(placed.point, to: &json)
            json.optionalObject("measured", placed.measured) { json, point in writePoint(point, to: &json) }
            json.endObject()
        }
        json.endArray()
        json.object("totals") { json in
            json.field("flops", result.flops)
            json.field("bytes", result.bytes)
            json.field("seconds", result.seconds)
            json.field("measured_seconds", result.measuredSeconds)
        }
    }

    static func writeRoofs(_ name: String, _ roofs: Roofs, to json: inout JSONWriter) {
        json.key(name)
        writeRoofsObject(roofs, to: &json)
    }

    private static func writeRoofsObject(_ roofs: Roofs, to json: inout JSONWriter) {
        json.beginObject()
        json.field("peak_flops_per_second", roofs.peakFlopsPerSecond)
        json.field("bandwidth_bytes_per_second", roofs.bandwidthBytesPerSecond)
        json.field("ridge_intensity", roofs.ridgeIntensity)
        json.endObject()
    }

    /// A point's members: intensity, bound, attainable rate, fraction of peak and seconds.
    static func writePoint(_ point: RooflinePoint, to json: inout JSONWriter) {
        json.field("intensity", point.intensity)
        json.field("bound", point.bound.rawValue)
        json.field("attainable_flops_per_second", point.attainableFlopsPerSecond)
        json.field("fraction_of_peak", point.fractionOfPeak)
        json.field("seconds", point.seconds)
    }

    static func renderText(_ result: Result, to report: inout TextReport) {
        report.section("Roofline (\(result.precision.rawValue))")
        report.row("ridge_intensity", TextReport.fixed(result.roofs.ridgeIntensity, places: 2), "FLOP/byte")
        if let measured = result.measuredRoofs {
            report.row("measured ridge", TextReport.fixed(measured.ridgeIntensity, places: 2), "FLOP/byte at the measured roofs")
        }
        var columns: [TextTable.Column] = [
            .init(header: "Operator", numeric: false), .init(header: "FLOPs", numeric: true),
            .init(header: "Bytes", numeric: true), .init(header: "FLOP/B", numeric: true),
            .init(header: "Bound", numeric: false), .init(header: "% peak", numeric: true),
            .init(header: "µs", numeric: true),
        ]
        if result.measuredRoofs != nil {
            columns += [.init(header: "Measured bound", numeric: false), .init(header: "Measured µs", numeric: true)]
        }
        var table = TextTable(columns)
        for placed in result.operators {
            var cells = [
                placed.operation.name, TextReport.scientific(placed.operation.flops),
                TextReport.scientific(placed.operation.bytes), TextReport.fixed(placed.point.intensity, places: 3),
                placed.point.bound.rawValue, TextReport.fixed(100 * placed.point.fractionOfPeak, places: 1),
                TextReport.fixed(placed.point.seconds * 1e6, places: 3),
            ]
            if let measured = placed.measured {
                cells += [measured.bound.rawValue, TextReport.fixed(measured.seconds * 1e6, places: 3)]
            }
            table.append(cells)
        }
        report.table("Operators", table)
        report.section("Totals")
        report.flops("flops", result.flops)
        report.row("bytes", TextReport.scientific(result.bytes), "B")
        report.row("seconds", TextReport.scientific(result.seconds), "at the spec sheet's roofs")
        if let measured = result.measuredSeconds {
            report.row("measured seconds", TextReport.scientific(measured), "at the measured roofs")
        }
    }
}
