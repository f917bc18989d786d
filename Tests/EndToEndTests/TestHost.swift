import Foundation
import ServiceHost

/// Starts an in-process `AbacusHost` on 127.0.0.1 with an ephemeral port, runs `body` with a
/// client for it, and shuts it down (waiting until every connection is gone).
func withHost<Result>(
    _ configure: (inout AbacusConfiguration) -> Void = { _ in },
    _ body: (HTTPTestClient, AbacusHost) throws -> Result
) throws -> Result {
    var configuration = AbacusConfiguration(logLevel: .warning)
    configuration.server.host = "127.0.0.1"
    configuration.server.port = 0
    configuration.server.workerCount = 2
    configure(&configuration)
    let host = AbacusHost(configuration: configuration)
    let port = try host.start()
    defer {
        host.shutdown()
        host.waitUntilStopped()
    }
    return try body(HTTPTestClient(port: port), host)
}

/// Reading nested members of a decoded JSON object by a dotted path (`per_gpu.total`).
extension Dictionary where Key == String, Value == Any {
    func value(_ path: String) -> Any? {
        var current: Any? = self
        for key in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(key)]
        }
        return current
    }

    /// An exact integer member (a JSON number without fraction or exponent beyond Int's range fails).
    func integer(_ path: String) -> Int? {
        guard let number = value(path) as? NSNumber, !(value(path) is Bool) else { return nil }
        let double = number.doubleValue
        guard double == double.rounded(), abs(double) < 9.2e18 else { return nil }
        return number.intValue
    }

    func number(_ path: String) -> Double? {
        (value(path) as? NSNumber)?.doubleValue
    }

    func string(_ path: String) -> String? {
        value(path) as? String
    }
}

/// Facts the tests check, with where each comes from.
enum Reference {
    /// `Tests/TransformersReference/models.json`, case llama-2-7b: the config, and what transformers reports
    /// for it (parameter count; KV cache after b=2, s=1024 in bf16; forward FLOPs at b=1, s=512).
    static let llama2ConfigJSON = """
        {"model_type":"llama","hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,
         "num_attention_heads":32,"num_key_value_heads":32,"vocab_size":32000,"tie_word_embeddings":false,
         "max_position_embeddings":4096,"rms_norm_eps":1e-05,"hidden_act":"silu","attention_bias":false}
        """
    static let llama2Parameters = 6_738_415_616
    static let llama2KVCacheB2S1024BF16 = 1_073_741_824
    static let llama2ForwardFlopsB1S512 = 6_903_086_186_496.0
    /// The same source at b=4, s=2048; a quarter of it is one sequence of 2048 tokens.
    static let llama2ForwardFlopsB4S2048 = 117_046_448_750_592.0

    /// The repository's openapi.yaml, which `GET /openapi.yaml` must serve byte for byte.
    static var openAPIDocument: Data? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return FileManager.default.contents(atPath: root.appendingPathComponent("openapi.yaml").path)
    }
}
