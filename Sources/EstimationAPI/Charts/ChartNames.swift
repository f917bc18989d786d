import Charts
import Estimation

/// Names for chart titles taken from what the hash covers, never from how a request named things:
/// a chart's bytes are cached under the hash, so a model sent as a preset and the same model sent
/// as its config.json must draw the same title. A spec equal to a preset's is named after it, as is
/// hardware whose figures equal a catalogue entry's (the first such entry).
enum ChartNames {
    static func model(_ spec: ModelSpec, parameters: Int) -> String {
        if let preset = ModelPresets.all.first(where: { $0.spec == spec }) { return preset.displayName }
        return "a custom model (\(Quantity.count("parameters").text(Double(parameters))))"
    }

    static func device(_ accelerator: Accelerator) -> String {
        let entry = HardwareCatalogue.all.first {
            $0.memoryBytes == accelerator.memoryBytes
                && $0.bandwidthBytesPerSecond == accelerator.bandwidthBytesPerSecond
                && $0.peakFlopsPerSecond == accelerator.peakFlopsPerSecond
        }
        return entry?.displayName ?? "custom accelerator"
    }

    /// The error for a chart that needs hardware and was asked for without it.
    static func hardwareRequired(for chart: String) -> EstimationError {
        EstimationError(
            field: HardwareInput.field,
            message: "is required for the \(chart) (Accept: image/svg+xml): give a preset name (GET /v1/hardware) or figures")
    }
}
