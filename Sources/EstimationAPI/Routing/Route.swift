/// Every resource the service answers, with its pattern and methods.
enum Route: Hashable, Sendable {
    case estimate(EstimateKind)
    case models
    case model(name: String)
    case networks
    case hardware
    case health
    case metrics
    case openAPI

    var pattern: String {
        switch self {
        case .estimate(let kind): kind.path
        case .models: "/v1/models"
        case .model: "/v1/models/{name}"
        case .networks: "/v1/networks"
        case .hardware: "/v1/hardware"
        case .health: "/healthz"
        case .metrics: "/metrics"
        case .openAPI: "/openapi.yaml"
        }
    }

    /// Methods the route accepts, as the `Allow` header lists them. HEAD goes with GET.
    var allowedMethods: [String] {
        switch self {
        case .estimate: ["POST"]
        default: ["GET", "HEAD"]
        }
    }

    /// Exact-path routes, looked up in one dictionary probe.
    private static let fixed: [String: Route] = {
        var routes: [String: Route] = [
            "/v1/models": .models, "/v1/networks": .networks, "/v1/hardware": .hardware, "/healthz": .health, "/metrics": .metrics,
            "/openapi.yaml": .openAPI,
        ]
        for kind in EstimateKind.allCases { routes[kind.path] = .estimate(kind) }
        return routes
    }()

    private static let modelPrefix = "/v1/models/"

    /// The route for a path (query already removed), or nil for 404.
    init?(path: String) {
        if let route = Route.fixed[path] {
            self = route
            return
        }
        if path.hasPrefix(Route.modelPrefix) {
            let name = path.dropFirst(Route.modelPrefix.count)
            if !name.isEmpty && !name.contains("/") {
                self = .model(name: String(name))
                return
            }
        }
        return nil
    }
}

/// The estimate endpoints: each takes a model and its own options by POST.
enum EstimateKind: String, CaseIterable, Hashable, Sendable {
    case parameters
    case trainingMemory
    case flops
    case trainingTime
    case kvCache
    case everything
    case network
    case scaling
    case roofline
    case inference

    var path: String {
        switch self {
        case .parameters: "/v1/parameters"
        case .trainingMemory: "/v1/memory/training"
        case .flops: "/v1/flops"
        case .trainingTime: "/v1/training-time"
        case .kvCache: "/v1/kv-cache"
        case .everything: "/v1/estimate"
        case .network: "/v1/network"
        case .scaling: "/v1/scaling"
        case .roofline: "/v1/roofline"
        case .inference: "/v1/inference"
        }
    }
}
