import Estimation

/// `POST /v1/flops`: matrix-multiplication FLOPs of a forward pass by operation, backward, a
/// training step (model and hardware FLOPs), MACs, the `6ND` comparison, and per generated token
/// with and without a KV cache (docs/formulas.md §3).
enum FlopsEndpoint: EstimateEndpoint {
    typealias Options = FlopsOptions
    typealias Result = FlopsEstimate

    static let path = "/v1/flops"

    static func readOptions(_ reader: inout FieldReader) -> Options? {
        let defaults = FlopsOptions()
        return FlopsOptions(
            batchSize: reader.integer("batch_size", default: defaults.batchSize),
            sequenceLength: reader.integer("sequence_length", default: defaults.sequenceLength),
            causal: reader.bool("causal", default: defaults.causal),
            recompute: reader.choice("activation_recompute", default: defaults.recompute))
    }

    static func writeOptions(_ options: Options, to json: inout JSONWriter) {
        json.beginObject()
        json.field("batch_size", options.batchSize)
        json.field("sequence_length", options.sequenceLength)
        json.field("causal", options.causal)
        json.field("activation_recompute", options.recompute.rawValue)
        json.endObject()
    }

    static func compute(_ spec: ModelSpec, _ options: Options) throws(EstimationError) -> Result {
        try Flops.estimate(spec, options)
    }

    static func describe(_ options: Options, to scenario: inout Scenario) {
        scenario.set("batch_size", options.batchSize)
        scenario.set("sequence_length", options.sequenceLength)
        scenario.set("activation_recompute", options.recompute.rawValue)
        scenario.set("causal", options.causal)
    }

    /// For a spec already counted: `/v1/estimate`'s sections share one count.
    static func compute(_ counted: CountedSpec, _ options: Options) throws(EstimationError) -> Result {
        try Flops.estimate(counted, options)
    }

    static func writeResult(_ result: Result, to json: inout JSONWriter) {
        let forward = result.forward
        json.object("forward") { json in
            json.field("total", forward.total)
            json.field("attention_projections", forward.attentionProjections)
            json.field("attention_scores", forward.attentionScores)
            json.field("attention_values", forward.attentionValues)
            json.field("attention_output", forward.attentionOutput)
            json.field("recurrent_projections", forward.recurrentProjections)
            json.field("recurrent_mixing", forward.recurrentMixing)
            json.field("mlp", forward.mlp)
            json.field("experts", forward.experts)
            json.field("router", forward.router)
            json.field("embedding_projection", forward.embeddingProjection)
            json.field("logits", forward.logits)
            json.object("elementwise") { json in
                json.field("total", forward.elementwise.total)
                json.field("softmax", forward.elementwise.softmax)
                json.field("norms", forward.elementwise.norms)
            }
        }
        json.object("backward") { json in json.field("total", result.backward) }
        json.object("training_step") { json in
            json.field("total", result.trainingStep)
            json.field("recompute", result.recompute)
            json.field("hardware_total", result.hardwareTrainingStep)
        }
        json.field("macs", result.macs)
        json.field("causal", result.causal)
        json.object("six_nd") { json in
            json.field("parameters", result.sixND.parameters)
            json.field("tokens", result.sixND.tokens)
            json.field("flops", result.sixND.flops)
            json.field("ratio", result.sixND.ratio)
        }
        json.object("generation_per_token") { json in
            json.field("with_kv_cache", result.generation.withKVCache)
            json.field("without_kv_cache", result.generation.withoutKVCache)
            json.field("saved_by_kv_cache", result.generation.savedByKVCache)
        }
    }

    static func renderText(_ result: Result, to report: inout TextReport) {
        let forward = result.forward
        report.section("FLOPs" + (result.causal ? " (causal: s² terms halved)" : " (full s×s attention)"))
        report.flops("forward", forward.total)
        report.flops("  attention_projections", forward.attentionProjections)
        report.flops("  attention_scores", forward.attentionScores)
        report.flops("  attention_values", forward.attentionValues)
        report.flops("  attention_output", forward.attentionOutput)
        if forward.recurrentProjections > 0 { report.flops("  recurrent_projections", forward.recurrentProjections) }
        if forward.recurrentMixing > 0 { report.flops("  recurrent_mixing", forward.recurrentMixing) }
        report.flops("  mlp", forward.mlp)
        if forward.experts > 0 { report.flops("  experts", forward.experts) }
        if forward.router > 0 { report.flops("  router", forward.router) }
        if forward.embeddingProjection > 0 { report.flops("  embedding_projection", forward.embeddingProjection) }
        report.flops("  logits", forward.logits)
        report.flops("elementwise (apart)", forward.elementwise.total)
        report.flops("backward", result.backward)
        report.flops("training_step", result.trainingStep)
        report.flops("  with recompute", result.hardwareTrainingStep)
        report.row("macs", TextReport.scientific(result.macs), "MACs")
        report.row("6ND", TextReport.scientific(result.sixND.flops), "step / 6ND = " + TextReport.fixed(result.sixND.ratio, places: 3))
        report.flops("per token, KV cache", result.generation.withKVCache)
        report.flops("per token, no cache", result.generation.withoutKVCache)
    }
}
