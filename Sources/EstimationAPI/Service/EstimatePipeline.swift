import Estimation

/// What every estimate endpoint shares, in order: media type (415); the request memo, or else JSON
/// (400), fields and model (422), the canonical bytes and their hash; the result cache, or else
/// computing (422 for a valid input whose numbers do not fit); `If-None-Match` (304); and the
/// response, provenance written around the cached result.
struct EstimatePipeline: Sendable {
    let cache: ResultCache
    let requestMemo: RequestMemo
    let maxJSONDepth: Int

    /// A decoded, valid request: the subject with its provenance and the endpoint's options.
    struct Decoded<Endpoint: EstimateEndpoint> {
        var subject: ResolvedSubject<Endpoint.Subject>
        var options: Endpoint.Options
        /// `"model":…,"options":…` in canonical form, encoded once: the hash covers these bytes and
        /// the JSON fragment begins with them.
        var canonicalMembers: [UInt8]
    }

    func respond(_ kind: EstimateKind, to request: APIRequest) -> APIResponse {
        let route = kind.path
        switch evaluate(kind, body: request.body, contentType: request.contentType,
                        representation: ContentNegotiation.representation(accept: request.accept),
                        ifNoneMatch: request.ifNoneMatch) {
        case .success(let outcome):
            var headers: [(name: String, value: String)] = [
                ("ETag", outcome.etag), ("Vary", "Accept"), ("X-Cache", outcome.cacheHit ? "hit" : "miss"),
            ]
            guard let body = outcome.body else {
                return APIResponse(status: 304, headers: headers, body: [], routePattern: route)
            }
            headers.insert(("Content-Type", outcome.representation.contentType), at: 0)
            return APIResponse(status: 200, headers: headers, body: body, routePattern: route)
        case .failure(let problem):
            return .problem(problem, routePattern: route)
        }
    }

    /// The result of one estimate request, before HTTP framing.
    struct Outcome {
        var representation: Representation
        var etag: String
        /// Nil when `If-None-Match` matched: the client has it already.
        var body: [UInt8]?
        var cacheHit: Bool
    }

    /// The one place that maps a route to its endpoint type.
    func evaluate(
        _ kind: EstimateKind, body: [UInt8], contentType: String?, representation: Representation,
        ifNoneMatch: String? = nil
    ) -> Result<Outcome, APIProblem> {
        switch kind {
        case .parameters:
            evaluate(ParametersEndpoint.self, body, contentType, representation, ifNoneMatch)
        case .trainingMemory:
            evaluate(TrainingMemoryEndpoint.self, body, contentType, representation, ifNoneMatch)
        case .flops:
            evaluate(FlopsEndpoint.self, body, contentType, representation, ifNoneMatch)
        case .trainingTime:
            evaluate(TrainingTimeEndpoint.self, body, contentType, representation, ifNoneMatch)
        case .kvCache:
            evaluate(KVCacheEndpoint.self, body, contentType, representation, ifNoneMatch)
        case .everything:
            evaluate(EverythingEndpoint.self, body, contentType, representation, ifNoneMatch)
        case .network:
            evaluate(NetworkEndpoint.self, body, contentType, representation, ifNoneMatch)
        case .scaling:
            evaluate(ScalingEndpoint.self, body, contentType, representation, ifNoneMatch)
        case .roofline:
            evaluate(RooflineEndpoint.self, body, contentType, representation, ifNoneMatch)
        case .inference:
            evaluate(InferenceEndpoint.self, body, contentType, representation, ifNoneMatch)
        }
    }

    private func evaluate<Endpoint: EstimateEndpoint>(
        _ endpoint: Endpoint.Type, _ body: [UInt8], _ contentType: String?, _ representation: Representation,
        _ ifNoneMatch: String?
    ) -> Result<Outcome, APIProblem> {
        guard MediaTypes.isJSON(contentType) else { return .failure(.unsupportedMediaType(contentType)) }
        let requestKey = body.count <= RequestBytesKey.maximumBodyBytes ? RequestBytesKey(kind: Endpoint.kind, body: body) : nil
        let remembered = requestKey.flatMap { requestMemo.get($0) }

        var decoded: Decoded<Endpoint>?  // nil when the memo answered
        let meaning: RequestMeaning
        if let remembered {
            meaning = remembered
        } else {
            switch decode(endpoint, body: body) {
            case .success(let value):
                decoded = value
                meaning = RequestMeaning(
                    specHash: SpecHash(of: canonicalBytes(Endpoint.kind, value.canonicalMembers)),
                    provenance: value.subject.provenance,
                    hardware: Endpoint.hardwareName(value.options))
            case .failure(let problem):
                return .failure(problem)
            }
        }

        // `If-None-Match` is judged only once a result exists: `*` must not turn a request whose
        // computation fails into a 304.
        func answer(_ cached: CachedResult, cacheHit: Bool) -> Result<Outcome, APIProblem> {
            if remembered == nil, let requestKey { requestMemo.put(requestKey, meaning, cost: requestKey.cost) }
            let etag = "W/\"\(meaning.specHashHex)-\(representation.tagSuffix)\""
            let body = ConditionalRequest.matches(ifNoneMatch: ifNoneMatch, etag: etag)
                ? nil : Self.assemble(cached, meaning, representation)
            return .success(Outcome(representation: representation, etag: etag, body: body, cacheHit: cacheHit))
        }

        let key = CacheKey(hash: meaning.specHash, representation: representation)
        if let cached = cache.get(key) { return answer(cached, cacheHit: true) }

        // A miss. A remembered request whose result was evicted is read again to compute it.
        let input: Decoded<Endpoint>
        if let decoded {
            input = decoded
        } else {
            switch decode(endpoint, body: body) {
            case .success(let value): input = value
            case .failure(let problem): return .failure(problem)
            }
        }
        let result: Endpoint.Result
        do {
            result = try Endpoint.compute(input.subject.value, input.options)
        } catch {
            return .failure(.invalid(error.issues))
        }
        let cached = CachedResult(
            body: Self.fragment(endpoint, input, result, representation), warnings: Endpoint.warnings(result))
        cache.put(key, cached, cost: cached.cost)
        return answer(cached, cacheHit: false)
    }

    private func decode<Endpoint: EstimateEndpoint>(
        _ endpoint: Endpoint.Type, body: [UInt8]
    ) -> Result<Decoded<Endpoint>, APIProblem> {
        let json: JSONValue
        do {
            json = try JSONReader.parse(body, maxDepth: maxJSONDepth)
        } catch {
            return .failure(.malformedJSON(error))
        }
        let issues = IssueList()
        guard var reader = FieldReader(json, path: "", issues: issues) else { return .failure(.invalid(issues.issues)) }
        let subject = Endpoint.readSubject(&reader)
        let options = Endpoint.readOptions(&reader)
        reader.finish()
        guard issues.isEmpty, let subject, let options else {
            // Failing already: the options' range mistakes join this answer rather than the next.
            if let options {
                issues.collect { () throws(EstimationError) in try Endpoint.validate(options, for: subject?.value) }
            }
            return .failure(.invalid(issues.issues))
        }
        return .success(Decoded(subject: subject, options: options, canonicalMembers: canonicalMembers(endpoint, subject, options)))
    }

    /// Names the formulas and the response layout in every hash. Bump it whenever a result's
    /// numbers or shape change, so that clients' ETags from an older build stop matching.
    static let resultVersion = "abacus-results-4"

    /// What the hash covers: the result version, the endpoint, the canonical spec and the fully
    /// defaulted options. Nothing about how the request was spelled or how the model was named.
    private func canonicalBytes(_ kind: EstimateKind, _ members: [UInt8]) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: members.count + 64)
        json.beginObject()
        json.field("version", Self.resultVersion)
        json.field("endpoint", kind.path)
        json.members(members)
        json.endObject()
        return json.bytes
    }

    /// `"model":<canonical spec>,"options":<fully defaulted options>` (the endpoint's subject in place
    /// of `model` where it has its own).
    private func canonicalMembers<Endpoint: EstimateEndpoint>(
        _ endpoint: Endpoint.Type, _ subject: ResolvedSubject<Endpoint.Subject>, _ options: Endpoint.Options
    ) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: 1024)
        Endpoint.writeSubject(subject.value, to: &json)
        json.key("options")
        Endpoint.writeOptions(options, to: &json)
        return json.bytes
    }

    /// The cached part of a response: everything the hash determines but the warnings. For JSON,
    /// object members (`"model":…,"options":…,<sections>`); for text, the scenario and the tables.
    private static func fragment<Endpoint: EstimateEndpoint>(
        _ endpoint: Endpoint.Type, _ decoded: Decoded<Endpoint>, _ result: Endpoint.Result,
        _ representation: Representation
    ) -> [UInt8] {
        switch representation {
        case .json:
            var json = JSONWriter(reservingCapacity: 2048)
            json.members(decoded.canonicalMembers)
            Endpoint.writeResult(result, to: &json)
            return json.bytes
        case .text:
            var scenario = Scenario()
            Endpoint.describe(decoded.options, to: &scenario)
            var report = TextReport()
            scenario.render(to: &report)
            Endpoint.renderText(result, to: &report)
            return Array(report.text.utf8)
        }
    }

    /// The response: provenance (never cached) around the cached result; `warnings` lists the
    /// model's (provenance) and then the options' (cached).
    private static func assemble(_ cached: CachedResult, _ meaning: RequestMeaning, _ representation: Representation) -> [UInt8] {
        switch representation {
        case .json:
            var json = JSONWriter(reservingCapacity: cached.body.count + 256)
            json.beginObject()
            json.field("spec_hash", meaning.specHashHex)
            meaning.provenance.write(to: &json, hardware: meaning.hardware, warnings: cached.warnings)
            json.members(cached.body)
            json.endObject()
            return json.bytes
        case .text:
            var report = TextReport()
            meaning.provenance.render(to: &report, hardware: meaning.hardware, warnings: cached.warnings)
            report.row("spec_hash", meaning.specHashHex)
            return Array((report.text + "\n").utf8) + cached.body
        }
    }
}
