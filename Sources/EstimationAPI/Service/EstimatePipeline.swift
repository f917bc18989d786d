import Estimation
import HTTPCore

/// What every estimate endpoint shares, in order: media type (415); the request memo, or else JSON
/// (400), fields and model (422), the canonical bytes and their hash; the result cache, or else
/// computing (422 for a valid input whose numbers do not fit); `If-None-Match` (304); and the
/// response, provenance written around the cached result. An upload (a body of another media type
/// that is the subject itself, an ONNX model) is read by its endpoint, its fields from the query.
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

    /// The endpoint's answer to an HTTP request: a POST's body, or a GET's (and HEAD's) JSON in the
    /// query (`QueryBody`).
    func respond<Endpoint: EstimateEndpoint>(_ endpoint: Endpoint.Type, to request: HTTPRequest) -> HTTPResponse {
        let representation = Representation.negotiated(from: Endpoint.representations, accept: request.value(.accept))
        let evaluated: Result<Outcome, APIProblem>
        if request.method.answeredAs == .get {
            evaluated = QueryBody.read(request.query).flatMap { body in
                evaluate(
                    endpoint, body: body, contentType: MediaType.json.description, representation: representation,
                    ifNoneMatch: request.value(.ifNoneMatch))
            }
        } else {
            evaluated = evaluate(
                endpoint, body: request.body, contentType: request.value(.contentType), fields: .query(request.query),
                representation: representation, ifNoneMatch: request.value(.ifNoneMatch))
        }
        switch evaluated {
        case .success(let outcome):
            var headers = HTTPHeaders()
            headers.reserveCapacity(4)
            if outcome.body != nil { headers.add(name: "Content-Type", value: outcome.representation.mediaType.description) }
            headers.add(name: "ETag", value: outcome.etag)
            headers.add(name: "Vary", value: "Accept")
            headers.add(name: "X-Cache", value: outcome.cacheHit ? "hit" : "miss")
            guard let body = outcome.body else {
                return HTTPResponse(status: .notModified, headers: headers, routePattern: Endpoint.path)
            }
            return HTTPResponse(status: .ok, headers: headers, body: body, routePattern: Endpoint.path)
        case .failure(let problem):
            return problem.response(routePattern: Endpoint.path)
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

    /// Where an upload's fields come from: the query string over HTTP, a JSON object on the command
    /// line. A JSON body carries its own fields, and the query must then be empty.
    enum UploadFields {
        case query(String?)
        case json(JSONValue)
    }

    /// Everything but the HTTP framing, for the server and the command line alike.
    func evaluate<Endpoint: EstimateEndpoint>(
        _ endpoint: Endpoint.Type, body: [UInt8], contentType: String?, fields: UploadFields = .query(nil),
        representation: Representation, ifNoneMatch: String? = nil
    ) -> Result<Outcome, APIProblem> {
        guard let mediaType = Endpoint.bodyTypes.first(where: { $0.matches(contentType: contentType) }) else {
            return .failure(.unsupportedMediaType(contentType, accepted: Endpoint.bodyTypes))
        }
        let upload = mediaType == .json ? nil : mediaType
        if upload == nil, case .query(let query?) = fields, !query.isEmpty, !Endpoint.queryFields.isEmpty {
            // Not ignored: `?batch_size=8` beside a JSON body would otherwise be silently lost.
            let issues = IssueList()
            issues.add("query", "is read only beside an uploaded model; a JSON request gives its fields in the body")
            return .failure(.invalid(issues))
        }
        // An upload's meaning depends on its query too, and models are large: never memoised.
        let requestKey = upload == nil && body.count <= RequestBytesKey.maximumBodyBytes
            ? RequestBytesKey(endpoint: ObjectIdentifier(Endpoint.self), body: body) : nil
        let remembered = requestKey.flatMap { requestMemo.get($0) }

        var decoded: Decoded<Endpoint>?  // nil when the memo answered
        let meaning: RequestMeaning
        if let remembered {
            meaning = remembered
        } else {
            switch decode(endpoint, body: body, upload: upload, fields: fields) {
            case .success(let value):
                decoded = value
                meaning = RequestMeaning(
                    specHash: SpecHash(of: canonicalBytes(Endpoint.path, value.canonicalMembers)),
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
            let etag = "W/\"\(meaning.specHashHex)-\(representation.tag)\""
            let body = EntityTag.matches(ifNoneMatch: ifNoneMatch, etag: etag)
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
            switch decode(endpoint, body: body, upload: upload, fields: fields) {
            case .success(let value): input = value
            case .failure(let problem): return .failure(problem)
            }
        }
        let result: Endpoint.Result
        do {
            result = try Endpoint.compute(input.subject.value, input.options)
        } catch {
            return .failure(.invalid(error))
        }
        let fragment: [UInt8]
        do {
            fragment = try Self.fragment(endpoint, input, result, representation)
        } catch {
            return .failure(.invalid(error))
        }
        let cached = CachedResult(body: fragment, warnings: Endpoint.warnings(result))
        cache.put(key, cached, cost: cached.cost)
        return answer(cached, cacheHit: false)
    }

    private func decode<Endpoint: EstimateEndpoint>(
        _ endpoint: Endpoint.Type, body: [UInt8], upload: MediaType?, fields: UploadFields
    ) -> Result<Decoded<Endpoint>, APIProblem> {
        let issues = IssueList()
        var reader: FieldReader
        let subject: ResolvedSubject<Endpoint.Subject>?
        if let upload {
            switch fields {
            case .query(let query):
                reader = FieldReader(QueryFields.members(query, kinds: Endpoint.queryFields, issues: issues), path: "", issues: issues)
            case .json(let value):
                guard let object = FieldReader(value, path: "", issues: issues) else { return .failure(.invalid(issues)) }
                reader = object
            }
            do {
                subject = try Endpoint.readSubject(upload: body, as: upload, &reader)
            } catch {
                return .failure(error)
            }
        } else {
            let json: JSONValue
            do {
                json = try JSONReader.parse(body, maxDepth: maxJSONDepth)
            } catch {
                return .failure(.malformedJSON(error))
            }
            guard let object = FieldReader(json, path: "", issues: issues) else { return .failure(.invalid(issues)) }
            reader = object
            subject = Endpoint.readSubject(&reader)
        }
        let options = Endpoint.readOptions(&reader)
        reader.finish()
        guard issues.isEmpty, let subject, let options else {
            // Failing already: the options' range mistakes join this answer rather than the next.
            if let options {
                issues.collect { () throws(EstimationError) in try Endpoint.validate(options, for: subject?.value) }
            }
            return .failure(.invalid(issues, body: upload ?? .json))
        }
        return .success(Decoded(subject: subject, options: options, canonicalMembers: canonicalMembers(endpoint, subject, options)))
    }

    /// Names the formulas and the response layout in every hash. Bump it whenever a result's
    /// numbers or shape change, so that clients' ETags from an older build stop matching.
    static let resultVersion = "abacus-results-4"

    /// What the hash covers: the result version, the endpoint, the canonical spec and the fully
    /// defaulted options. Nothing about how the request was spelled or how the model was named.
    private func canonicalBytes(_ path: String, _ members: [UInt8]) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: members.count + 64)
        json.beginObject()
        json.field("version", Self.resultVersion)
        json.field("endpoint", path)
        json.members(members)
        json.endObject()
        return json.bytes
    }

    /// `"model":<canonical spec>,"options":<fully defaulted options>` (the endpoint's subject in place
    /// of `model` where it has its own).
    private func canonicalMembers<Endpoint: EstimateEndpoint>(
        _ endpoint: Endpoint.Type, _ subject: ResolvedSubject<Endpoint.Subject>, _ options: Endpoint.Options
    ) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: 2048)
        if let encoded = subject.encodedMember {
            json.members(encoded)
        } else {
            Endpoint.writeSubject(subject.value, to: &json)
        }
        json.key("options")
        Endpoint.writeOptions(options, to: &json)
        return json.bytes
    }

    /// The cached part of a response: everything the hash determines but the warnings. For JSON,
    /// object members (`"model":…,"options":…,<sections>`); for text, the scenario and the tables;
    /// for SVG, the whole chart. (A representation added to `Representation` gets its renderer here
    /// and in `assemble`.)
    private static func fragment<Endpoint: EstimateEndpoint>(
        _ endpoint: Endpoint.Type, _ decoded: Decoded<Endpoint>, _ result: Endpoint.Result,
        _ representation: Representation
    ) throws(EstimationError) -> [UInt8] {
        if representation == .svg,
            let chart = try Endpoint.chart(decoded.subject.value, decoded.options, result)
        {
            return Array(chart.svg().utf8)
        }
        if representation == .text {
            var scenario = Scenario()
            Endpoint.describe(decoded.options, to: &scenario)
            var report = TextReport()
            scenario.render(to: &report)
            Endpoint.renderText(result, to: &report)
            return Array(report.text.utf8)
        }
        var json = JSONWriter(reservingCapacity: 2048)
        json.members(decoded.canonicalMembers)
        Endpoint.writeResult(result, to: &json)
        return json.bytes
    }

    /// The response: provenance (never cached) around the cached result; `warnings` lists the
    /// model's (provenance) and then the options' (cached).
    /// A chart is an image: it carries no provenance or warnings (its notes say what it left out).
    private static func assemble(_ cached: CachedResult, _ meaning: RequestMeaning, _ representation: Representation) -> [UInt8] {
        if representation == .svg { return cached.body }
        if representation == .text {
            var report = TextReport()
            meaning.provenance.render(to: &report, hardware: meaning.hardware, warnings: cached.warnings)
            report.row("spec_hash", meaning.specHashHex)
            return Array((report.text + "\n").utf8) + cached.body
        }
        var json = JSONWriter(reservingCapacity: cached.body.count + 256)
        json.beginObject()
        json.field("spec_hash", meaning.specHashHex)
        meaning.provenance.write(to: &json, hardware: meaning.hardware, warnings: cached.warnings)
        json.members(cached.body)
        json.endObject()
        return json.bytes
    }
}
