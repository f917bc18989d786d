import HTTPCore

/// Every estimate endpoint the service answers. Registering a new one is one line here: its route,
/// its methods (`POST`, and `GET` with the body in the query, with `HEAD` and `OPTIONS`), its
/// 404/405/415 answers, its cache entries and its place in `Allow` all follow from the type.
enum EstimateEndpoints {
    static let all: [RegisteredEndpoint] = [
        RegisteredEndpoint(ParametersEndpoint.self),
        RegisteredEndpoint(TrainingMemoryEndpoint.self),
        RegisteredEndpoint(FlopsEndpoint.self),
        RegisteredEndpoint(TrainingTimeEndpoint.self),
        RegisteredEndpoint(KVCacheEndpoint.self),
        RegisteredEndpoint(EverythingEndpoint.self),
        RegisteredEndpoint(NetworkEndpoint.self),
        RegisteredEndpoint(ScalingEndpoint.self),
        RegisteredEndpoint(RooflineEndpoint.self),
        RegisteredEndpoint(InferenceEndpoint.self),
        RegisteredEndpoint(FitsEndpoint.self),
    ]

    /// The endpoint at `path`, or nil.
    static func named(_ path: String) -> RegisteredEndpoint? {
        all.first { $0.path == path }
    }
}

/// An endpoint type, remembered with what the service calls on it. Made from the concrete type, so
/// the pipeline's generic code is specialized for each endpoint rather than run through an
/// existential on every request.
struct RegisteredEndpoint: Sendable {
    let path: String
    /// The HTTP answer.
    let respond: @Sendable (EstimatePipeline, HTTPRequest) -> HTTPResponse
    /// The answer without HTTP (the command line's).
    let evaluate: @Sendable (EstimatePipeline, [UInt8], Representation) -> Result<EstimatePipeline.Outcome, APIProblem>
    /// An upload's answer without HTTP: the body, its media type, and its fields as a JSON object.
    let evaluateUpload: @Sendable (EstimatePipeline, [UInt8], MediaType, JSONValue, Representation)
        -> Result<EstimatePipeline.Outcome, APIProblem>

    init<Endpoint: EstimateEndpoint>(_ endpoint: Endpoint.Type) {
        path = Endpoint.path
        respond = { pipeline, request in pipeline.respond(Endpoint.self, to: request) }
        evaluate = { pipeline, body, representation in
            pipeline.evaluate(Endpoint.self, body: body, contentType: MediaType.json.description, representation: representation)
        }
        evaluateUpload = { pipeline, body, mediaType, fields, representation in
            pipeline.evaluate(
                Endpoint.self, body: body, contentType: mediaType.description, fields: .json(fields), representation: representation)
        }
    }
}
