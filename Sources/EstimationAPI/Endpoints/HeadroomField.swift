import Estimation

/// `headroom`: the fraction of an accelerator's memory set aside (framework, fragmentation, CUDA
/// context) before a fit is judged. It means nothing without `hardware`, so giving it alone is an
/// error rather than something silently ignored.
enum HeadroomField {
    static let name = "headroom"

    static func read(_ reader: inout FieldReader, hardwareGiven: Bool) -> Double {
        let headroom = reader.number(name)
        if headroom != nil && !hardwareGiven {
            reader.fail(name, "only applies with hardware; give hardware or leave headroom out")
        }
        return headroom ?? 0
    }

    /// `"hardware":{figures}|null,"headroom":…` as canonical options.
    static func writeHardware(_ hardware: Accelerator?, headroom: Double, to json: inout JSONWriter) {
        json.key(HardwareInput.field)
        if let hardware {
            HardwareInput.writeCanonical(hardware, to: &json)
        } else {
            json.null()
        }
        json.field(name, headroom)
    }
}
