import Foundation
import Testing
@testable import Estimation

/// The ground truth in `shared/reference/models.json` (transformers-instantiated parameter counts),
/// read at test time from the repository's sibling `shared/` directory.
struct ReferenceModel: Sendable, CustomTestStringConvertible {
    var name: String
    var config: [String: ConfigValue]
    var parameters: Int

    var testDescription: String { name }

    static let all: [ReferenceModel] = load()

    static func named(_ name: String) -> ReferenceModel? {
        all.first { $0.name == name }
    }

    private static func load() -> [ReferenceModel] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // EstimationTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the repository
            .deletingLastPathComponent()  // its parent, which holds shared/
            .appendingPathComponent("shared/reference/models.json")
        guard let data = try? Data(contentsOf: url),
            let file = try? JSONDecoder().decode(ReferenceFile.self, from: data)
        else { return [] }
        return file.cases.compactMap { entry in
            guard case .object(let config) = entry.hf_config.value else { return nil }
            return ReferenceModel(name: entry.name, config: config, parameters: entry.params_total)
        }
    }
}

/// The layout of models.json and of Tests/TransformersReference/cases.json.
struct ReferenceFile: Decodable {
    var cases: [Case]

    struct Case: Decodable {
        var name: String
        var hf_config: JSONValue
        var params_total: Int
        /// Absent for mixtures of experts.
        var forward_flops: [String: Int]?
        var kv_cache_bytes_bf16: [String: Int]?
    }
}

/// JSON → `ConfigValue` with the distinctions the service's reader makes: booleans stay booleans,
/// numbers without fraction or exponent that fit are integers.
struct JSONValue: Decodable {
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
        } else if let items = try? container.decode([JSONValue].self) {
            value = .array(items.map(\.value))
        } else {
            value = .object(try container.decode([String: JSONValue].self).mapValues(\.value))
        }
    }
}
