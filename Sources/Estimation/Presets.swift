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

    private static let byKey: [String: ModelPreset] = Dictionary(
        all.map { (lookupKey($0.name), $0) }, uniquingKeysWith: { first, _ in first })

    /// The preset called `name`, ignoring case and treating `_`, `.` and spaces like `-`
    /// (`Llama_3.1_405B` finds `llama-3.1-405b`).
    public static func named(_ name: String) -> ModelPreset? {
        guard name.utf8.count <= maximumNameLength else { return nil }
        return byKey[lookupKey(name)]
    }

    /// Preset names close to `name`, best first, for "did you mean" messages: names that start with
    /// or contain it, then those within a small edit distance.
    public static func closeMatches(to name: String, limit: Int = 5) -> [String] {
        guard limit > 0 else { return [] }
        let query = lookupKey(String(name.prefix(maximumNameLength)))
        guard !query.isEmpty else { return [] }
        let tolerance = max(2, query.count / 3)
        let ranked = all.compactMap { preset -> (rank: Int, name: String)? in
            let key = lookupKey(preset.name)
            if key.hasPrefix(query) { return (0, preset.name) }
            if key.contains(query) { return (1, preset.name) }
            let distance = editDistance(query, key)
            return distance <= tolerance ? (2 + distance, preset.name) : nil
        }
        return ranked.sorted { ($0.rank, $0.name) < ($1.rank, $1.name) }.prefix(limit).map(\.name)
    }

    /// Longer inputs cannot be a preset name; bounding them bounds the edit-distance work.
    private static let maximumNameLength = 64

    private static func lookupKey(_ name: String) -> String {
        String(name.lowercased().map { $0 == "_" || $0 == "." || $0 == " " ? "-" : $0 })
    }

    /// Levenshtein distance over characters.
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
