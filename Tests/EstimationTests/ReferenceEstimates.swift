import Testing
@testable import Estimation

/// The FLOPs and KV-cache ground truth of the models.json cases (`ReferenceModel`): PyTorch's FLOP
/// counter and the cache tensors after a forward pass. Each case's spec is its `hf_config` through the
/// importer.
struct ReferenceEstimates: CustomTestStringConvertible, Sendable {
    let name: String
    let spec: ModelSpec
    let parameters: Int
    /// `b<batch>_s<sequence>` → value.
    let forwardFlops: [String: Int]
    let kvCacheBytesBF16: [String: Int]

    var testDescription: String { name }

    /// The batch and sequence a `b<batch>_s<sequence>` key names.
    static func shape(_ key: String) -> (batch: Int, sequence: Int)? {
        let parts = key.split(separator: "_")
        guard parts.count == 2, parts[0].first == "b", parts[1].first == "s",
            let batch = Int(parts[0].dropFirst()), let sequence = Int(parts[1].dropFirst())
        else { return nil }
        return (batch, sequence)
    }

    /// The imported spec of a reference case.
    static func spec(_ name: String) throws -> ModelSpec {
        let reference = try #require(ReferenceModel.named(name))
        return try HFConfigImporter.importConfig(reference.config).spec
    }

    static func load() throws -> [ReferenceEstimates] {
        try TransformersReferenceCase.load().filter { $0.source == "models.json" }.map { reference in
            ReferenceEstimates(
                name: reference.name, spec: try reference.imported().spec, parameters: reference.parameters,
                forwardFlops: reference.forwardFlops, kvCacheBytesBF16: reference.kvCacheBytesBF16)
        }
    }

    /// Loaded once for parameterised tests; `FlopsTests.referenceFileHasEveryCase` fails if the file
    /// is missing or malformed, so an empty list cannot pass unnoticed.
    static let all: [ReferenceEstimates] = (try? load()) ?? []
}
