import ArgumentParser
import EstimationAPI
import Foundation

/// [operators] of `/v1/roofline`: a file's array, operators typed one by one, or both (the file's
/// first). Both flags set the one field, so the service's issues (`operators[2].flops`) are named
/// by the flags given.
struct OperatorFlags: RequestFlags {
    @Option(help: ArgumentHelp(
        "Operators from a file [operators]: a JSON array of {\"name\", \"flops\", \"bytes\"}; - reads standard input.",
        valueName: "path"))
    var operators: String?
    @Option(help: ArgumentHelp(
        "An operator [operators], repeatable, after the --operators file's: its name, FLOPs and bytes moved, e.g. matmul:6.9e10:1.0e8.",
        valueName: "name:flops:bytes"))
    var `operator`: [String] = []

    /// `{"name":…,"flops":…,"bytes":…}` of each `--operator`, numbers as typed: the name is everything
    /// before the last two colons, so it may hold colons itself.
    private var typed: [String] {
        get throws {
            try `operator`.map { text in
                let parts = text.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count >= 3, let flops = JSONNumber(argument: String(parts[parts.count - 2])),
                    let bytes = JSONNumber(argument: String(parts[parts.count - 1]))
                else {
                    throw ValidationError("--operator must be name:flops:bytes with numbers for the last two (e.g. matmul:6.9e10:1.0e8), got \"\(text)\".")
                }
                let name = parts.dropLast(2).joined(separator: ":")
                return #"{"name":\#(JSONText.stringLiteral(name)),"flops":\#(flops.text),"bytes":\#(bytes.text)}"#
            }
        }
    }

    func validate() throws {
        _ = try typed
    }

    func fields(_ files: inout InputFiles) throws -> [RequestField] {
        let typed = try typed
        guard let operators else {
            return [RequestField("--operator", "operators", json: typed.isEmpty ? nil : "[" + typed.joined(separator: ",") + "]")]
        }
        let array = try files.jsonArray(operators, flag: "--operators")
        guard !typed.isEmpty else { return [RequestField("--operators", "operators", json: array)] }
        // A JSON array's text is `[`, its items (or only white space), `]`: the typed ones go before
        // the bracket that closes it.
        let trimmed = array.trimmingCharacters(in: .whitespacesAndNewlines)
        let items = trimmed.dropFirst().dropLast()
        let file = items.allSatisfy(\.isWhitespace) ? [] : [String(items)]
        return [RequestField("--operators, --operator", "operators", json: "[" + (file + typed).joined(separator: ",") + "]")]
    }
}
