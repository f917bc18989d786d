import Estimation
import Foundation

/// One training step of transformers' modules, `out = model(**batch); out.loss.backward()`, with
/// what it saved for the backward pass and its peak, from one of two sources of one layout:
/// - `h200`: measured on an NVIDIA H200 (Tests/GPUReference/h200-training-memory.json, copied from
///   the measurement run by `extract.py` beside it, whose `provenance` says how): bytes as the CUDA
///   caching allocator counts them, and as its tensors requested them;
/// - `simulated`: computed on a CPU by training_memory.py beside this file (its docstring says how;
///   its `--check-h200` mode reproduces every H200 case's requested bytes exactly): requested bytes.
public struct TrainingStepCase: Sendable, CustomStringConvertible {
    public enum Source: String, Sendable {
        case h200
        case simulated
    }

    public var name: String
    public var source: Source
    /// The `config.json` members as the service's JSON reader would hand them to the importer.
    public var config: [String: ConfigValue]
    public var batch: Int
    public var sequence: Int
    /// `sdpa` (the fused cuDNN kernel) or `eager`.
    public var attention: String
    /// Every decoder layer recomputed in the backward pass (gradient checkpointing).
    public var checkpointing: Bool
    /// Allocated after the forward pass minus before it: saved tensors, logits, loss.
    public var saved: Int
    /// The highest allocation of the step minus what was allocated before it.
    public var peak: Int
    /// The same two as the tensors requested them (the simulation's own figures); nil for none.
    public var savedRequested: Int?
    public var peakRequested: Int?
    /// Recompute off: the saved tensors of each decoder layer (unique storages, attributed to the
    /// layer that first saved them) and outside the layers (token ids included).
    public var censusPerLayer: [Int]?
    public var censusOutsideLayers: Int?

    public var description: String {
        "\(source.rawValue) \(name) b\(batch) s\(sequence) \(attention)\(checkpointing ? " recompute" : "")"
    }

    public var fusedAttention: Bool { attention == "sdpa" }

    /// The H200's cases, read once; empty when the file is missing or malformed (the count checks fail).
    public static let h200: [TrainingStepCase] = (try? load(.h200)) ?? []
    /// The simulated cases, read once.
    public static let simulated: [TrainingStepCase] = (try? load(.simulated)) ?? []

    public static func load(_ source: Source) throws -> [TrainingStepCase] {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let url = switch source {
        case .h200: here.deletingLastPathComponent().appendingPathComponent("GPUReference/h200-training-memory.json")
        case .simulated: here.appendingPathComponent("training_memory.json")
        }
        let decoded = try JSONDecoder().decode(Layout.self, from: Data(contentsOf: url))
        return try decoded.cases.map { entry in
            guard case .object(let config) = entry.hf_config.value else { throw LoadError.configNotAnObject(entry.name) }
            let measured = source == .h200
            return TrainingStepCase(
                name: entry.name, source: source, config: config, batch: entry.batch, sequence: entry.sequence,
                attention: entry.attention, checkpointing: entry.checkpointing,
                saved: measured ? entry.saved_for_backward ?? 0 : entry.saved ?? 0,
                peak: entry.peak,
                savedRequested: measured ? entry.saved_for_backward_requested : entry.saved,
                peakRequested: measured ? entry.peak_requested : entry.peak,
                censusPerLayer: entry.census_per_layer, censusOutsideLayers: entry.census_outside_layers)
        }
    }

    public enum LoadError: Error {
        case configNotAnObject(String)
    }

    /// Both files' layout: the H200's names its figures as the measurement script does.
    private struct Layout: Decodable {
        var cases: [Entry]

        struct Entry: Decodable {
            var name: String
            var hf_config: DecodedConfigValue
            var batch: Int
            var sequence: Int
            var attention: String
            var checkpointing: Bool
            var saved: Int?
            var saved_for_backward: Int?
            var peak: Int
            var saved_for_backward_requested: Int?
            var peak_requested: Int?
            var census_per_layer: [Int]?
            var census_outside_layers: Int?
        }
    }
}
