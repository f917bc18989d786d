import Foundation
import Testing
@testable import Estimation

/// The ground truth in /work/shared/reference/models.json (Hugging Face modelling code on the meta
/// device, PyTorch's FLOP counter), read with Foundation's JSONSerialization at test time, with each
/// case's architecture written as a native spec.
struct ReferenceCase: CustomTestStringConvertible, Sendable {
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

    static let fileURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../../shared/reference/models.json")

    /// The architectures of the reference configs, written natively (the importer is tested on its
    /// own; here only the shapes matter).
    static let specs: [String: ModelSpec] = {
        func llamaLike(
            layers: Int, hidden: Int, heads: Int, kvHeads: Int, vocab: Int, intermediate: Int,
            qkvBias: Bool = false, slidingWindow: Int? = nil, moe: ModelSpec.MixtureOfExperts? = nil
        ) -> ModelSpec {
            ModelSpec(
                layers: layers, hiddenSize: hidden, attentionHeads: heads, vocabSize: vocab, kvHeads: kvHeads,
                intermediateSize: intermediate, mlp: .gated, norm: .rmsnorm, finalNorm: true,
                tiedEmbeddings: false, qkvBias: qkvBias, attentionOutputBias: false, mlpBias: false,
                slidingWindow: slidingWindow, moe: moe)
        }
        return [
            "gpt2": ModelSpec(
                layers: 12, hiddenSize: 768, attentionHeads: 12, vocabSize: 50257, finalNorm: true,
                positionEmbeddings: 1024),
            "llama-2-7b": llamaLike(
                layers: 32, hidden: 4096, heads: 32, kvHeads: 32, vocab: 32000, intermediate: 11008),
            "llama-3-8b": llamaLike(
                layers: 32, hidden: 4096, heads: 32, kvHeads: 8, vocab: 128_256, intermediate: 14336),
            "mistral-7b": llamaLike(
                layers: 32, hidden: 4096, heads: 32, kvHeads: 8, vocab: 32000, intermediate: 14336,
                slidingWindow: 4096),
            "mixtral-8x7b": llamaLike(
                layers: 32, hidden: 4096, heads: 32, kvHeads: 8, vocab: 32000, intermediate: 14336,
                slidingWindow: nil,
                moe: .init(experts: 8, expertsPerToken: 2, expertIntermediateSize: 14336)),
            "qwen2.5-7b": llamaLike(
                layers: 28, hidden: 3584, heads: 28, kvHeads: 4, vocab: 152_064, intermediate: 18944,
                qkvBias: true),
            "gemma-7b": ModelSpec(
                layers: 28, hiddenSize: 3072, attentionHeads: 16, vocabSize: 256_000, kvHeads: 16, headDim: 256,
                intermediateSize: 24576, mlp: .gated, norm: .rmsnorm, finalNorm: true, qkvBias: false,
                attentionOutputBias: false, mlpBias: false),
            "falcon-7b": ModelSpec(
                layers: 32, hiddenSize: 4544, attentionHeads: 71, vocabSize: 65024, kvHeads: 1,
                normsPerLayer: 1, finalNorm: true, qkvBias: false, attentionOutputBias: false, mlpBias: false),
            "pythia-160m": ModelSpec(
                layers: 12, hiddenSize: 768, attentionHeads: 12, vocabSize: 50304, finalNorm: true,
                tiedEmbeddings: false),
            "opt-125m": ModelSpec(
                layers: 12, hiddenSize: 768, attentionHeads: 12, vocabSize: 50272, finalNorm: true,
                positionEmbeddings: 2050),
        ]
    }()

    static func load() throws -> [ReferenceCase] {
        let data = try Data(contentsOf: fileURL)
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [[String: Any]]
        else { throw ReferenceError.malformed }
        return try cases.map { entry in
            guard let name = entry["name"] as? String, let spec = specs[name],
                let parameters = (entry["params_total"] as? NSNumber)?.intValue
            else { throw ReferenceError.unknownCase(entry["name"] as? String ?? "?") }
            func integers(_ key: String) -> [String: Int] {
                ((entry[key] as? [String: Any]) ?? [:]).compactMapValues { ($0 as? NSNumber)?.intValue }
            }
            return ReferenceCase(
                name: name, spec: spec, parameters: parameters, forwardFlops: integers("forward_flops"),
                kvCacheBytesBF16: integers("kv_cache_bytes_bf16"))
        }
    }

    /// Loaded once; a missing or malformed file fails the tests that use it (an empty list would
    /// let them pass vacuously, so the loader's own test requires every case).
    static let all: [ReferenceCase] = (try? load()) ?? []

    enum ReferenceError: Error { case malformed, unknownCase(String) }
}
