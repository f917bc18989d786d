import Charts
import Estimation
import HTTPCore

/// `POST /v1/network`: a convolutional (or ViT-style) network, a preset or a spec of named layers,
/// counted layer by layer at a batch size and dtype — parameters, MACs, FLOPs, pycls's flops and
/// activations, bytes read and written, arithmetic intensity — with totals, training FLOPs and
/// memory, and on `hardware` a roofline per layer and the latency (docs/networks.md). The network
/// may also be an uploaded ONNX model, its fields in the query (`ONNXNetworkInput`, docs/onnx.md).
enum NetworkEndpoint: EstimateEndpoint {
    typealias Options = NetworkOptions
    typealias Result = NetworkEstimate

    /// The network, and the preset it came from (nil for a spec).
    struct Subject {
        var network: Network
        var preset: NetworkPreset?
    }

    static let path = "/v1/network"
    static let representations = Representation.withChart
    static let bodyTypes: [MediaType] = [.json] + ONNXNetworkInput.mediaTypes
    static let queryFields: [String: QueryFields.Kind] = [
        "input": .integers, "batch_size": .integer, "dtype": .string, "precision": .string, "optimizer": .string,
        HardwareInput.field: .string,
    ]

    // MARK: - Reading

    /// `network`: a preset name (its input replaced by a top-level `input`, when given) or a spec
    /// `{input, layers}`.
    static func readSubject(_ reader: inout FieldReader) -> ResolvedSubject<Subject>? {
        let input = reader.contains("input") ? reader.integers("input") : nil
        guard let value = reader.value("network") else {
            reader.fail("network", "is required: a preset name (see GET /v1/networks) or a spec {\"input\": […], \"layers\": […]}")
            return nil
        }
        switch value {
        case .string(let name):
            guard let preset = NetworkPresetInput.read(name, reader) else { return nil }
            if reader.contains("input") && input == nil { return nil }
            let network = input == nil ? preset.network : resolve(preset.spec(input: input), reader, under: nil)
            return network.map {
                ResolvedSubject(value: Subject(network: $0, preset: preset), provenance: NetworkPresetInput.provenance(preset))
            }
        case .object:
            if reader.contains("input") {
                reader.fail("input", "replaces a preset's input; a spec gives its input inside network")
            }
            guard var nested = reader.object("network") else { return nil }
            let spec = NetworkSpecCoding.read(&nested)
            nested.finish()
            guard let spec, let network = resolve(spec, reader, under: "network") else { return nil }
            return ResolvedSubject(value: Subject(network: network, preset: nil), provenance: ModelProvenance(kind: .spec))
        default:
            reader.fail("network", "must be a preset name or a spec object, not \(value.typeName)")
            return nil
        }
    }

    static func readSubject(upload body: [UInt8], as mediaType: MediaType, _ reader: inout FieldReader) throws(APIProblem)
        -> ResolvedSubject<Subject>?
    {
        try ONNXNetworkInput.read(body, &reader)
    }

    /// The network, or nil with its issues reported under `field` (at the top level: a preset's
    /// replaced `input`).
    private static func resolve(_ spec: NetworkSpec, _ reader: FieldReader, under field: String?) -> Network? {
        do {
            return try Network(resolving: spec)
        } catch {
            if let field { reader.report(error, under: field) } else { reader.report(error) }
            return nil
        }
    }

    static func readOptions(_ reader: inout FieldReader) -> Options? {
        let defaults = NetworkOptions()
        return NetworkOptions(
            batchSize: reader.integer("batch_size", default: defaults.batchSize),
            dtype: reader.choice("dtype", default: defaults.dtype),
            precision: reader.contains("precision") ? reader.choice("precision", default: Precision.fp32) : nil,
            optimizer: reader.choice("optimizer", default: defaults.optimizer),
            accelerator: HardwareInput.read(&reader))
    }

    static func validate(_ options: Options, for subject: Subject?) throws(EstimationError) {
        try options.validate()
    }

    static func hardwareName(_ options: Options) -> String? { options.accelerator?.name }

    // MARK: - Canonical form

    /// A preset by name and input (its layers are fixed by the build, which the result version
    /// names); a spec in full.
    static func writeSubject(_ subject: Subject, to json: inout JSONWriter) {
        json.key("network")
        guard let preset = subject.preset else {
            NetworkSpecCoding.write(subject.network.spec, to: &json)
            return
        }
        json.beginObject()
        json.field("preset", preset.name)
        json.key("input")
        json.integers(subject.network.spec.input)
        json.endObject()
    }

    static func writeOptions(_ options: Options, to json: inout JSONWriter) {
        json.beginObject()
        json.field("batch_size", options.batchSize)
        json.field("dtype", options.dtype.rawValue)
        json.key("precision")
        if let precision = options.peakPrecision { json.string(precision.rawValue) } else { json.null() }
        json.field("optimizer", options.optimizer.rawValue)
        json.key(HardwareInput.field)
        if let accelerator = options.accelerator { HardwareInput.writeCanonical(accelerator, to: &json) } else { json.null() }
        json.endObject()
    }

    // MARK: - Computing and writing

    static func compute(_ subject: Subject, _ options: Options) throws(EstimationError) -> Result {
        try NetworkEstimator.estimate(subject.network, options)
    }

    static func chart(_ subject: Subject, _ options: Options, _ result: Result) throws(EstimationError) -> (any SVGChart)? {
        try NetworkRooflineChart.chart(subject, result)
    }

    static func writeResult(_ result: Result, to json: inout JSONWriter) {
        json.key("output_shape")
        json.integers(result.network.outputShape)
        let totals = result.totals
        json.object("totals") { json in
            json.field("parameters", totals.parameters)
            json.field("macs", totals.macs)
            json.field("flops", totals.flops)
            json.field("pycls_flops", totals.pyclsFlops)
            json.field("elementwise_flops", totals.elementwiseFlops)
            json.field("activations", totals.activations)
            json.field("bytes_read", totals.bytesRead)
            json.field("bytes_written", totals.bytesWritten)
            json.field("arithmetic_intensity", totals.arithmeticIntensity)
        }
        let memory = result.trainingMemory
        json.object("training") { json in
            json.field("flops", totals.trainingFlops)
            json.object("memory") { json in
                json.field("total", memory.total)
                json.field("weights", memory.weights)
                json.field("gradients", memory.gradients)
                json.field("master_weights", memory.masterWeights)
                json.field("optimizer_states", memory.optimizerStates)
                json.field("activations", memory.activations)
                json.field("input", memory.input)
                json.field("bytes_per_parameter", memory.bytesPerParameter)
                json.field("bytes_per_activation", memory.bytesPerActivation)
            }
        }
        json.optionalObject("latency", result.latency) { json, latency in
            json.field("seconds", latency.seconds)
            json.field("samples_per_second", latency.samplesPerSecond)
            json.field("precision", latency.precision.rawValue)
            json.field("peak_flops_per_second", latency.roofs.peakFlopsPerSecond)
            json.field("bandwidth_bytes_per_second", latency.roofs.bandwidthBytesPerSecond)
            json.field("ridge_intensity", latency.roofs.ridgeIntensity)
            json.field("memory_bound_seconds", latency.memoryBoundSeconds)
            json.field("compute_bound_seconds", latency.computeBoundSeconds)
            json.field("memory_bound_layers", latency.memoryBoundLayers)
            json.field("compute_bound_layers", latency.computeBoundLayers)
        }
        json.key("layers")
        json.beginArray()
        let network = result.network
        let specLayers = network.spec.layers
        for (index, (layer, estimate)) in zip(network.layers, result.layers).enumerated() {
            json.beginObject()
            json.field("name", specLayers[index].name)
            json.field("type", specLayers[index].operation.typeName)
            json.key("inputs")
            json.beginArray()
            for input in layer.inputs { json.string(input.map { specLayers[$0].name } ?? NetworkLayer.inputName) }
            json.endArray()
            json.key("output_shape")
            json.integers(layer.outputShape)
            json.field("parameters", estimate.parameters)
            json.key("shares_weights_with")
            if let owner = layer.sharesWeightsWith { json.string(specLayers[owner].name) } else { json.null() }
            json.field("macs", estimate.macs)
            json.field("flops", estimate.flops)
            json.field("pycls_flops", estimate.pyclsFlops)
            json.field("elementwise_flops", estimate.elementwiseFlops)
            json.field("activations", estimate.activations)
            json.field("bytes_read", estimate.bytesRead)
            json.field("bytes_written", estimate.bytesWritten)
            json.field("arithmetic_intensity", estimate.arithmeticIntensity)
            json.optionalObject("roofline", estimate.roofline) { json, point in
                json.field("bound", point.bound.rawValue)
                json.field("attainable_flops_per_second", point.attainableFlopsPerSecond)
                json.field("fraction_of_peak", point.fractionOfPeak)
                json.field("seconds", point.seconds)
            }
            json.endObject()
        }
        json.endArray()
    }

    // MARK: - Text

    /// `512 B`, `1.50 KiB`.
    private static func bytes(_ value: Int) -> String {
        value < 1024 ? "\(value) B" : TextReport.binaryBytes(value)
    }

    static func renderText(_ result: Result, to report: inout TextReport) {
        let hardware = result.latency != nil
        var columns: [TextTable.Column] = [
            .init(header: "Layer", numeric: false), .init(header: "Type", numeric: false),
            .init(header: "Output shape", numeric: false), .init(header: "Params", numeric: true),
            .init(header: "MACs", numeric: true), .init(header: "Bytes r+w", numeric: true),
            .init(header: "FLOP/B", numeric: true),
        ]
        if hardware { columns += [.init(header: "Bound", numeric: false), .init(header: "µs", numeric: true)] }
        var table = TextTable(columns)
        for (layer, (resolved, estimate)) in zip(result.network.spec.layers, zip(result.network.layers, result.layers)) {
            var cells = [
                layer.name, layer.operation.typeName, "[" + resolved.outputShape.map(String.init).joined(separator: ", ") + "]",
                TextReport.grouped(estimate.parameters), TextReport.grouped(estimate.macs),
                bytes(estimate.bytesRead + estimate.bytesWritten),
                estimate.arithmeticIntensity.map { TextReport.fixed($0, places: 2) } ?? "-",
            ]
            if hardware {
                cells.append(estimate.roofline?.bound.rawValue ?? "-")
                cells.append(estimate.roofline.map { TextReport.fixed($0.seconds * 1e6, places: 2) } ?? "-")
            }
            table.append(cells)
        }
        report.table("Layers (batch \(result.options.batchSize), \(result.options.dtype.rawValue))", table)
        let totals = result.totals
        report.section("Totals")
        report.count("parameters", totals.parameters)
        report.row("macs", TextReport.grouped(totals.macs), "multiply-accumulates: conv, linear, attention")
        report.flops("flops (2 × MACs)", Double(totals.flops))
        report.row("pycls_flops", TextReport.grouped(totals.pyclsFlops), "MACs + bias additions")
        report.flops("elementwise_flops", Double(totals.elementwiseFlops))
        report.count("activations", totals.activations)
        report.bytes("bytes_read", totals.bytesRead)
        report.bytes("bytes_written", totals.bytesWritten)
        report.row("arithmetic_intensity", TextReport.fixed(totals.arithmeticIntensity, places: 2), "FLOP/byte")
        let memory = result.trainingMemory
        report.section("Training step")
        report.flops("flops (3 × forward)", Double(totals.trainingFlops))
        report.bytes("memory", memory.total)
        report.bytes("  weights, gradients, optimizer", memory.weights + memory.gradients + memory.masterWeights + memory.optimizerStates)
        report.bytes("  activations", memory.activations)
        if let latency = result.latency {
            report.section("Roofline latency (\(latency.precision.rawValue))")
            report.row("seconds", TextReport.scientific(latency.seconds), TextReport.fixed(latency.samplesPerSecond, places: 1) + " samples/s")
            report.row("ridge_intensity", TextReport.fixed(latency.roofs.ridgeIntensity, places: 1), "FLOP/byte")
            report.row("memory-bound", "\(latency.memoryBoundLayers) layers", TextReport.scientific(latency.memoryBoundSeconds) + " s")
            report.row("compute-bound", "\(latency.computeBoundLayers) layers", TextReport.scientific(latency.computeBoundSeconds) + " s")
        }
    }
}
