import Estimation

/// `POST /v1/parameters`: exact parameter counts (docs/formulas.md §1). No options beside the model.
enum ParametersEndpoint: EstimateEndpoint {
    /// None: there is nothing to validate.
    struct Options: ValidatableOptions {
        func validate(for spec: ModelSpec?) {}
    }

    static let path = "/v1/parameters"

    static func readOptions(_ reader: inout FieldReader) -> Options? { Options() }

    static func writeOptions(_ options: Options, to json: inout JSONWriter) {
        json.beginObject()
        json.endObject()
    }

    static func compute(_ spec: ModelSpec, _ options: Options) throws(EstimationError) -> ParameterBreakdown {
        try EstimationError.inModel { () throws(EstimationError) in try ParameterCounter.count(spec) }
    }

    static func writeResult(_ result: ParameterBreakdown, to json: inout JSONWriter) {
        json.key("parameters")
        ParameterBreakdownCoding.write(result, to: &json)
    }

    static func renderText(_ result: ParameterBreakdown, to report: inout TextReport) {
        ParameterBreakdownCoding.render(result, to: &report)
    }
}
