import HTTPCore

/// The Abacus service: an `HTTPResponder` that any transport can put behind a socket (our own
/// server, or Hummingbird in the benchmarks) and tests can call directly. Safe to call from any
/// number of threads at once: its only shared state is the result cache, the request memo and the
/// metrics, each behind its own lock or atomics.
public final class EstimationService: HTTPResponder {
    /// Request, latency and connection numbers (fed by the transport) and cache numbers (fed by the
    /// cache), rendered at `GET /metrics`.
    public let metrics: ServiceMetrics

    private let pipeline: EstimatePipeline
    private let routes: RouteTable

    /// Bodies larger than this are answered on the server's work pool: parsing them takes long
    /// enough that an event loop (and the liveness probes it also answers) should not wait.
    static let eventLoopBodyBytes = 32 << 10

    /// The body limits the service reads by media type beyond the server's general one: an uploaded
    /// ONNX model up to the reader's limit. A server in front applies them before reading a body.
    public static let uploadBodyLimits: [MediaType: Int] = Dictionary(
        uniqueKeysWithValues: ONNXNetworkInput.mediaTypes.map { ($0, ONNXNetworkInput.maxBytes) })

    public init(configuration: ServiceConfiguration = ServiceConfiguration()) {
        let cache = ResultCache(maxEntries: configuration.cacheMaxEntries, maxBytes: configuration.cacheMaxBytes)
        let metrics = ServiceMetrics(cache: cache)
        let requestMemo = RequestMemo(
            maxEntries: configuration.requestMemoMaxEntries, maxBytes: configuration.requestMemoMaxBytes)
        let pipeline = EstimatePipeline(cache: cache, requestMemo: requestMemo, maxJSONDepth: configuration.maxJSONDepth)
        self.metrics = metrics
        self.pipeline = pipeline
        routes = RouteTable(
            Self.resourceRoutes(metrics: metrics, openAPIDocument: configuration.openAPIDocument)
                + EstimateEndpoints.all.map { endpoint in
                    Route(pattern: endpoint.path, methods: [.get, .post]) { request, _ in endpoint.respond(pipeline, request) }
                })
    }

    /// Everything that is not an estimate: catalogues, health, metrics and the contract.
    private static func resourceRoutes(metrics: ServiceMetrics, openAPIDocument: [UInt8]) -> [Route] {
        let models = ModelCatalogueDocuments()
        let networks = NetworkCatalogueDocument.make()
        let hardware = HardwareCatalogueDocument.make()
        let health = StaticResource(body: Array(#"{"status":"ok"}"#.utf8), contentType: .json)
        let page = StaticResource(body: PlannerPage.html(), contentType: .html)
        var routes: [Route] = [
            .get("/") { request, _ in page.response(to: request, routePattern: "/") },
            .get("/v1/models") { request, _ in models.list.response(to: request, routePattern: "/v1/models") },
            .get("/v1/models/{name}") { request, name in
                guard let document = models.model(named: String(name)) else {
                    return APIProblem.unknownModel(String(name)).response(routePattern: "/v1/models/{name}")
                }
                return document.response(to: request, routePattern: "/v1/models/{name}")
            },
            .get("/v1/networks") { request, _ in networks.response(to: request, routePattern: "/v1/networks") },
            .get("/v1/hardware") { request, _ in hardware.response(to: request, routePattern: "/v1/hardware") },
            .get("/healthz") { _, _ in
                HTTPResponse(status: .ok, headers: ["Content-Type": "application/json"], body: health.body, routePattern: "/healthz")
            },
            .get("/metrics") { _, _ in
                HTTPResponse(
                    status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                    body: Array(metrics.prometheusText().utf8), routePattern: "/metrics")
            },
        ]
        if !openAPIDocument.isEmpty {
            let document = StaticResource(body: openAPIDocument, contentType: .yaml)
            routes.append(.get("/openapi.yaml") { request, _ in document.response(to: request, routePattern: "/openapi.yaml") })
        }
        return routes
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        routes.respond(to: request)
    }

    /// Large bodies go to the work pool; everything else (cache hits, small estimates, catalogues,
    /// health) is answered at once.
    public func placement(of request: HTTPRequest) -> ResponderPlacement {
        request.body.count > Self.eventLoopBodyBytes ? .workPool : .eventLoop
    }

    /// Answers an estimate without HTTP, for the command line: `path` is an estimate route
    /// (`/v1/estimate`, `/v1/kv-cache`, …) and `body` its JSON request body. Returns exactly the
    /// bytes the route would answer with (a JSON document or the text table); throws the problem an
    /// HTTP client would get (404 for a path that is no estimate route, 400, 422).
    public func estimate(path: String, body: [UInt8], as representation: Representation) throws(APIProblem) -> [UInt8] {
        guard let endpoint = EstimateEndpoints.named(path) else { throw APIProblem.notFound(path: path) }
        return try Self.answer(endpoint.evaluate(pipeline, body, representation))
    }

    /// Answers an upload without HTTP, for the command line: `body` is the model (`application/onnx`
    /// for `/v1/network`) and `fields` a JSON object of the fields the query would give. Returns
    /// exactly the bytes the route would answer with; throws the problem an HTTP client would get.
    public func estimate(
        path: String, upload body: [UInt8], contentType: MediaType, fields: [UInt8], as representation: Representation
    ) throws(APIProblem) -> [UInt8] {
        guard let endpoint = EstimateEndpoints.named(path) else { throw APIProblem.notFound(path: path) }
        let value: JSONValue
        do {
            value = try JSONReader.parse(fields)
        } catch {
            throw APIProblem.malformedJSON(error)
        }
        return try Self.answer(endpoint.evaluateUpload(pipeline, body, contentType, value, representation))
    }

    private static func answer(_ result: Result<EstimatePipeline.Outcome, APIProblem>) throws(APIProblem) -> [UInt8] {
        switch result {
        case .success(let outcome): return outcome.body ?? []
        case .failure(let problem): throw problem
        }
    }
}
