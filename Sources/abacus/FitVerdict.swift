import Foundation

/// The fit verdicts of an answer, read from its JSON document: a training-memory `fit` (`fits`,
/// bytes per GPU against the usable memory) and a KV-cache `fit` (`request_fits`, the cache against
/// what the weights leave), at the top level (`/v1/memory/training`, `/v1/kv-cache`) or in
/// `/v1/estimate`'s `training_memory` and `kv_cache` sections; `/v1/inference`'s serving `memory`
/// (`fits`: weights, KV cache and activations per GPU); and each cell of `/v1/fits`'s `rows`.
/// `--require-fit` fails on any negative one, with a reason a CI log can show on one line.
struct FitVerdict {
    /// Why the run does not fit (every failing verdict, `; `-separated), or nil when all fit.
    let reason: String?
    /// How many verdicts the answer holds: none means no hardware was judged.
    let count: Int

    init(json: [UInt8]) throws {
        guard let document = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else {
            throw ConfigurationError("the answer is not a JSON object, so --require-fit cannot read its fit")
        }
        let hardware = (document["input"] as? [String: Any])?["hardware"] as? String ?? "the hardware"
        let sections = [document] + ["training_memory", "kv_cache"].compactMap { document[$0] as? [String: Any] }
        var reasons: [String] = []
        var count = 0
        for section in sections {
            guard let fit = section["fit"] as? [String: Any] else { continue }
            count += 1
            if fit["fits"] as? Bool == false {
                reasons.append(
                    "training needs \(Self.bytes(fit["required_bytes"])) per GPU, \(Self.bytes(fit["usable_bytes"])) usable on \(hardware) "
                        + "(\(Self.bytes(fit["short_bytes"])) short)")
            } else if fit["request_fits"] as? Bool == false {
                if (fit["short_bytes"] as? NSNumber)?.intValue ?? 0 > 0 {
                    reasons.append(
                        "the weights alone need \(Self.bytes(fit["weight_bytes"])), \(Self.bytes(fit["usable_bytes"])) usable on "
                            + "\(hardware) (\(Self.bytes(fit["short_bytes"])) short), so no KV cache fits")
                } else {
                    let sequences = (fit["sequences"] as? NSNumber)?.intValue ?? 0
                    reasons.append(
                        "the KV cache needs \(Self.bytes(section["bytes"])), \(Self.bytes(fit["available_bytes"])) available beside "
                            + "\(Self.bytes(fit["weight_bytes"])) of weights on \(hardware) (\(sequences) sequences fit)")
                }
            }
        }
        if let memory = document["memory"] as? [String: Any], memory["fits"] is Bool {
            count += 1
            if memory["fits"] as? Bool == false {
                reasons.append(
                    "serving needs \(Self.bytes(memory["total_bytes"])) per GPU, \(Self.bytes(memory["usable_bytes"])) usable on "
                        + "\(hardware) (\(Self.bytes(memory["short_bytes"])) short)")
            }
        }
        // A model short on several accelerators is one reason naming each.
        for case let row as [String: Any] in document["rows"] as? [Any] ?? [] {
            let cells = (row["cells"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
            count += cells.count
            let short = cells.filter { $0["fits"] as? Bool == false }.map {
                "\(Self.bytes($0["usable_bytes"])) usable on \($0["hardware"] as? String ?? "the hardware") (\(Self.bytes($0["short_bytes"])) short)"
            }
            if !short.isEmpty {
                reasons.append(
                    "\(row["model"] as? String ?? "a model") needs \(Self.bytes(row["required_bytes"])) per GPU, "
                        + short.joined(separator: ", "))
            }
        }
        self.count = count
        reason = reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    /// `95.30 GiB`: binary units as the text tables use them.
    private static func bytes(_ value: Any?) -> String {
        guard let number = value as? NSNumber else { return "?" }
        return String(format: "%.2f GiB", number.doubleValue / 1_073_741_824)
    }
}
