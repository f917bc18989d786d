import Estimation

/// The `hardware` field: a preset name (`"h100-sxm"`), or an object
/// `{ "preset"?, "memory_bytes"?, "bandwidth_bytes_per_second"?, "peak_flops_per_second"?: {precision: FLOP/s} }`
/// that either overrides a preset's figures or, without `preset`, describes custom hardware (then
/// `memory_bytes` and `bandwidth_bytes_per_second` are required).
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
        var peaks: [Precision: Double] = [:]
        var peaksReadable = true
        if var peakReader = nested.object("peak_flops_per_second") {
            for precision in Precision.allCases {
                if let peak = peakReader.number(precision.rawValue) { peaks[precision] = peak }
            }
            peakReader.finish()
        } else if nested.contains("peak_flops_per_second") {
            peaksReadable = false
        }
        guard peaksReadable else { return nil }
        do {
            if let base {
                guard let preset = preset(base, reader: nested, field: "preset") else { return nil }
                return try preset.overriding(
                    memoryBytes: memoryBytes, bandwidthBytesPerSecond: bandwidth, peakFlopsPerSecond: peaks)
            }
            let memoryGiven = nested.isPresent("memory_bytes")
            let bandwidthGiven = nested.isPresent("bandwidth_bytes_per_second")
            guard memoryGiven, bandwidthGiven, let memoryBytes, let bandwidth else { return nil }
            return try Accelerator.custom(
                memoryBytes: memoryBytes, bandwidthBytesPerSecond: bandwidth, peakFlopsPerSecond: peaks)
        } catch {
            // Accelerator names its issues `hardware.…` already.
            reader.report(error, under: field)
            return nil
        }
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

    /// The figures that decide an answer, in a fixed order; peaks by precision name.
    static func writeCanonical(_ accelerator: Accelerator, to json: inout JSONWriter) {
        json.beginObject()
        json.field("memory_bytes", accelerator.memoryBytes)
        json.field("bandwidth_bytes_per_second", accelerator.bandwidthBytesPerSecond)
        json.object("peak_flops_per_second") { json in
            for precision in Precision.allCases {
                if let peak = accelerator.peak(precision) { json.field(precision.rawValue, peak) }
            }
        }
        json.endObject()
    }
}
