import Estimation

/// The fields of a training scenario (`batch_size`, `sequence_length`, `optimizer`,
/// `activation_recompute`, `flash_attention`, `dropout`, `framework`, `parallelism`), read, written and
/// described one way for `/v1/memory/training` and `/v1/fits`.
enum TrainingMemoryFields {
    /// Nil when `parallelism` was given but could not be read (its issues reported).
    static func read(_ reader: inout FieldReader) -> TrainingMemoryOptions? {
        let defaults = TrainingMemoryOptions()
        let parallelism = reader.nestedObject("parallelism", ParallelismCoding.read)
        let framework = reader.choice("framework", default: defaults.framework)
        // transformers runs `scaled_dot_product_attention` unless told otherwise.
        let options = TrainingMemoryOptions(
            batchSize: reader.integer("batch_size", default: defaults.batchSize),
            sequenceLength: reader.integer("sequence_length", default: defaults.sequenceLength),
            optimizer: reader.choice("optimizer", default: defaults.optimizer),
            recompute: reader.choice("activation_recompute", default: defaults.recompute),
            flashAttention: reader.bool("flash_attention", default: framework == .huggingface),
            dropout: reader.bool("dropout", default: defaults.dropout),
            parallelism: parallelism.value ?? defaults.parallelism, framework: framework)
        return parallelism.valid ? options : nil
    }

    /// The fields as members of the canonical options object, in a fixed order.
    static func write(_ estimate: TrainingMemoryOptions, to json: inout JSONWriter) {
        json.field("batch_size", estimate.batchSize)
        json.field("sequence_length", estimate.sequenceLength)
        json.field("optimizer", estimate.optimizer.rawValue)
        json.field("activation_recompute", estimate.recompute.rawValue)
        json.field("flash_attention", estimate.flashAttention)
        json.field("dropout", estimate.dropout)
        json.field("framework", estimate.framework.rawValue)
        json.key("parallelism")
        ParallelismCoding.write(estimate.parallelism, to: &json)
    }

    static func describe(_ estimate: TrainingMemoryOptions, to scenario: inout Scenario) {
        scenario.set("batch_size", estimate.batchSize)
        scenario.set("sequence_length", estimate.sequenceLength)
        let optimizer = estimate.optimizer
        let activations = optimizer == .adamwFP32 ? "fp32" : "16-bit"
        scenario.set(
            "optimizer",
            "\(optimizer.rawValue) (\(optimizer.parts.total) B per parameter, \(activations) weights and activations)")
        scenario.set("activation_recompute", estimate.recompute.rawValue)
        scenario.set("flash_attention", estimate.flashAttention)
        scenario.set("dropout", estimate.dropout)
        scenario.set("framework", estimate.framework.rawValue)
        scenario.set(estimate.parallelism)
    }
}
