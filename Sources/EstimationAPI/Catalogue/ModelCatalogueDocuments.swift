import Estimation

/// `GET /v1/models` and `GET /v1/models/{name}`, encoded once.
///
/// The list: `{"models":[{name, display_name, family, published_parameters, parameters:{total,
/// non_embedding, active}, model:{canonical spec}}]}`. One model: the same fields with the full
/// `parameters` breakdown and the preset's `config` (its config.json keys, verbatim).
struct ModelCatalogueDocuments: Sendable {
    let list: StaticResource
    private let byName: [String: StaticResource]

    init() {
        var list = JSONWriter(reservingCapacity: 32_768)
        list.beginObject()
        list.key("models")
        list.beginArray()
        var byName: [String: StaticResource] = [:]
        for preset in ModelPresets.all {
            // Presets are validated by Estimation's tests; one that could not be counted would be a
            // catalogue bug, shown as null counts rather than hidden.
            let parameters = try? ParameterCounter.count(preset.spec)
            list.beginObject()
            Self.writeSummary(preset, parameters, to: &list)
            list.endObject()

            var single = JSONWriter(reservingCapacity: 4096)
            single.beginObject()
            Self.writeSummary(preset, parameters, to: &single, breakdown: true)
            single.key("config")
            single.value(.object(preset.config))
            single.endObject()
            byName[preset.name] = StaticResource(body: single.bytes, contentType: .json)
        }
        list.endArray()
        list.endObject()
        self.list = StaticResource(body: list.bytes, contentType: .json)
        self.byName = byName
    }

    /// The document of the preset `name` (looked up like request presets: case and separators
    /// folded), or nil.
    func model(named name: String) -> StaticResource? {
        ModelPresets.named(name).flatMap { byName[$0.name] }
    }

    private static func writeSummary(
        _ preset: ModelPreset, _ parameters: ParameterBreakdown?, to json: inout JSONWriter, breakdown: Bool = false
    ) {
        json.field("name", preset.name)
        json.field("display_name", preset.displayName)
        json.field("family", preset.family)
        json.field("published_parameters", preset.publishedParameters)
        json.key("parameters")
        if let parameters {
            if breakdown {
                ParameterBreakdownCoding.write(parameters, to: &json)
            } else {
                json.beginObject()
                json.field("total", parameters.total)
                json.field("non_embedding", parameters.nonEmbedding)
                json.field("active", parameters.active)
                json.endObject()
            }
        } else {
            json.null()
        }
        json.key("model")
        ModelSpecCoding.write(preset.spec, to: &json)
    }
}
