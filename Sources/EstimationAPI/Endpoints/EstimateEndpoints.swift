/// Every estimate endpoint the service answers. Registering a new one is one line here: its route,
/// its methods (`POST`, with `OPTIONS`), its 404/405/415 answers, its cache entries and its place
/// in `Allow` all follow from the type.
enum EstimateEndpoints {
    static let all: [any EstimateEndpoint.Type] = [
        ParametersEndpoint.self,
        TrainingMemoryEndpoint.self,
        FlopsEndpoint.self,
        TrainingTimeEndpoint.self,
        KVCacheEndpoint.self,
        EverythingEndpoint.self,
    ]

    /// The endpoint at `path`, or nil.
    static func named(_ path: String) -> (any EstimateEndpoint.Type)? {
        all.first { $0.path == path }
    }
}
