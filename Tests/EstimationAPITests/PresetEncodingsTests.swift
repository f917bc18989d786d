import Estimation
import Testing
@testable import EstimationAPI

/// The presets' canonical bytes, encoded once, are exactly what writing them field by field gives:
/// a request naming a preset hashes and echoes the same bytes as one spelling it out.
@Suite("Preset encodings")
struct PresetEncodingsTests {
    @Test func everyModelPresetIsEncodedAsItsSpecIsWritten() {
        for preset in ModelPresets.all {
            var json = JSONWriter()
            ModelSpecCoding.writeMember(preset.spec, to: &json)
            #expect(PresetEncodings.modelMember(preset) == json.bytes, "\(preset.name)")
        }
    }

    @Test(arguments: [false, true])
    func everyHardwarePresetIsEncodedAsItsFiguresAreWritten(roofline: Bool) {
        for accelerator in HardwareCatalogue.all {
            var json = JSONWriter()
            HardwareInput.writeFigures(accelerator, roofline: roofline, to: &json)
            #expect(PresetEncodings.hardware(accelerator, roofline: roofline) == json.bytes, "\(accelerator.name)")
        }
    }

    @Test func aChangedCopyKeepingAPresetNameIsWrittenFromItsOwnFigures() throws {
        var changed = try #require(HardwareCatalogue.named("h100-sxm"))
        changed.memoryBytes += 1
        #expect(PresetEncodings.hardware(changed, roofline: false) == nil)
        var json = JSONWriter()
        HardwareInput.writeCanonical(changed, to: &json)
        #expect(String(decoding: json.bytes, as: UTF8.self).contains(#""memory_bytes":\#(changed.memoryBytes),"#))
    }

    @Test func aPresetModelAndItsSpecEchoTheSameModel() throws {
        let client = ServiceClient()
        let preset = try #require(ModelPresets.named("llama-3.1-405b"))
        var spec = JSONWriter()
        ModelSpecCoding.write(preset.spec, to: &spec)
        let byName = client.post("/v1/estimate", #"{"model":"llama-3.1-405b","hardware":"h100-sxm","tokens":1e12}"#)
        let bySpec = client.post(
            "/v1/estimate", #"{"model":\#(String(decoding: spec.bytes, as: UTF8.self)),"hardware":"h100-sxm","tokens":1e12}"#)
        #expect(byName.status == 200, "\(byName.text)")
        #expect(byName["spec_hash"] == bySpec["spec_hash"])
        #expect(byName["model"] == bySpec["model"])
        #expect(bySpec.header("X-Cache") == "hit")
    }
}
