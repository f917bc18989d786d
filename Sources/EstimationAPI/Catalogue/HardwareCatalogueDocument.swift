import Estimation

/// `GET /v1/hardware`: `{"hardware":[{name, display_name, memory_bytes, bandwidth_bytes_per_second,
/// peak_flops_per_second:{precision: FLOP/s}, measured?, interconnect?, notes}]}`, in the
/// catalogue's order. Peaks are dense (no sparsity); a precision the device lacks is absent;
/// `measured` and `interconnect` appear where the catalogue has them.
enum HardwareCatalogueDocument {
    static func make() -> StaticResource {
        var json = JSONWriter(reservingCapacity: 8192)
        json.beginObject()
        json.key("hardware")
        json.beginArray()
        for accelerator in HardwareCatalogue.all {
            json.beginObject()
            json.field("name", accelerator.name)
            json.field("display_name", accelerator.displayName)
            json.field("memory_bytes", accelerator.memoryBytes)
            json.field("bandwidth_bytes_per_second", accelerator.bandwidthBytesPerSecond)
            HardwareInput.writePeaks(accelerator.peakFlopsPerSecond, to: &json)
            if !accelerator.measured.isEmpty {
                json.object("measured") { json in
                    HardwareInput.writePeaks(accelerator.measured.peakFlopsPerSecond, to: &json)
                    if let bandwidth = accelerator.measured.bandwidthBytesPerSecond {
                        json.field("bandwidth_bytes_per_second", bandwidth)
                    }
                }
            }
            if let interconnect = accelerator.interconnect {
                json.object("interconnect") { json in
                    json.field("kind", interconnect.kind.rawValue)
                    json.field("bandwidth_bytes_per_second", interconnect.bandwidthBytesPerSecond)
                }
            }
            json.field("notes", accelerator.notes)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return StaticResource(body: json.bytes, contentType: .json)
    }
}
