import Estimation

/// The `parallelism` object: `data`, `tensor`, `pipeline`, `sequence_parallel`, `zero_stage`,
/// `micro_batches` (null: at least `pipeline`, the most memory).
enum ParallelismCoding {
    static func read(_ reader: inout FieldReader) -> Parallelism? {
        let defaults = Parallelism()
        return Parallelism(
            data: reader.integer("data", default: defaults.data),
            tensor: reader.integer("tensor", default: defaults.tensor),
            pipeline: reader.integer("pipeline", default: defaults.pipeline),
            sequenceParallel: reader.bool("sequence_parallel", default: defaults.sequenceParallel),
            zeroStage: reader.integer("zero_stage", default: defaults.zeroStage),
            microBatches: reader.integer("micro_batches") ?? defaults.microBatches)
    }

    static func write(_ parallelism: Parallelism, to json: inout JSONWriter) {
        json.beginObject()
        json.field("data", parallelism.data)
        json.field("tensor", parallelism.tensor)
        json.field("pipeline", parallelism.pipeline)
        json.field("sequence_parallel", parallelism.sequenceParallel)
        json.field("zero_stage", parallelism.zeroStage)
        json.field("micro_batches", parallelism.microBatches)
        json.endObject()
    }
}
