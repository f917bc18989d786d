import Estimation

/// `POST /v1/scaling`: a network given as stages (a scalable preset, or `{"family": …}`) scaled by a
/// flops multiplier `s` with a strategy (`d`, `w`, `r`, `dw`, `dr`, `wr`, `dwr`, or `alpha`), the
/// stages rounded as pycls's scaler rounds them, and both networks' exact complexity beside the
/// exponents' predictions (Dollár et al. 2021; docs/networks.md).
enum ScalingEndpoint: EstimateEndpoint {
    typealias Options = ScalingOptions
    typealias Result = ScalingEstimate
    typealias Subject = StagedNetwork

    static let kind = EstimateKind.scaling

    static func readSubject(_ reader: inout FieldReader) -> ResolvedSubject<StagedNetwork>? {
        guard let value = reader.value("network") else {
            reader.fail("network", "is required: a scalable preset name (GET /v1/networks) or stages {\"family\": …}")
            return nil
        }
        switch value {
        case .string(let name):
            guard let preset = NetworkPresetInput.read(name, reader) else { return nil }
            guard let stages = preset.stages else {
                reader.fail("network", "\(preset.name) is not built from stages; GET /v1/networks marks the scalable presets")
                return nil
            }
            return ResolvedSubject(value: stages, provenance: NetworkPresetInput.provenance(preset))
        case .object:
            guard var nested = reader.object("network") else { return nil }
            let staged = StagedNetworkCoding.read(&nested)
            nested.finish()
            return staged.map { ResolvedSubject(value: $0, provenance: ModelProvenance(kind: .spec)) }
        default:
            reader.fail("network", "must be a preset name or stages {\"family\": …}, not \(value.typeName)")
            return nil
        }
    }

    static func writeSubject(_ staged: StagedNetwork, to json: inout JSONWriter) {
        json.key("network")
        StagedNetworkCoding.write(staged, to: &json)
    }

    /// `flops_multiplier`, and exactly one of `strategy` (letters) and `alpha`.
    static func readOptions(_ reader: inout FieldReader) -> Options? {
        let multiplier = reader.isPresent("flops_multiplier") ? reader.number("flops_multiplier") : nil
        let letters = reader.string("strategy")
        let alpha = reader.number("alpha")
        let scaleGroups = reader.bool("scale_group_width", default: true)
        var strategy: ScalingStrategy?
        switch (letters, alpha) {
        case (.some, .some):
            reader.fail("alpha", "cannot be given together with strategy; give one")
        case (.some(let letters), nil):
            strategy = ScalingStrategy(letters: letters)
            if strategy == nil {
                let names = ScalingStrategy.letterStrategies.map(\.name).joined(separator: ", ")
                reader.fail("strategy", "must be one of \(names) (or give alpha instead), got \"\(letters)\"")
            }
        case (nil, .some(let alpha)):
            strategy = .alpha(alpha)
        case (nil, nil):
            if !reader.contains("strategy") && !reader.contains("alpha") {
                reader.fail("strategy", "is required: d, w, r, dw, dr, wr or dwr, or give alpha (0.8 is the paper's fast scaling)")
            }
        }
        guard let multiplier, let strategy else { return nil }
        return ScalingOptions(flopsMultiplier: multiplier, strategy: strategy, scaleGroupWidth: scaleGroups)
    }

    static func validate(_ options: Options, for subject: StagedNetwork?) throws(EstimationError) {
        try options.validate()
    }

    static func writeOptions(_ options: Options, to json: inout JSONWriter) {
        json.beginObject()
        json.field("flops_multiplier", options.flopsMultiplier)
        switch options.strategy {
        case .alpha(let alpha):
            json.key("strategy")
            json.null()
            json.field("alpha", alpha)
        case .uniform:
            json.field("strategy", ScalingStrategy.letterStrategies.first { $0.strategy == options.strategy }?.name ?? "")
            json.key("alpha")
            json.null()
        }
        json.field("scale_group_width", options.scaleGroupWidth)
        json.endObject()
    }

    static func compute(_ staged: StagedNetwork, _ options: Options) throws(EstimationError) -> Result {
        try EstimationError.inNetwork { () throws(EstimationError) in try NetworkScaling.estimate(staged, options) }
    }

    static func writeResult(_ result: Result, to json: inout JSONWriter) {
        let exponents = result.exponents
        json.object("exponents") { json in
            json.field("depth", exponents.depth)
            json.field("width", exponents.width)
            json.field("resolution", exponents.resolution)
            json.field("flops", exponents.flops)
            json.field("parameters", exponents.parameters)
            json.field("activations", exponents.activations)
        }
        json.object("factors") { json in
            json.field("depth", result.factors.depth)
            json.field("width", result.factors.width)
            json.field("group_width", result.factors.groupWidth)
            json.field("resolution", result.factors.resolution)
        }
        writeSide("base", result.base, result.baseComplexity, to: &json)
        writeSide("scaled", result.scaled, result.scaledComplexity, to: &json)
        json.object("ratios") { json in
            for (name, ratio) in [("flops", result.flops), ("parameters", result.parameters), ("activations", result.activations)] {
                json.object(name) { json in
                    json.field("actual", ratio.actual)
                    json.field("predicted", ratio.predicted)
                }
            }
        }
    }

    private static func writeSide(
        _ name: String, _ staged: StagedNetwork, _ complexity: ScalingEstimate.Complexity, to json: inout JSONWriter
    ) {
        json.object(name) { json in
            json.key("network")
            StagedNetworkCoding.write(staged, to: &json)
            json.object("complexity") { json in
                json.field("pycls_flops", complexity.pyclsFlops)
                json.field("macs", complexity.macs)
                json.field("parameters", complexity.parameters)
                json.field("activations", complexity.activations)
            }
        }
    }

    static func renderText(_ result: Result, to report: inout TextReport) {
        var table = TextTable([
            .init(header: "Stage", numeric: true), .init(header: "Depth", numeric: true), .init(header: "→", numeric: true),
            .init(header: "Width", numeric: true), .init(header: "→", numeric: true), .init(header: "Groups of", numeric: true),
            .init(header: "→", numeric: true),
        ])
        for (index, (base, scaled)) in zip(Self.rows(result.base), Self.rows(result.scaled)).enumerated() {
            table.append([String(index + 1), String(base.depth), String(scaled.depth), String(base.width), String(scaled.width),
                          base.group.map(String.init) ?? "-", scaled.group.map(String.init) ?? "-"])
        }
        report.table("Stages scaled by s = \(TextReport.fixed(result.flopsMultiplier, places: 4))", table)
        report.section("Factors")
        report.row("depth", TextReport.fixed(result.factors.depth, places: 4), "s^" + TextReport.fixed(result.exponents.depth, places: 4))
        report.row("width", TextReport.fixed(result.factors.width, places: 4), "s^" + TextReport.fixed(result.exponents.width, places: 4))
        report.row("resolution", "\(result.base.resolution) → \(result.scaled.resolution)", "s^" + TextReport.fixed(result.exponents.resolution, places: 4))
        report.section("Complexity (pycls): base → scaled, actual ratio (predicted)")
        let base = result.baseComplexity
        let scaled = result.scaledComplexity
        for (label, before, after, ratio) in [
            ("flops", base.pyclsFlops, scaled.pyclsFlops, result.flops),
            ("parameters", base.parameters, scaled.parameters, result.parameters),
            ("activations", base.activations, scaled.activations, result.activations),
        ] {
            report.row(
                label, TextReport.grouped(before) + " → " + TextReport.grouped(after),
                TextReport.fixed(ratio.actual, places: 3) + "× (" + TextReport.fixed(ratio.predicted, places: 3) + "×)")
        }
    }

    private static func rows(_ staged: StagedNetwork) -> [(depth: Int, width: Int, group: Int?)] {
        switch staged {
        case .anyNet(let net): net.stages.map { ($0.depth, $0.width, net.block == .residualBottleneck ? $0.groupWidth : nil) }
        case .effNet(let net): net.stages.map { ($0.depth, $0.width, nil) }
        }
    }
}

extension EstimationError {
    /// Runs a computation whose issues name the staged network's fields, renaming them under
    /// `network` (options' fields stay as they are).
    static func inNetwork<Value>(_ body: () throws(EstimationError) -> Value) throws(EstimationError) -> Value {
        do {
            return try body()
        } catch {
            let options: Set<String> = ["flops_multiplier", "alpha", "strategy"]
            throw EstimationError(issues: error.issues.map { issue in
                options.contains(issue.field) ? issue : EstimationError.Issue(field: "network." + issue.field, message: issue.message)
            })
        }
    }
}
