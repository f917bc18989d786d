import Estimation

/// The `hardware` field: a preset name (`"h100-sxm"`), or an object
/// `{ "preset"?, "memory_bytes"?, "bandwidth_bytes_per_second"?, "peak_flops_per_second"?: {precision: FLOP/s},
///    "measured"?: {"peak_flops_per_second"?: {…}, "bandwidth_bytes_per_second"?},
///    "interconnect_bandwidth_bytes_per_second"? }`
/// that either overrides a preset's figures or, without `preset`, describes custom hardware (then
/// `memory_bytes` and `bandwidth_bytes_per_second` are required). Measured roofs and the
/// interconnect matter to `/v1/roofline` and `/v1/inference` only.
///
/// Only the figures take part in the hash: a preset and a custom object with its figures are the
/// same hardware. The name is reported as provenance.
enum HardwareInput {
    static let field = "hardware"

    static func read(_ reader: inout FieldReader) -> Accelerator? {
        guard let value = reader.value(field) else { return nil }
        switch value {
        case .string(let name):
            return preset(name, reader: reader, field: field)
        case .object:
            guard var nested = reader.object(field) else { return nil }
            defer { nested.finish() }
            return readObject(&nested, reader: reader)
        default:
            reader.fail(field, "must be a preset name or an object, not \(value.typeName)")
            return nil
        }
    }

    private static func readObject(_ nested: inout FieldReader, reader: FieldReader) -> Accelerator? {
        let base = nested.string("preset")
        let memoryBytes = nested.integer("memory_bytes")
        let bandwidth = nested.number("bandwidth_bytes_per_second")
        let interconnect = nested.number(interconnectField)
        let peaks = readPeaks(&nested)
        let measured = nested.nestedObject("measured") { reader -> MeasuredRoofs? in
            let peaks = readPeaks(&reader)
            let bandwidth = reader.number("bandwidth_bytes_per_second")
            return peaks.map { MeasuredRoofs(peakFlopsPerSecond: $0, bandwidthBytesPerSecond: bandwidth) }
        }
        guard let peaks, measured.valid else { return nil }
        let measuredRoofs = measured.value ?? MeasuredRoofs()
        do {
            if let base {
                guard let preset = preset(base, reader: nested, field: "preset") else { return nil }
                return try preset.overriding(
                    memoryBytes: memoryBytes, bandwidthBytesPerSecond: bandwidth, peakFlopsPerSecond: peaks,
                    measured: measuredRoofs, interconnectBytesPerSecond: interconnect)
            }
            let memoryGiven = nested.isPresent("memory_bytes")
            let bandwidthGiven = nested.isPresent("bandwidth_bytes_per_second")
            guard memoryGiven, bandwidthGiven, let memoryBytes, let bandwidth else { return nil }
            return try Accelerator.custom(
                memoryBytes: memoryBytes, bandwidthBytesPerSecond: bandwidth, peakFlopsPerSecond: peaks,
                measured: measuredRoofs, interconnectBytesPerSecond: interconnect)
        } catch {
            // Accelerator names its issues `hardware.…` already.
            reader.report(error, under: field)
            return nil
        }
    }

    static let interconnectField = "interconnect_bandwidth_bytes_per_second"

    /// `peak_flops_per_second`: rates by precision name; empty when absent, nil (reported) when
    /// it is not an object.
    private static func readPeaks(_ reader: inout FieldReader) -> [Precision: Double]? {
        var peaks: [Precision: Double] = [:]
        guard reader.contains("peak_flops_per_second") else {
            _ = reader.value("peak_flops_per_second")  // a null is the default, not an unknown field
            return peaks
        }
        guard var peakReader = reader.object("peak_flops_per_second") else { return nil }
        for precision in Precision.allCases {
            if let peak = peakReader.number(precision.rawValue) { peaks[precision] = peak }
        }
        peakReader.finish()
        return peaks
    }

    private static func preset(_ name: String, reader: FieldReader, field: String) -> Accelerator? {
        if let accelerator = HardwareCatalogue.named(name) { return accelerator }
        let matches = HardwareCatalogue.closeMatches(to: name)
        let suggestion = matches.isEmpty
            ? "see GET /v1/hardware for the presets"
            : "did you mean \(matches.joined(separator: ", "))?"
        reader.fail(field, "unknown hardware preset \"\(name)\"; \(suggestion)")
        return nil
    }

    /// The figures that decide an answer, in a fixed order; peaks by precision name. `roofline`
    /// adds the measured roofs and the interconnect, which only the roofline and inference read
    /// (so that the other endpoints' hashes stay what they were).
    static func writeCanonical(_ accelerator: Accelerator, roofline: Bool = false, to json: inout JSONWriter) {
        if let encoded = PresetEncodings.hardware(accelerator, roofline: roofline) {
            json.encoded(encoded)
        } else {
            writeFigures(accelerator, roofline: roofline, to: &json)
        }
    }

    /// `writeCanonical`, field by field.
    static func writeFigures(_ accelerator: Accelerator, roofline: Bool, to json: inout JSONWriter) {
        json.beginObject()
        json.field("memory_bytes", accelerator.memoryBytes)
        json.field("bandwidth_bytes_per_second", accelerator.bandwidthBytesPerSecond)
        writePeaks(accelerator.peakFlopsPerSecond, to: &json)
        if roofline {
            json.object("measured") { json in
                writePeaks(accelerator.measured.peakFlopsPerSecond, to: &json)
                if let bandwidth = accelerator.measured.bandwidthBytesPerSecond {
                    json.field("bandwidth_bytes_per_second", bandwidth)
                }
            }
            if let interconnect = accelerator.interconnect {
                json.field(interconnectField, interconnect.bandwidthBytesPerSecond)
            }
        }
        json.endObject()
    }

    /// `"peak_flops_per_second":{precision: rate}`, in `Precision`'s order.
    static func writePeaks(_ peaks: [Precision: Double], to json: inout JSONWriter) {
        json.object("peak_flops_per_second") { json in
            for precision in Precision.allCases {
                if let peak = peaks[precision] { json.field(precision.rawValue, peak) }
            }
        }
    }
}
