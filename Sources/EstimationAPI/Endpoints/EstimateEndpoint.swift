import Estimation
import HTTPCore

/// One estimate endpoint: which fields it reads beside the model, their canonical form, how it
/// computes, and how its result is written. The pipeline (`EstimatePipeline`) does everything they
/// share: body parsing, the model, hashing, the cache and the response. A new endpoint is a type
/// conforming to this and one line in `EstimateEndpoints.all`.
protocol EstimateEndpoint {
    /// Fully defaulted options: two requests with equal options and specs get the same answer.
    associatedtype Options
    associatedtype Result

    /// The route, `POST` only (`/v1/flops`); it also names the endpoint in every hash.
    static var path: String { get }

    /// The request bodies it reads, by media type; a request with another `Content-Type` gets 415.
    static var bodyTypes: [MediaType] { get }

    /// The representations it answers in, preferred first: `Accept` picks among them, and a client
    /// that accepts none of them gets the first.
    static var representations: [Representation] { get }

    /// Reads the endpoint's own fields (everything but `model`/`hf_config`). Reading a field twice
    /// is harmless, which lets `/v1/estimate` reuse every endpoint's reader on one body.
    static func readOptions(_ reader: inout FieldReader) -> Options?

    /// The options' canonical JSON: every field spelled out, in a fixed order.
    static func writeOptions(_ options: Options, to json: inout JSONWriter)

    /// Every option issue that can be judged: ranges always, relations to the model when it is
    /// valid. The pipeline asks only when the request already fails, so that one answer lists the
    /// options' mistakes beside the model's (computing validates again on success).
    static func validate(_ options: Options, for spec: ModelSpec?) throws(EstimationError)

    /// Computes for a valid spec. Thrown issues name request fields (`model.hidden_size`,
    /// `parallelism.tensor`).
    static func compute(_ spec: ModelSpec, _ options: Options) throws(EstimationError) -> Result

    /// The result's sections as members of the response object.
    static func writeResult(_ result: Result, to json: inout JSONWriter)

    static func renderText(_ result: Result, to report: inout TextReport)

    /// The hardware preset's name (or `custom`) when the options name one: provenance, not hashed.
    static func hardwareName(_ options: Options) -> String?
}

extension EstimateEndpoint {
    static var bodyTypes: [MediaType] { jsonBodies }
    static var representations: [Representation] { jsonAndText }
    static func hardwareName(_ options: Options) -> String? { nil }
}

extension EstimateEndpoint where Options: ValidatableOptions {
    static func validate(_ options: Options, for spec: ModelSpec?) throws(EstimationError) {
        try options.validate(for: spec)
    }
}

/// The defaults, made once rather than on every request.
private let jsonBodies: [MediaType] = [.json]
private let jsonAndText: [Representation] = [.json, .text]

/// Estimation's option types, each validating itself against an optional spec.
protocol ValidatableOptions {
    func validate(for spec: ModelSpec?) throws(EstimationError)
}

extension FlopsOptions: ValidatableOptions {}
extension KVCacheOptions: ValidatableOptions {}
extension TrainingTimeOptions: ValidatableOptions {}

extension EstimationError {
    /// Runs a computation whose issues name spec fields, renaming them as request fields under
    /// `model`.
    static func inModel<Value>(_ body: () throws(EstimationError) -> Value) throws(EstimationError) -> Value {
        do {
            return try body()
        } catch {
            let issues = IssueList()
            issues.add(error, under: "model")
            throw EstimationError(issues: issues.issues)
        }
    }
}
