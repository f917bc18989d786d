import Estimation

/// `POST /v1/estimate`: every section at once, for dashboards, from one flat body whose fields mean
/// what they mean on the single endpoints (`batch_size` is the memory, FLOPs and KV-cache batch).
/// Sections whose options are absent use the single endpoints' defaults; `training_time` needs
/// `tokens` and `hardware`, so it is computed only when `tokens` is given (and is null otherwise).
enum EverythingEndpoint: EstimateEndpoint {
    struct Options {
        var trainingMemory: TrainingMemoryEndpoint.Options
        var flops: FlopsEndpoint.Options
        var kvCache: KVCacheEndpoint.Options
        var trainingTime: TrainingTimeEndpoint.Options?
    }

    struct Result {
        var parameters: ParametersEndpoint.Result
        var trainingMemory: TrainingMemoryEndpoint.Result
        var flops: FlopsEndpoint.Result
        var kvCache: KVCacheEndpoint.Result
        var trainingTime: TrainingTimeEndpoint.Result?
        var warnings: [String]
    }

    static let path = "/v1/estimate"

    static func readOptions(_ reader: inout FieldReader) -> Options? {
        let trainingMemory = TrainingMemoryEndpoint.readOptions(&reader)
        let flops = FlopsEndpoint.readOptions(&reader)
        let kvCache = KVCacheEndpoint.readOptions(&reader)
        var trainingTime: TrainingTimeEndpoint.Options?
        var trainingTimeValid = true
        if reader.contains("tokens") {
            trainingTime = TrainingTimeEndpoint.readOptions(&reader)
            trainingTimeValid = trainingTime != nil
        } else {
            // Reading marks each as known; a null one is simply absent.
            for field in TrainingTimeEndpoint.ownFields where reader.value(field) != nil {
                reader.reject(field, "applies to the training_time section, which needs tokens; give tokens or leave \(field) out")
                trainingTimeValid = false
            }
        }
        guard let trainingMemory, let flops, let kvCache, trainingTimeValid else { return nil }
        return Options(trainingMemory: trainingMemory, flops: flops, kvCache: kvCache, trainingTime: trainingTime)
    }

    static func writeOptions(_ options: Options, to json: inout JSONWriter) {
        json.beginObject()
        json.key("training_memory")
        TrainingMemoryEndpoint.writeOptions(options.trainingMemory, to: &json)
        json.key("flops")
        FlopsEndpoint.writeOptions(options.flops, to: &json)
        json.key("kv_cache")
        KVCacheEndpoint.writeOptions(options.kvCache, to: &json)
        json.optional("training_time", options.trainingTime) { json, trainingTime in
            TrainingTimeEndpoint.writeOptions(trainingTime, to: &json)
        }
        json.endObject()
    }

    static func hardwareName(_ options: Options) -> String? {
        TrainingMemoryEndpoint.hardwareName(options.trainingMemory)
            ?? options.trainingTime.flatMap(TrainingTimeEndpoint.hardwareName)
    }

    /// Every section's option issues, each listed once.
    static func validate(_ options: Options, for spec: ModelSpec?) throws(EstimationError) {
        let issues = IssueList()
        issues.collect { () throws(EstimationError) in try TrainingMemoryEndpoint.validate(options.trainingMemory, for: spec) }
        issues.collect { () throws(EstimationError) in try FlopsEndpoint.validate(options.flops, for: spec) }
        issues.collect { () throws(EstimationError) in try KVCacheEndpoint.validate(options.kvCache, for: spec) }
        if let trainingTime = options.trainingTime {
            issues.collect { () throws(EstimationError) in try TrainingTimeEndpoint.validate(trainingTime, for: spec) }
        }
        try issues.check()
    }

    /// Computes every section and reports the issues of all that fail, not just the first.
    static func compute(_ spec: ModelSpec, _ options: Options) throws(EstimationError) -> Result {
        let issues = IssueList()  // a field two sections both judge is listed once
        func attempt<Section>(_ body: () throws(EstimationError) -> Section) -> Section? {
            do {
                return try body()
            } catch {
                issues.add(error, under: "")
                return nil
            }
        }
        // Counted once for all sections. A spec that cannot be counted goes through each section
        // on its own, so that the issues are exactly those the single endpoints report.
        let counted = try? CountedSpec(spec)
        let parameters = attempt { () throws(EstimationError) in
            if let counted { return counted.parameters }
            return try ParametersEndpoint.compute(spec, .init())
        }
        let trainingMemory = attempt { () throws(EstimationError) in
            if let counted { return try TrainingMemoryEndpoint.compute(counted, options.trainingMemory) }
            return try TrainingMemoryEndpoint.compute(spec, options.trainingMemory)
        }
        let flops = attempt { () throws(EstimationError) in
            if let counted { return try FlopsEndpoint.compute(counted, options.flops) }
            return try FlopsEndpoint.compute(spec, options.flops)
        }
        let kvCache = attempt { () throws(EstimationError) in
            if let counted { return try KVCacheEndpoint.compute(counted, options.kvCache) }
            return try KVCacheEndpoint.compute(spec, options.kvCache)
        }
        let trainingTime = options.trainingTime.flatMap { trainingTime in
            attempt { () throws(EstimationError) in
                if let counted { return try TrainingTimeEndpoint.compute(counted, trainingTime) }
                return try TrainingTimeEndpoint.compute(spec, trainingTime)
            }
        }
        guard let parameters, let trainingMemory, let flops, let kvCache,
            (trainingTime != nil) == (options.trainingTime != nil)
        else {
            throw EstimationError(issues: issues.issues)
        }
        let gpuCount = options.trainingTime.flatMap { trainingTime in
            ScenarioWarnings.gpuCount(gpus: trainingTime.gpus, parallelism: options.trainingMemory.estimate.parallelism)
        }
        return Result(
            parameters: parameters, trainingMemory: trainingMemory, flops: flops, kvCache: kvCache,
            trainingTime: trainingTime, warnings: trainingMemory.warnings + (gpuCount.map { [$0] } ?? []))
    }

    static func warnings(_ result: Result) -> [String] { result.warnings }

    /// Every section's options, each field once.
    static func describe(_ options: Options, to scenario: inout Scenario) {
        TrainingMemoryEndpoint.describe(options.trainingMemory, to: &scenario)
        FlopsEndpoint.describe(options.flops, to: &scenario)
        KVCacheEndpoint.describe(options.kvCache, to: &scenario)
        if let trainingTime = options.trainingTime { TrainingTimeEndpoint.describe(trainingTime, to: &scenario) }
    }

    static func writeResult(_ result: Result, to json: inout JSONWriter) {
        ParametersEndpoint.writeResult(result.parameters, to: &json)
        json.object("training_memory") { json in TrainingMemoryEndpoint.writeResult(result.trainingMemory, to: &json) }
        json.object("flops") { json in FlopsEndpoint.writeResult(result.flops, to: &json) }
        json.object("kv_cache") { json in KVCacheEndpoint.writeResult(result.kvCache, to: &json) }
        json.optionalObject("training_time", result.trainingTime) { json, trainingTime in
            TrainingTimeEndpoint.writeResult(trainingTime, to: &json)
        }
    }

    static func renderText(_ result: Result, to report: inout TextReport) {
        ParametersEndpoint.renderText(result.parameters, to: &report)
        TrainingMemoryEndpoint.renderText(result.trainingMemory, to: &report)
        FlopsEndpoint.renderText(result.flops, to: &report)
        KVCacheEndpoint.renderText(result.kvCache, to: &report)
        if let trainingTime = result.trainingTime {
            TrainingTimeEndpoint.renderText(trainingTime, to: &report)
        }
    }
}
