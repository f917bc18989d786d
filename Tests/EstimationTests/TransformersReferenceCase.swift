import Foundation
import Testing
@testable import Estimation

/// The ground truth in `Tests/TransformersReference/cases.json`: the families models.json lacks,
/// measured the way models.json was (transformers on the meta device; `generate.py` beside it wrote
/// the file). It lives outside every target so that SwiftPM does not take it for a resource.
struct TransformersReferenceCase: Sendable, CustomTestStringConvertible {
    var name: String
    var config: [String: ConfigValue]
    var parameters: Int
    /// `b<batch>_s<sequence>` → FLOPs; empty for mixtures of experts.
    var forwardFlops: [String: Int]
    /// `b<batch>_s<sequence>` → bytes.
    var kvCacheBytesBF16: [String: Int]

    var testDescription: String { name }

    static let fileURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // EstimationTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("TransformersReference/cases.json")

    /// Loaded once for parameterised tests; `TransformersReferenceTests.fileHasEveryCase` fails if
    /// the file is missing or malformed, so an empty list cannot pass unnoticed.
    static let all: [TransformersReferenceCase] = (try? load()) ?? []

    static func named(_ name: String) throws -> TransformersReferenceCase {
        try #require(all.first { $0.name == name })
    }

    static func load() throws -> [TransformersReferenceCase] {
        let file = try JSONDecoder().decode(ReferenceFile.self, from: Data(contentsOf: fileURL))
        return try file.cases.map { entry in
            guard case .object(let config) = entry.hf_config.value else { throw LoadError.malformed }
            return TransformersReferenceCase(
                name: entry.name, config: config, parameters: entry.params_total,
                forwardFlops: entry.forward_flops ?? [:], kvCacheBytesBF16: entry.kv_cache_bytes_bf16 ?? [:])
        }
    }

    /// The spec the service builds from the case's `config.json`.
    func imported() throws -> ImportedModel {
        try HFConfigImporter.importConfig(config)
    }

    enum LoadError: Error { case malformed }
}
