import Estimation

/// `POST /v1/kv-cache`: the key/value cache's bytes (docs/formulas.md §5) and the recurrent layers' state
/// (`KVCache`), and with `hardware` how many tokens and sequences fit beside the weights.
enum KVCacheEndpoint: EstimateEndpoint {
    typealias Options = KVCacheOptions

    struct Result {
        var estimate: KVCacheEstimate
        var warnings: [String]
    }

    static let path = "/v1/kv-cache"

    static func readOptions(_ reader: inout FieldReader) -> Options? {
        let defaults = KVCacheOptions()
        let hardware = HardwareInput.read(&reader)
        let hardwareGiven = reader.contains(HardwareInput.field)
        let weightDType = reader.choice("weight_dtype", default: defaults.weightDType)
        if reader.contains("weight_dtype") && !hardwareGiven {
            reader.fail("weight_dtype", "only applies with hardware; give hardware or leave weight_dtype out")
        }
        return KVCacheOptions(
            batchSize: reader.integer("batch_size", default: defaults.batchSize),
            sequenceLength: reader.integer("sequence_length", default: defaults.sequenceLength),
            dtype: reader.choice("dtype", default: defaults.dtype),
            accelerator: hardware,
            weightDType: weightDType,
            headroom: HeadroomField.read(&reader, hardwareGiven: hardwareGiven))
    }

    static func writeOptions(_ options: Options, to json: inout JSONWriter) {
        json.beginObject()
        json.field("batch_size", options.batchSize)
        json.field("sequence_length", options.sequenceLength)
        json.field("dtype", options.dtype.rawValue)
        json.field("weight_dtype", options.weightDType.rawValue)
        HeadroomField.writeHardware(options.accelerator, headroom: options.headroom, to: &json)
        json.endObject()
    }

    static func hardwareName(_ options: Options) -> String? { options.accelerator?.name }

    static func compute(_ spec: ModelSpec, _ options: Options) throws(EstimationError) -> Result {
        Result(estimate: try KVCache.estimate(spec, options), warnings: warnings(spec, options))
    }

    static func warnings(_ result: Result) -> [String] { result.warnings }

    private static func warnings(_ spec: ModelSpec, _ options: Options) -> [String] {
        ScenarioWarnings.contextLength(spec, sequenceLength: options.sequenceLength).map { [$0] } ?? []
    }

    static func describe(_ options: Options, to scenario: inout Scenario) {
        scenario.set("batch_size", options.batchSize)
        scenario.set("sequence_length", options.sequenceLength)
        scenario.set("dtype", options.dtype.rawValue)
        if options.accelerator != nil { scenario.set("weight_dtype", options.weightDType.rawValue) }
        scenario.set(options.accelerator, headroom: options.headroom)
    }

    /// For a spec already counted: `/v1/estimate`'s sections share one count.
    static func compute(_ counted: CountedSpec, _ options: Options) throws(EstimationError) -> Result {
        Result(estimate: try KVCache.estimate(counted, options), warnings: warnings(counted.spec, options))
    }

    static func writeResult(_ result: Result, to json: inout JSONWriter) {
        let result = result.estimate
        json.field("bytes", result.bytes)
        json.field("bytes_per_sequence", result.bytesPerSequence)
        json.field("bytes_per_token", result.bytesPerToken)
        json.field("key_value_bytes", result.keyValueBytes)
        json.field("state_bytes", result.stateBytes)
        json.field("state_bytes_per_sequence", result.stateBytesPerSequence)
        json.optionalObject("fit", result.fit) { json, fit in
            json.field("request_fits", fit.requestFits)
            json.field("memory_bytes", fit.memoryBytes)
            json.field("usable_bytes", fit.usableBytes)
            json.field("weight_bytes", fit.weightBytes)
            json.field("available_bytes", fit.availableBytes)
            json.field("short_bytes", fit.shortBytes)
            json.field("tokens", fit.tokens)
            json.field("sequences", fit.sequences)
        }
    }

    static func renderText(_ result: Result, to report: inout TextReport) {
        let result = result.estimate
        report.section("KV cache")
        report.bytes("bytes", result.bytes)
        report.bytes("per sequence", result.bytesPerSequence)
        report.bytes("per token", result.bytesPerToken)
        if result.stateBytes > 0 {
            report.bytes("  keys and values", result.keyValueBytes)
            report.bytes("  recurrent state", result.stateBytes)
        }
        if let fit = result.fit {
            report.row("request fits", fit.requestFits ? "yes" : "no")
            report.bytes("weights", fit.weightBytes)
            report.bytes("available for cache", fit.availableBytes)
            report.count("tokens that fit", fit.tokens)
            report.count("sequences that fit", fit.sequences)
        }
    }
}
