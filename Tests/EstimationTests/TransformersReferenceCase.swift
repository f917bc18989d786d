import Foundation
import Testing
@testable import Estimation

/// The ground truth in `Tests/TransformersReference/cases.json`: real and feature configs measured
/// with transformers on the meta device (`generate.py` beside it wrote the file and says how each
/// value was measured). It lives outside every target so that SwiftPM does not take it for a
/// resource.
struct TransformersReferenceCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// `models.json` for the ten configs of the first reference file, else `generate.py`.
    var source: String
    var config: [String: ConfigValue]
    /// `sum(numel)` over `model.parameters()`.
    var parameters: Int
    /// The part of `parameters` in vision or audio towers, which the estimate leaves out.
    var towerParameters: Int
    /// Router score-correction biases transformers keeps as buffers, which the estimate counts.
    var scoreCorrectionBuffers: Int
    /// `b<batch>_s<sequence>` → FLOPs.
    var forwardFlops: [String: Int]
    /// `b<batch>_s<sequence>` → bytes of keys and values.
    var kvCacheBytesBF16: [String: Int]
    /// `b<batch>_s<sequence>` → bytes of recurrent state.
    var stateBytesBF16: [String: Int]

    var testDescription: String { name }

    /// What the estimate counts: the language model, score-correction biases included.
    var languageModelParameters: Int { parameters - towerParameters + scoreCorrectionBuffers }

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
                name: entry.name, source: entry.source, config: config, parameters: entry.params_total,
                towerParameters: entry.params_towers, scoreCorrectionBuffers: entry.score_correction_buffers,
                forwardFlops: entry.forward_flops, kvCacheBytesBF16: entry.kv_cache_bytes_bf16,
                stateBytesBF16: entry.state_bytes_bf16)
        }
    }

    /// The spec the service builds from the case's `config.json`.
    func imported() throws -> ImportedModel {
        try HFConfigImporter.importConfig(config)
    }

    enum LoadError: Error { case malformed }
}
