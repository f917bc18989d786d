/// A named, published checkpoint: its `config.json` keys that matter, its published parameter
/// count, and the spec both resolve to.
public struct ModelPreset: Hashable, Sendable {
    /// Lower-case, hyphenated, e.g. `llama-3-8b`.
    public var name: String
    /// As people write it, e.g. `Llama 3 8B`.
    public var displayName: String
    /// The Hugging Face `model_type`.
    public var family: String
    /// The checkpoint's `config.json` keys that decide the architecture, verbatim.
    public var config: [String: ConfigValue]
    /// The parameter count of the published checkpoint (`model.num_parameters()` in transformers,
    /// unless the preset's documentation says otherwise).
    public var publishedParameters: Int
    /// `config` resolved through `HFConfigImporter`, so a preset and its `config.json` give the same spec.
    public var spec: ModelSpec

    public init(
        name: String, displayName: String, family: String, config: [String: ConfigValue],
        publishedParameters: Int, spec: ModelSpec
    ) {
        self.name = name
        self.displayName = displayName
        self.family = family
        self.config = config
        self.publishedParameters = publishedParameters
        self.spec = spec
    }
}

/// The preset catalogue and name lookup.
public enum ModelPresets {
    /// Every preset, in catalogue order (by family, then size).
    public static let all: [ModelPreset] = PresetCatalogue.entries.compactMap { entry in
        // Each entry is a real config.json, and the tests import every one; an entry that failed
        // to import would be a catalogue bug, which the tests report by comparing the counts.
        guard let imported = try? HFConfigImporter.importConfig(entry.config) else { return nil }
        return ModelPreset(
            name: entry.name, displayName: entry.displayName, family: imported.family, config: entry.config,
            publishedParameters: entry.publishedParameters, spec: imported.spec)
    }

    private static let index = CatalogueIndex(all, name: \.name)

    /// The preset called `name`, ignoring case and treating `_`, `.` and spaces like `-`
    /// (`Llama_3.1_405B` finds `llama-3.1-405b`).
    public static func named(_ name: String) -> ModelPreset? {
        index.named(name)
    }

    /// Preset names close to `name`, best first, for "did you mean" messages: names that start with
    /// or contain it, then those within a small edit distance.
    public static func closeMatches(to name: String, limit: Int = 5) -> [String] {
        index.closeMatches(to: name, limit: limit)
    }
}
