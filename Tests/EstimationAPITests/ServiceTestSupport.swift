import Foundation
import HTTPCore
import Testing
import TransformersReference
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

extension ReferenceCase {
    /// A request body holding the case's config as `hf_config` plus the given extra members (JSON
    /// text).
    func body(_ extra: String = "") -> String {
        var writer = JSONWriter()
        writer.value(.object(config))
        let configText = String(decoding: writer.bytes, as: UTF8.self)
        return extra.isEmpty ? #"{"hf_config":\#(configText)}"# : #"{"hf_config":\#(configText),\#(extra)}"#
    }
}

/// llama-2-7b as a native spec (the reference config's architecture, spelled in spec fields; its
/// modules drop nothing at `attention_dropout` 0, which the implied traits would not say).
let llama2NativeSpec = """
{"layers":32,"hidden_size":4096,"attention_heads":32,"vocab_size":32000,"intermediate_size":11008,
"mlp":"gated","activation":"silu","norm":"rmsnorm","final_norm":true,"tied_embeddings":false,
"qkv_bias":false,"attention_output_bias":false,"mlp_bias":false,"rotary_dim":128,"max_position_embeddings":4096,
"module_traits":{"dropout_sites":{"embedding":false,"attention":false,"attention_output":false,"mlp_output":false}}}
"""
