import Estimation

/// A `ParameterBreakdown` as JSON and as a table: `total`, `non_embedding`, `active`, the
/// `components` that sum to `total`, and the `layer_groups` with one layer's parts, each group's
/// layer kind spelled as the spec's layout spells it.
enum ParameterBreakdownCoding {
    static func write(_ breakdown: ParameterBreakdown, to json: inout JSONWriter) {
        json.beginObject()
        json.field("total", breakdown.total)
        json.field("non_embedding", breakdown.nonEmbedding)
        json.field("active", breakdown.active)
        json.object("components") { json in
            for (name, value) in components(breakdown) { json.field(name, value) }
        }
        json.key("layer_groups")
        json.beginArray()
        for group in breakdown.layerGroups {
            json.beginObject()
            json.object("layer") { json in ModelSpecCoding.writeKind(group.layer, to: &json) }
            json.field("count", group.count)
            json.field("per_layer", group.perLayer)
            json.field("attention", group.attention)
            json.field("recurrent", group.recurrent)
            json.field("mlp", group.mlp)
            json.field("router", group.router)
            json.field("routed_experts", group.routedExperts)
            json.field("shared_experts", group.sharedExperts)
            json.field("norms", group.norms)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    static func render(_ breakdown: ParameterBreakdown, to report: inout TextReport) {
        report.section("Parameters")
        report.count("total", breakdown.total)
        report.count("non_embedding", breakdown.nonEmbedding)
        report.count("active", breakdown.active)
        for (name, value) in components(breakdown) where value != 0 {
            report.count("  " + name, value)
        }
        for group in breakdown.layerGroups {
            report.count("  \(describe(group.layer)) layer (×\(group.count))", group.perLayer)
        }
    }

    /// `full/dense`, `sliding/moe`, `mamba2`, `full/mamba2/dense`, `full-nope/moe`: the blocks a layer has.
    private static func describe(_ kind: LayerKind) -> String {
        var blocks: [String] = []
        if let attention = kind.attention { blocks.append(attention.rawValue + (kind.rotary ? "" : "-nope")) }
        if let recurrent = kind.recurrent { blocks.append(recurrent.rawValue) }
        if let mlp = kind.mlp { blocks.append(mlp.rawValue) }
        return blocks.joined(separator: "/")
    }

    private static func components(_ breakdown: ParameterBreakdown) -> [(String, Int)] {
        [
            ("token_embedding", breakdown.tokenEmbedding), ("position_embedding", breakdown.positionEmbedding),
            ("embedding_projection", breakdown.embeddingProjection), ("attention", breakdown.attention),
            ("recurrent", breakdown.recurrent), ("mlp", breakdown.mlp), ("router", breakdown.router), ("routed_experts", breakdown.routedExperts),
            ("shared_experts", breakdown.sharedExperts), ("norms", breakdown.norms), ("lm_head", breakdown.lmHead),
        ]
    }
}
