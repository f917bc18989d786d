import Estimation

/// `GET /v1/hardware`: `{"hardware":[{name, display_name, memory_bytes, bandwidth_bytes_per_second,
/// peak_flops_per_second:{precision: FLOP/s}, notes}]}`, in the catalogue's order. Peaks are
/// dense (no sparsity); a precision the device lacks is absent.
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
            json.object("peak_flops_per_second") { json in
                for precision in Precision.allCases {
                    if let peak = accelerator.peak(precision) { json.field(precision.rawValue, peak) }
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
