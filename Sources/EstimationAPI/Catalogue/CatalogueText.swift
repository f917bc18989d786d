import Estimation

/// The catalogues as terminal tables (`abacus models`, `abacus hardware`, `abacus networks`): the
/// figures of `GET /v1/models`, `/v1/hardware` and `/v1/networks` a person compares at a glance,
/// rounded for reading; the JSON documents keep every exact figure.
public enum CatalogueText {
    /// One row per model preset: counts in decimal units as model sizes are quoted, the shape, and
    /// the context the config declares (`max_position_embeddings`).
    public static func models() -> String {
        var table = TextTable([
            .init(header: "name", numeric: false), .init(header: "family", numeric: false),
            .init(header: "parameters", numeric: true), .init(header: "active", numeric: true),
            .init(header: "layers", numeric: true), .init(header: "hidden", numeric: true),
            .init(header: "heads", numeric: true), .init(header: "kv heads", numeric: true),
            .init(header: "context", numeric: true), .init(header: "display name", numeric: false),
        ])
        for preset in ModelPresets.all {
            let spec = preset.spec
            let parameters = try? ParameterCounter.count(spec)
            table.append([
                preset.name, preset.family, parameters.map { count($0.total) } ?? "n/a",
                parameters.map { count($0.active) } ?? "n/a", String(spec.layers), TextReport.grouped(spec.hiddenSize),
                String(spec.attentionHeads), String(spec.kvHeads),
                spec.maxPositionEmbeddings.map(TextReport.grouped) ?? "-", preset.displayName,
            ])
        }
        return lines(table)
    }

    /// One row per accelerator: memory as the driver reports it, bandwidth, and the dense peak of
    /// each precision (`-` where the device has none).
    public static func hardware() -> String {
        var columns: [TextTable.Column] = [
            .init(header: "name", numeric: false), .init(header: "memory", numeric: true),
            .init(header: "bandwidth TB/s", numeric: true),
        ]
        // int8 peaks are integer operations, not floating-point ones.
        columns += Precision.allCases.map { .init(header: "\($0.rawValue) \($0 == .int8 ? "TOP/s" : "TFLOP/s")", numeric: true) }
        columns.append(.init(header: "display name", numeric: false))
        var table = TextTable(columns)
        for accelerator in HardwareCatalogue.all {
            var row = [
                accelerator.name, TextReport.readableBytes(accelerator.memoryBytes),
                TextReport.fixed(accelerator.bandwidthBytesPerSecond / 1e12, places: 2),
            ]
            row += Precision.allCases.map { precision in
                accelerator.peak(precision).map { TextReport.fixed($0 / 1e12, places: 1) } ?? "-"
            }
            row.append(accelerator.displayName)
            table.append(row)
        }
        return lines(table)
    }

    /// One row per network preset at batch 1 and its own input, as `GET /v1/networks` counts it.
    public static func networks() -> String {
        var table = TextTable([
            .init(header: "name", numeric: false), .init(header: "family", numeric: false),
            .init(header: "source", numeric: false), .init(header: "input", numeric: false),
            .init(header: "parameters", numeric: true), .init(header: "MACs", numeric: true),
            .init(header: "layers", numeric: true), .init(header: "scalable", numeric: false),
        ])
        for preset in NetworkPresets.all {
            let totals = try? NetworkEstimator.estimate(preset.network, NetworkOptions()).totals
            table.append([
                preset.name, preset.family, preset.source.rawValue,
                preset.network.spec.input.map(String.init).joined(separator: "×"),
                totals.map { count($0.parameters) } ?? "n/a", totals.map { count($0.macs) } ?? "n/a",
                String(preset.network.layers.count), preset.stages == nil ? "no" : "yes",
            ])
        }
        return lines(table)
    }

    /// `8.03 B`; below a thousand, the count itself.
    private static func count(_ value: Int) -> String {
        value < 1000 ? String(value) : TextReport.magnitude(Double(value))
    }

    private static func lines(_ table: TextTable) -> String {
        table.lines.joined(separator: "\n") + "\n"
    }
}
