import Foundation
import HTTPCore
import Testing
@testable import EstimationAPI

/// Drives an `EstimationService` with request values and reads its JSON answers.
struct ServiceClient {
    let service: EstimationService

    init(configuration: ServiceConfiguration = ServiceConfiguration()) {
        service = EstimationService(configuration: configuration)
    }

    func post(
        _ path: String, _ body: String, accept: String? = nil, contentType: String? = "application/json",
        ifNoneMatch: String? = nil
    ) -> HTTPResponse {
        service.handle(.post, path, accept: accept, contentType: contentType, ifNoneMatch: ifNoneMatch, body: Array(body.utf8))
    }

    func get(_ path: String, accept: String? = nil) -> HTTPResponse {
        service.handle(.get, path, accept: accept)
    }
}

extension EstimationService {
    /// One request made in code, with the headers the service reads given by name.
    func handle(
        _ method: HTTPMethod, _ target: String, accept: String? = nil, contentType: String? = nil,
        ifNoneMatch: String? = nil, body: [UInt8] = []
    ) -> HTTPResponse {
        var headers = HTTPHeaders()
        if let accept { headers.add(name: "Accept", value: accept) }
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        if let ifNoneMatch { headers.add(name: "If-None-Match", value: ifNoneMatch) }
        return respond(to: HTTPRequest(method: method, target: target, headers: headers, body: body))
    }
}

extension HTTPResponse {
    var json: JSONValue? { try? JSONReader.parse(body) }
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first value of the named header.
    func header(_ name: String) -> String? { headers[name] }

    /// The value at a dotted path (`parameters.total`, `errors.0.field`).
    subscript(path: String) -> JSONValue? {
        json?[path]
    }

    /// `{field: message}` of a problem's `errors`.
    var issueFields: [String] {
        guard case .array(let issues)? = self["errors"] else { return [] }
        return issues.compactMap { if case .string(let field)? = $0["field"] { field } else { nil } }
    }
}

extension JSONValue {
    subscript(path: String) -> JSONValue? {
        var current: JSONValue? = self
        for component in path.split(separator: ".") {
            switch current {
            case .object(let members)?: current = members[String(component)]
            case .array(let elements)?:
                guard let index = Int(component), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default: return nil
            }
        }
        return current
    }

    var intValue: Int? { if case .integer(let value) = self { value } else { nil } }
    var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }
    var stringValue: String? { if case .string(let value) = self { value } else { nil } }
    var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }
}

/// `/work/shared/reference/models.json`: real configs with what transformers says about them.
enum ReferenceModels {
    struct Case {
        var name: String
        var config: JSONValue
        var parameters: Int
        var forwardFlops: [String: Int]
        var kvCacheBF16: [String: Int]
    }

    static let cases: [Case] = {
        let file = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/reference/models.json").standardizedFileURL
        guard let data = FileManager.default.contents(atPath: file.path),
            case .object(let root) = try? JSONReader.parse(Array(data)),
            case .array(let cases)? = root["cases"]
        else { return [] }
        return cases.compactMap { entry in
            guard let name = entry["name"]?.stringValue, let config = entry["hf_config"],
                let parameters = entry["params_total"]?.intValue
            else { return nil }
            func integers(_ key: String) -> [String: Int] {
                guard case .object(let members)? = entry[key] else { return [:] }
                return members.compactMapValues(\.intValue)
            }
            return Case(
                name: name, config: config, parameters: parameters, forwardFlops: integers("forward_flops"),
                kvCacheBF16: integers("kv_cache_bytes_bf16"))
        }
    }()

    static func named(_ name: String) -> Case? { cases.first { $0.name == name } }

    /// A request body holding `config` as `hf_config` plus the given extra members (JSON text).
    static func body(_ config: JSONValue, _ extra: String = "") -> String {
        var writer = JSONWriter()
        writer.value(config)
        let configText = String(decoding: writer.bytes, as: UTF8.self)
        return extra.isEmpty ? #"{"hf_config":\#(configText)}"# : #"{"hf_config":\#(configText),\#(extra)}"#
    }
}

/// llama-2-7b as a native spec (the reference config's architecture, spelled in spec fields).
let llama2NativeSpec = """
{"layers":32,"hidden_size":4096,"attention_heads":32,"vocab_size":32000,"intermediate_size":11008,
"mlp":"gated","norm":"rmsnorm","final_norm":true,"tied_embeddings":false,"qkv_bias":false,
"attention_output_bias":false,"mlp_bias":false}
"""
