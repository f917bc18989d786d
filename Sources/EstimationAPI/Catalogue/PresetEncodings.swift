import Estimation

/// The canonical JSON of the catalogues' presets, encoded once, on first use. Most requests name a
/// preset model and a preset accelerator, and a request's hash covers their canonical forms: copying
/// the bytes costs a fraction of writing them field by field, and they are the same bytes (tests
/// compare every preset's with its written form).
enum PresetEncodings {
    /// `"model":{…}` for a model preset, as `ModelSpecCoding.writeMember` writes its spec.
    static func modelMember(_ preset: ModelPreset) -> [UInt8]? {
        modelMembers[preset.name]
    }

    /// The accelerator's canonical object (`HardwareInput.writeCanonical`) when it is a catalogue
    /// preset as the catalogue has it. Changed figures rename an accelerator `custom`, and comparing
    /// the whole accelerator keeps any other changed copy from passing for its preset.
    static func hardware(_ accelerator: Accelerator, roofline: Bool) -> [UInt8]? {
        guard let entry = accelerators[accelerator.name], entry.accelerator == accelerator else { return nil }
        return roofline ? entry.roofline : entry.plain
    }

    private static let modelMembers: [String: [UInt8]] = Dictionary(
        ModelPresets.all.map { preset in
            var json = JSONWriter(reservingCapacity: 1024)
            ModelSpecCoding.writeMember(preset.spec, to: &json)
            return (preset.name, json.bytes)
        },
        uniquingKeysWith: { first, _ in first })

    private struct EncodedAccelerator {
        var accelerator: Accelerator
        var plain: [UInt8]
        var roofline: [UInt8]
    }

    private static let accelerators: [String: EncodedAccelerator] = Dictionary(
        HardwareCatalogue.all.map { accelerator in
            func encoded(roofline: Bool) -> [UInt8] {
                var json = JSONWriter(reservingCapacity: 512)
                HardwareInput.writeFigures(accelerator, roofline: roofline, to: &json)
                return json.bytes
            }
            let entry = EncodedAccelerator(
                accelerator: accelerator, plain: encoded(roofline: false), roofline: encoded(roofline: true))
            return (accelerator.name, entry)
        },
        uniquingKeysWith: { first, _ in first })
}
