import ArgumentParser

/// [hardware]: a preset by name or the caller's own figures from a file.
struct HardwareFlags: RequestFlags {
    @Option(help: "A hardware preset (abacus hardware lists them) [hardware].") var hardware: String?
    @Option(help: ArgumentHelp(
        "Custom hardware instead of --hardware: a JSON object as the request's hardware field (memory_bytes, bandwidth_bytes_per_second, peak_flops_per_second; with preset, that preset's figures overridden); - reads standard input.",
        valueName: "path"))
    var hardwareSpec: String?

    func validate() throws {
        if hardware != nil && hardwareSpec != nil {
            throw ValidationError("Give at most one of --hardware and --hardware-spec.")
        }
    }

    func fields(_ files: inout InputFiles) throws -> [RequestField] {
        if let hardwareSpec {
            return [RequestField("--hardware-spec", "hardware", json: try files.jsonObject(hardwareSpec, flag: "--hardware-spec"))]
        }
        return [RequestField("--hardware", "hardware", string: hardware)]
    }
}

/// [headroom]: where a route judges a fit on the hardware.
struct HeadroomFlag: RequestFlags {
    @Option(help: "Fraction of the accelerator's memory set aside before judging a fit [headroom]; default 0.") var headroom: JSONNumber?

    func fields(_ files: inout InputFiles) -> [RequestField] {
        [RequestField("--headroom", "headroom", headroom)]
    }
}
