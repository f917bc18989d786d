import Estimation

/// A model resolved from a request, with how it was asked for.
struct ResolvedModel: Sendable {
    var spec: ModelSpec
    var provenance: ModelProvenance
    /// `"model":{…}` for `spec`, when it was encoded before (a preset's).
    var encodedMember: [UInt8]? = nil
}

/// Reads the request's model: exactly one of `"model": "<preset>"`, `"model": {native spec}` or
/// `"hf_config": {config.json}`, resolved to a validated `ModelSpec`.
enum ModelInput {
    static func read(_ reader: inout FieldReader) -> ResolvedModel? {
        let model = reader.value("model")
        let config = reader.value("hf_config")
        switch (model, config) {
        case (nil, nil):
            reader.fail("model", "is required: a preset name or a spec object (or give hf_config instead)")
            return nil
        case (.some, .some):
            reader.fail("hf_config", "cannot be given together with model; give exactly one")
            return nil
        case (.some(.object), nil):
            guard var nested = reader.object("model") else { return nil }
            defer { nested.finish() }
            guard let spec = ModelSpecCoding.read(&nested) else { return nil }
            return validated(spec, provenance: ModelProvenance(kind: .spec), reader: reader)
        case (.some(.string(let name)), nil):
            return preset(name, reader: reader)
        case (.some(let other), nil):
            reader.fail("model", "must be a preset name or a spec object, not \(other.typeName)")
            return nil
        case (nil, .some(.object(let config))):
            return imported(config, reader: reader)
        case (nil, .some(let other)):
            reader.fail("hf_config", "must be the object a config.json holds, not \(other.typeName)")
            return nil
        }
    }

    private static func preset(_ name: String, reader: FieldReader) -> ResolvedModel? {
        guard let preset = ModelPresets.named(name) else {
            let matches = ModelPresets.closeMatches(to: name)
            let suggestion = matches.isEmpty
                ? "see GET /v1/models for the presets"
                : "close matches: \(matches.joined(separator: ", "))"
            reader.fail("model", "unknown preset \"\(name)\"; \(suggestion)")
            return nil
        }
        // Valid already: the catalogue's specs come through the importer, which validates them.
        let provenance = ModelProvenance(kind: .preset, presetName: preset.name, family: preset.family)
        return ResolvedModel(spec: preset.spec, provenance: provenance, encodedMember: PresetEncodings.modelMember(preset))
    }

    /// A config.json through the importer, which validates and names its issues by config key.
    private static func imported(_ config: [String: JSONValue], reader: FieldReader) -> ResolvedModel? {
        do {
            let model = try HFConfigImporter.importConfig(config)
            let provenance = ModelProvenance(
                kind: .hfConfig, family: model.family, approximate: model.approximate, warnings: model.warnings)
            return ResolvedModel(spec: model.spec, provenance: provenance)
        } catch {
            reader.report(error, under: "hf_config")
            return nil
        }
    }

    /// Validation issues name spec fields; they are reported under `model`.
    private static func validated(_ spec: ModelSpec, provenance: ModelProvenance, reader: FieldReader) -> ResolvedModel? {
        do {
            try spec.validate()
        } catch {
            reader.report(error, under: "model")
            return nil
        }
        return ResolvedModel(spec: spec, provenance: provenance)
    }
}
