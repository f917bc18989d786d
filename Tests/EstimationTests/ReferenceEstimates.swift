import Foundation
import Testing
@testable import Estimation

/// The FLOPs and KV-cache ground truth in shared/reference/models.json (PyTorch's FLOP counter and
/// the cache tensors after a forward pass), read with JSONSerialization at test time. Each case's
/// spec is its `hf_config` through the importer (`ReferenceModel` loads the configs).
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

    static let fileURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../../shared/reference/models.json")

    static func load() throws -> [ReferenceEstimates] {
        let data = try Data(contentsOf: fileURL)
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [[String: Any]]
        else { throw LoadError.malformed }
        return try cases.map { entry in
            guard let name = entry["name"] as? String,
                let parameters = (entry["params_total"] as? NSNumber)?.intValue
            else { throw LoadError.malformed }
            func integers(_ key: String) -> [String: Int] {
                ((entry[key] as? [String: Any]) ?? [:]).compactMapValues { ($0 as? NSNumber)?.intValue }
            }
            return ReferenceEstimates(
                name: name, spec: try spec(name), parameters: parameters, forwardFlops: integers("forward_flops"),
                kvCacheBytesBF16: integers("kv_cache_bytes_bf16"))
        }
    }

    /// Loaded once for parameterised tests; `FlopsTests.referenceFileHasEveryCase` fails if the file
    /// is missing or malformed, so an empty list cannot pass unnoticed.
    static let all: [ReferenceEstimates] = (try? load()) ?? []

    enum LoadError: Error { case malformed }
}
