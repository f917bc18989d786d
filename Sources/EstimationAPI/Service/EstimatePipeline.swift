import Estimation

/// What every estimate endpoint shares, in order: media type (415), JSON (400), fields and model
/// (422), the canonical bytes and their hash, `If-None-Match` (304), the cache, computing on a
/// miss (422 for a valid input whose numbers do not fit), and the response around the cached bytes.
struct EstimatePipeline: Sendable {
    let cache: ResultCache<CacheKey>
    let maxJSONDepth: Int

    /// A decoded, valid request: the model with its provenance and the endpoint's options.
    struct Decoded<Endpoint: EstimateEndpoint> {
        var model: ResolvedModel
        var options: Endpoint.Options
    }

    func respond<Endpoint: EstimateEndpoint>(_ endpoint: Endpoint.Type, to request: APIRequest) -> APIResponse {
        let route = Endpoint.kind.path
        switch evaluate(endpoint, body: request.body, contentType: request.contentType,
                        representation: ContentNegotiation.representation(accept: request.accept),
                        ifNoneMatch: request.ifNoneMatch) {
        case .success(let outcome):
            var headers: [(name: String, value: String)] = [
                ("ETag", outcome.etag), ("Vary", "Accept"),
            ]
            guard let body = outcome.body else {
                return APIResponse(status: 304, headers: headers, body: [], routePattern: route)
            }
            headers.insert(("Content-Type", outcome.representation.contentType), at: 0)
            headers.append(("X-Cache", outcome.cacheHit ? "hit" : "miss"))
            return APIResponse(status: 200, headers: headers, body: body, routePattern: route)
        case .failure(let problem):
            return .problem(problem, routePattern: route)
        }
    }

    /// The result of one estimate request, before HTTP framing.
    struct Outcome {
        var representation: Representation
        var specHash: SpecHash
        var etag: String
        /// Nil when `If-None-Match` matched: the client has it already.
        var body: [UInt8]?
        var cacheHit: Bool
    }

    func evaluate<Endpoint: EstimateEndpoint>(
        _ endpoint: Endpoint.Type, body: [UInt8], contentType: String?, representation: Representation,
        ifNoneMatch: String? = nil
    ) -> Result<Outcome, APIProblem> {
        guard MediaTypes.isJSON(contentType) else { return .failure(.unsupportedMediaType(contentType)) }
        let decoded: Decoded<Endpoint>
        switch decode(endpoint, body: body) {
        case .success(let value): decoded = value
        case .failure(let problem): return .failure(problem)
        }

        let specHash = SpecHash(of: canonicalBytes(endpoint, decoded))
        let etag = "W/\"\(specHash.hex)-\(representation.tagSuffix)\""
        if ConditionalRequest.matches(ifNoneMatch: ifNoneMatch, etag: etag) {
            return .success(Outcome(representation: representation, specHash: specHash, etag: etag, body: nil, cacheHit: false))
        }

        let key = CacheKey(hash: specHash, representation: representation)
        let cached = cache.get(key)
        let fragment: [UInt8]
        if let cached {
            fragment = cached
        } else {
            let result: Endpoint.Result
            do {
                result = try Endpoint.compute(decoded.model.spec, decoded.options)
            } catch {
                return .failure(.invalid(error.issues))
            }
            fragment = Self.fragment(endpoint, decoded, result, representation)
            cache.put(key, fragment)
        }
        let body = Self.assemble(
            fragment, specHash: specHash, provenance: decoded.model.provenance,
            hardware: Endpoint.hardwareName(decoded.options), representation)
        return .success(Outcome(representation: representation, specHash: specHash, etag: etag, body: body, cacheHit: cached != nil))
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
        let model = ModelInput.read(&reader)
        let options = Endpoint.readOptions(&reader)
        reader.finish()
        guard issues.isEmpty, let model, let options else { return .failure(.invalid(issues.issues)) }
        return .success(Decoded(model: model, options: options))
    }

    /// What the hash covers: the endpoint, the canonical spec and the fully defaulted options.
    /// Nothing about how the request was spelled or how the model was named.
    private func canonicalBytes<Endpoint: EstimateEndpoint>(_ endpoint: Endpoint.Type, _ decoded: Decoded<Endpoint>) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: 1024)
        json.beginObject()
        json.field("endpoint", Endpoint.kind.path)
        json.key("model")
        ModelSpecCoding.write(decoded.model.spec, to: &json)
        json.key("options")
        Endpoint.writeOptions(decoded.options, to: &json)
        json.endObject()
        return json.bytes
    }

    /// The cached part of a response: everything the hash determines. For JSON, object members
    /// (`"model":…,"options":…,<sections>`); for text, the tables.
    private static func fragment<Endpoint: EstimateEndpoint>(
        _ endpoint: Endpoint.Type, _ decoded: Decoded<Endpoint>, _ result: Endpoint.Result,
        _ representation: Representation
    ) -> [UInt8] {
        switch representation {
        case .json:
            var json = JSONWriter(reservingCapacity: 2048)
            json.key("model")
            ModelSpecCoding.write(decoded.model.spec, to: &json)
            json.key("options")
            Endpoint.writeOptions(decoded.options, to: &json)
            Endpoint.writeResult(result, to: &json)
            return json.bytes
        case .text:
            var report = TextReport()
            Endpoint.renderText(result, to: &report)
            return Array(report.text.utf8)
        }
    }

    /// The response: provenance (never cached) around the cached fragment.
    private static func assemble(
        _ fragment: [UInt8], specHash: SpecHash, provenance: ModelProvenance, hardware: String?,
        _ representation: Representation
    ) -> [UInt8] {
        switch representation {
        case .json:
            var json = JSONWriter(reservingCapacity: fragment.count + 256)
            json.beginObject()
            json.field("spec_hash", specHash.hex)
            provenance.write(to: &json, hardware: hardware)
            json.members(fragment)
            json.endObject()
            return json.bytes
        case .text:
            var report = TextReport()
            provenance.render(to: &report, hardware: hardware)
            report.row("spec_hash", specHash.hex)
            return Array((report.text + "\n").utf8) + fragment
        }
    }
}

enum MediaTypes {
    /// `application/json`, with any parameters (`; charset=utf-8`), case-insensitively.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces() } ?? ""
        return mediaType.lowercased() == "application/json"
    }
}
