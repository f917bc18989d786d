/// The Abacus service without a transport: `handle` turns one request value into one response
/// value. Safe to call from any number of threads at once: its only shared state is the result
/// cache and the metrics, each behind its own lock or atomics.
public final class EstimationService: Sendable {
    /// Request, latency and connection numbers (fed by the transport) and cache numbers (fed by the
    /// cache), rendered at `GET /metrics`.
    public let metrics: ServiceMetrics

    private let pipeline: EstimatePipeline
    private let models: ModelCatalogueDocuments
    private let networks: StaticResource
    private let hardware: StaticResource
    private let openAPIDocument: StaticResource?

    public init(configuration: ServiceConfiguration = ServiceConfiguration()) {
        let cache = ResultCache(maxEntries: configuration.cacheMaxEntries, maxBytes: configuration.cacheMaxBytes)
        metrics = ServiceMetrics(cache: cache)
        let requestMemo = RequestMemo(
            maxEntries: configuration.requestMemoMaxEntries, maxBytes: configuration.requestMemoMaxBytes)
        pipeline = EstimatePipeline(cache: cache, requestMemo: requestMemo, maxJSONDepth: configuration.maxJSONDepth)
        models = ModelCatalogueDocuments()
        networks = NetworkCatalogueDocument.make()
        hardware = HardwareCatalogueDocument.make()
        openAPIDocument = configuration.openAPIDocument.isEmpty
            ? nil : StaticResource(body: configuration.openAPIDocument, contentType: "application/yaml")
    }

    public func handle(_ request: APIRequest) -> APIResponse {
        let path = request.path.utf8.firstIndex(of: UInt8(ascii: "?")).map { String(request.path[..<$0]) } ?? request.path
        guard let route = Route(path: path) else {
            return .problem(.notFound(path: path), routePattern: "unmatched")
        }
        let method = request.method == "HEAD" ? "GET" : request.method
        guard route.allowedMethods.contains(method) else {
            return .problem(.methodNotAllowed(method: request.method, path: path, allowed: route.allowedMethods), routePattern: route.pattern)
        }
        switch route {
        case .estimate(let kind): return pipeline.respond(kind, to: request)
        case .models: return models.list.response(routePattern: route.pattern, ifNoneMatch: request.ifNoneMatch)
        case .model(let name):
            guard let document = models.model(named: name) else {
                return .problem(.unknownModel(name, path: path), routePattern: route.pattern)
            }
            return document.response(routePattern: route.pattern, ifNoneMatch: request.ifNoneMatch)
        case .networks: return networks.response(routePattern: route.pattern, ifNoneMatch: request.ifNoneMatch)
        case .hardware: return hardware.response(routePattern: route.pattern, ifNoneMatch: request.ifNoneMatch)
        case .health: return Self.ok(Array(#"{"status":"ok"}"#.utf8), contentType: "application/json", route: route)
        case .metrics:
            return Self.ok(Array(metrics.prometheusText().utf8), contentType: "text/plain; version=0.0.4; charset=utf-8", route: route)
        case .openAPI:
            guard let openAPIDocument else { return .problem(.notFound(path: path), routePattern: route.pattern) }
            return openAPIDocument.response(routePattern: route.pattern, ifNoneMatch: request.ifNoneMatch)
        }
    }

    /// Answers an estimate without HTTP, for the command line: `path` is an estimate route
    /// (`/v1/estimate`, `/v1/kv-cache`, …) and `body` its JSON request body. Returns exactly the
    /// bytes the route would answer with (a JSON document or the text table); throws the problem an
    /// HTTP client would get (404 for a path that is no estimate route, 400, 422).
    public func estimate(path: String, body: [UInt8], as representation: Representation) throws(APIProblem) -> [UInt8] {
        guard case .estimate(let kind)? = Route(path: path) else { throw APIProblem.notFound(path: path) }
        switch pipeline.evaluate(kind, body: body, contentType: "application/json", representation: representation) {
        case .success(let outcome): return outcome.body ?? []
        case .failure(let problem): throw problem
        }
    }

    private static func ok(_ body: [UInt8], contentType: String, route: Route) -> APIResponse {
        APIResponse(status: 200, headers: [("Content-Type", contentType)], body: body, routePattern: route.pattern)
    }
}
