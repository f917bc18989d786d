import Estimation

/// `GET /v1/networks`: `{"networks":[{name, display_name, family, source, input, output_shape,
/// layers, parameters, macs, pycls_flops, activations, scalable}]}`, in the catalogue's order, the
/// counts at the preset's input and batch 1. `scalable` presets are built from stages, which
/// `/v1/scaling` accepts by name.
enum NetworkCatalogueDocument {
    /// Built once per process: the presets are fixed, and counting all of them is not free.
    static func make() -> StaticResource { built }

    private static let built = build()

    private static func build() -> StaticResource {
        var json = JSONWriter(reservingCapacity: 32_768)
        json.beginObject()
        json.key("networks")
        json.beginArray()
        for preset in NetworkPresets.all {
            // Every preset is counted by the tests at these options; one that failed would be a
            // catalogue bug, shown as null counts rather than hidden.
            let totals = try? NetworkEstimator.estimate(preset.network, NetworkOptions()).totals
            json.beginObject()
            json.field("name", preset.name)
            json.field("display_name", preset.displayName)
            json.field("family", preset.family)
            json.field("source", preset.source.rawValue)
            json.key("input")
            json.integers(preset.network.spec.input)
            json.key("output_shape")
            json.integers(preset.network.outputShape)
            json.field("layers", preset.network.layers.count)
            json.field("parameters", totals?.parameters)
            json.field("macs", totals?.macs)
            json.field("pycls_flops", totals?.pyclsFlops)
            json.field("activations", totals?.activations)
            json.field("scalable", preset.stages != nil)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return StaticResource(body: json.bytes, contentType: "application/json")
    }
}
