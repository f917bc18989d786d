import Estimation

/// `"network": "<preset>"`, as /v1/network and /v1/scaling read it.
enum NetworkPresetInput {
    /// The preset called `name` (case and separators folded), or nil with the close matches reported.
    static func read(_ name: String, _ reader: FieldReader) -> NetworkPreset? {
        if let preset = NetworkPresets.named(name) { return preset }
        let matches = NetworkPresets.closeMatches(to: name)
        let suggestion = matches.isEmpty ? "see GET /v1/networks" : "did you mean \(matches.joined(separator: ", "))?"
        reader.fail("network", "unknown network preset \"\(name)\"; \(suggestion)")
        return nil
    }

    /// How a preset was asked for (not hashed).
    static func provenance(_ preset: NetworkPreset) -> ModelProvenance {
        ModelProvenance(kind: .preset, presetName: preset.name, family: preset.family)
    }
}
