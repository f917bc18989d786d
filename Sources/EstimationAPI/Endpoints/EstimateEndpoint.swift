import Charts
import Estimation
import HTTPCore

/// One estimate endpoint: what it estimates (its subject: a transformer model for most), which
/// fields it reads beside it, their canonical form, how it computes, and how its result is written.
/// The pipeline (`EstimatePipeline`) does everything they share: body parsing, hashing, the cache
/// and the response. A new endpoint is a type conforming to this and one line in
/// `EstimateEndpoints.all`.
protocol EstimateEndpoint {
    /// Fully defaulted options: two requests with equal options and specs get the same answer.
    associatedtype Options
    associatedtype Result
    /// A transformer's `ModelSpec` (read from `model` or `hf_config`) unless the endpoint reads its own.
    associatedtype Subject = ModelSpec

    /// The route, `POST` only (`/v1/flops`); it also names the endpoint in every hash.
    static var path: String { get }

    /// The request bodies it reads, by media type; a request with another `Content-Type` gets 415.
    static var bodyTypes: [MediaType] { get }

    /// The representations it answers in, preferred first: `Accept` picks among them, and a client
    /// that accepts none of them gets the first.
    static var representations: [Representation] { get }

    /// Reads and validates the subject with how it was named; nil (issues reported) when it cannot.
    static func readSubject(_ reader: inout FieldReader) -> ResolvedSubject<Subject>?

    /// The fields an upload's query string may give, and their kinds (`QueryFields`): those
    /// `readOptions` reads, and any the upload reader reads. Empty for an endpoint that reads only JSON.
    static var queryFields: [String: QueryFields.Kind] { get }

    /// Reads the subject from an upload: a body of one of `bodyTypes` other than JSON, which is the
    /// subject itself (an ONNX model), with the fields given beside it in `reader`. Nil with issues
    /// reported (422), or a thrown problem for a body that cannot be read at all (400, 413).
    static func readSubject(upload body: [UInt8], as mediaType: MediaType, _ reader: inout FieldReader) throws(APIProblem)
        -> ResolvedSubject<Subject>?

    /// The subject's canonical member (`"model":{…}`), which the hash covers and the response echoes.
    static func writeSubject(_ subject: Subject, to json: inout JSONWriter)

    /// Reads the endpoint's own fields (everything but `model`/`hf_config`). Reading a field twice
    /// is harmless, which lets `/v1/estimate` reuse every endpoint's reader on one body.
    static func readOptions(_ reader: inout FieldReader) -> Options?

    /// The options' canonical JSON: every field spelled out, in a fixed order.
    static func writeOptions(_ options: Options, to json: inout JSONWriter)

    /// Every option issue that can be judged: ranges always, relations to the model when it is
    /// valid. The pipeline asks only when the request already fails, so that one answer lists the
    /// options' mistakes beside the model's (computing validates again on success).
    static func validate(_ options: Options, for spec: Subject?) throws(EstimationError)

    /// Computes for a valid subject. Thrown issues name request fields (`model.hidden_size`,
    /// `parallelism.tensor`).
    static func compute(_ spec: Subject, _ options: Options) throws(EstimationError) -> Result

    /// The result's sections as members of the response object.
    static func writeResult(_ result: Result, to json: inout JSONWriter)

    static func renderText(_ result: Result, to report: inout TextReport)

    /// The chart for `Accept: image/svg+xml`; an endpoint that draws one lists `.svg` in
    /// `representations` (the others never get here and draw nothing). It reads only what the hash
    /// covers, so the cached bytes are right for every request with that hash; it throws when the
    /// request lacks what the chart needs (hardware for a capacity or a roof).
    static func chart(_ subject: Subject, _ options: Options, _ result: Result) throws(EstimationError) -> (any SVGChart)?

    /// The options the text answer says it assumes, before its numbers.
    static func describe(_ options: Options, to scenario: inout Scenario)

    /// Warnings for a valid request that is probably not what its author meant (`ScenarioWarnings`).
    /// They depend only on what the hash covers, so they are cached with the result.
    static func warnings(_ result: Result) -> [String]

    /// The hardware preset's name (or `custom`) when the options name one: provenance, not hashed.
    static func hardwareName(_ options: Options) -> String?
}

extension EstimateEndpoint {
    static var bodyTypes: [MediaType] { jsonBodies }
    static var representations: [Representation] { jsonAndText }
    static var queryFields: [String: QueryFields.Kind] { [:] }
    /// Never called: the pipeline asks only endpoints that list a body type other than JSON.
    static func readSubject(upload body: [UInt8], as mediaType: MediaType, _ reader: inout FieldReader) throws(APIProblem)
        -> ResolvedSubject<Subject>?
    {
        reader.fail("body", "must be JSON")
        return nil
    }
    static func describe(_ options: Options, to scenario: inout Scenario) {}
    static func chart(_ subject: Subject, _ options: Options, _ result: Result) throws(EstimationError) -> (any SVGChart)? { nil }
    static func warnings(_ result: Result) -> [String] { [] }
    static func hardwareName(_ options: Options) -> String? { nil }
}

/// An endpoint's subject as read from a request, with how the request named it.
struct ResolvedSubject<Subject> {
    var value: Subject
    var provenance: ModelProvenance
    /// The member `writeSubject` writes for `value`, when it was encoded before (a preset's,
    /// `PresetEncodings`); nil when the pipeline must write it.
    var encodedMember: [UInt8]? = nil
}

extension EstimateEndpoint where Subject == ModelSpec {
    static func readSubject(_ reader: inout FieldReader) -> ResolvedSubject<ModelSpec>? {
        ModelInput.read(&reader).map {
            ResolvedSubject(value: $0.spec, provenance: $0.provenance, encodedMember: $0.encodedMember)
        }
    }

    static func writeSubject(_ spec: ModelSpec, to json: inout JSONWriter) {
        ModelSpecCoding.writeMember(spec, to: &json)
    }
}

extension EstimateEndpoint where Options: ValidatableOptions, Subject == ModelSpec {
    static func validate(_ options: Options, for spec: ModelSpec?) throws(EstimationError) {
        try options.validate(for: spec)
    }
}

/// The defaults, made once rather than on every request.
private let jsonBodies: [MediaType] = [.json]
private let jsonAndText: [Representation] = [.json, .text]

extension Representation {
    /// The offers of an endpoint that draws a chart.
    static let withChart: [Representation] = [.json, .text, .svg]
}

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
