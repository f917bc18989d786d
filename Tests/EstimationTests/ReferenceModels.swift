import Testing
@testable import Estimation

/// The cases of `Tests/TransformersReference/cases.json` that reproduce the ten configs of the
/// project's first reference file, models.json (`"source": "models.json"`): real configs with what
/// transformers counts for them, which several suites use as their fixed points.
struct ReferenceModel: Sendable, CustomTestStringConvertible {
    var name: String
    var config: [String: ConfigValue]
    var parameters: Int

    var testDescription: String { name }

    static let all: [ReferenceModel] = TransformersReferenceCase.all.filter { $0.source == "models.json" }.map {
        ReferenceModel(name: $0.name, config: $0.config, parameters: $0.parameters)
    }

    static func named(_ name: String) -> ReferenceModel? {
        all.first { $0.name == name }
    }
}

/// The layout of Tests/TransformersReference/cases.json (`generate.py` documents each field).
struct ReferenceFile: Decodable {
    var cases: [Case]

    struct Case: Decodable {
        var name: String
        var source: String
        var hf_config: JSONValue
        var params_total: Int
        var params_towers: Int
        var score_correction_buffers: Int
        var forward_flops: [String: Int]
        var kv_cache_bytes_bf16: [String: Int]
        var state_bytes_bf16: [String: Int]
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
