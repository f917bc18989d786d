import Estimation
import Foundation

/// One config with what the Hugging Face transformers modelling code reports for it: the ground
/// truth the tests check against, kept beside this file in two files of one layout.
/// `models.json` holds ten common checkpoints as first measured; `cases.json` every exact family's
/// real configs, the importer's branches, and those ten again (`source` "models.json"), measured
/// with the fields models.json lacks (towers, score-correction buffers, recurrent state).
/// `generate.py` writes cases.json and re-measures either file (`--check`); its docstring says how
/// each value is measured. The tests read nothing outside the repository.
public struct ReferenceCase: Sendable, CustomStringConvertible {
    public enum File: String, Sendable, CaseIterable {
        case models = "models.json"
        case cases = "cases.json"
    }

    public var name: String
    /// Where the config comes from: "models.json" for the ten first-measured checkpoints (in either
    /// file), else "generate.py".
    public var source: String
    /// The `config.json` members as the service's JSON reader would hand them to the importer.
    public var config: [String: ConfigValue]
    /// `sum(p.numel() for p in model.parameters())`.
    public var parameters: Int
    /// The part of `parameters` in vision or audio towers, which the estimate leaves out.
    public var towerParameters: Int
    /// Router score-correction biases transformers keeps as buffers, which the estimate counts.
    public var scoreCorrectionBuffers: Int
    /// `b<batch>_s<sequence>` → FlopCounterMode's forward total; empty for mixtures of experts.
    public var forwardFlops: [String: Int]
    /// `b<batch>_s<sequence>` → bytes of the key/value cache after a bf16 forward pass.
    public var kvCacheBytesBF16: [String: Int]
    /// `b<batch>_s<sequence>` → bytes of the recurrent layers' state after the same pass.
    public var stateBytesBF16: [String: Int]

    /// What the estimate counts: the language model, score-correction biases included.
    public var languageModelParameters: Int { parameters - towerParameters + scoreCorrectionBuffers }

    public var description: String { name }

    /// The cases of `file`, read once. A missing or malformed file gives an empty list, which each
    /// test target's count check turns into a failure.
    public static func all(in file: File) -> [ReferenceCase] {
        switch file {
        case .models: models
        case .cases: cases
        }
    }

    /// The case called `name` in either file.
    public static func named(_ name: String) -> ReferenceCase? {
        (models + cases).first { $0.name == name }
    }

    /// The batch and sequence a `b<batch>_s<sequence>` key names.
    public static func shape(_ key: String) -> (batch: Int, sequence: Int)? {
        let parts = key.split(separator: "_")
        guard parts.count == 2, parts[0].first == "b", parts[1].first == "s",
            let batch = Int(parts[0].dropFirst()), let sequence = Int(parts[1].dropFirst())
        else { return nil }
        return (batch, sequence)
    }

    /// Reads `file`, throwing when it is missing or malformed.
    public static func load(_ file: File) throws -> [ReferenceCase] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(file.rawValue)
        let decoded = try JSONDecoder().decode(Layout.self, from: Data(contentsOf: url))
        return try decoded.cases.map { entry in
            guard case .object(let config) = entry.hf_config.value else { throw LoadError.configNotAnObject(entry.name) }
            return ReferenceCase(
                name: entry.name, source: entry.source ?? File.models.rawValue, config: config,
                parameters: entry.params_total, towerParameters: entry.params_towers ?? 0,
                scoreCorrectionBuffers: entry.score_correction_buffers ?? 0,
                forwardFlops: entry.forward_flops ?? [:], kvCacheBytesBF16: entry.kv_cache_bytes_bf16 ?? [:],
                stateBytesBF16: entry.state_bytes_bf16 ?? [:])
        }
    }

    private static let models = (try? load(.models)) ?? []
    private static let cases = (try? load(.cases)) ?? []

    public enum LoadError: Error {
        case configNotAnObject(String)
    }

    /// Both files' layout; models.json lacks the fields cases.json added later.
    private struct Layout: Decodable {
        var cases: [Entry]

        struct Entry: Decodable {
            var name: String
            var source: String?
            var hf_config: DecodedConfigValue
            var params_total: Int
            var params_towers: Int?
            var score_correction_buffers: Int?
            var forward_flops: [String: Int]?
            var kv_cache_bytes_bf16: [String: Int]?
            var state_bytes_bf16: [String: Int]?
        }
    }
}

/// JSON → `ConfigValue` with the distinctions the service's reader makes: booleans stay booleans,
/// and numbers that decode as integers are integers.
private struct DecodedConfigValue: Decodable {
    var value: ConfigValue

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let flag = try? container.decode(Bool.self) {
            value = .bool(flag)
        } else if let number = try? container.decode(Int.self) {
            value = .integer(number)
        } else if let number = try? container.decode(Double.self) {
            value = .number(number)
        } else if let text = try? container.decode(String.self) {
            value = .string(text)
        } else if let items = try? container.decode([DecodedConfigValue].self) {
            value = .array(items.map(\.value))
        } else {
            value = .object(try container.decode([String: DecodedConfigValue].self).mapValues(\.value))
        }
    }
}
