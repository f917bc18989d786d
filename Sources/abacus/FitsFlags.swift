import ArgumentParser
import EstimationAPI

/// [models, accelerators] of `/v1/fits`: the grid's rows and columns, each a preset named once per
/// flag. `--hardware` keeps its spelling (a hardware preset, as everywhere) and may be repeated here.
struct FitsGridFlags: RequestFlags {
    @Option(help: "A model preset to judge (abacus models lists them) [models], repeatable: the grid's rows.") var model: [String] = []
    @Option(help: "A hardware preset to judge on (abacus hardware lists them) [accelerators], repeatable: the grid's columns.")
    var hardware: [String] = []

    private static func array(_ names: [String]) -> String? {
        names.isEmpty ? nil : "[" + names.map(JSONText.stringLiteral).joined(separator: ",") + "]"
    }

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [
            RequestField("--model", "models", json: Self.array(model)),
            RequestField("--hardware", "accelerators", json: Self.array(hardware)),
        ]
    }
}
