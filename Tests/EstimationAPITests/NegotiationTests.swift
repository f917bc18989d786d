import Testing
@testable import EstimationAPI

@Suite("Content negotiation and media types")
struct NegotiationTests {
    @Test(arguments: [
        (nil, Representation.json), ("", .json), ("application/json", .json), ("text/plain", .text),
        ("text/*", .text), ("*/*", .json), ("text/html", .json), ("image/png", .json),
        ("text/plain;q=0.9, application/json", .json), ("application/json;q=0.5, text/plain;q=0.6", .text),
        ("TEXT/PLAIN", .text), ("text/plain;q=0, */*", .json), ("text/plain; charset=utf-8", .text),
        ("application/*;q=0.2, text/plain;q=0.3", .text), ("text/plain;q=abc", .text),
    ] as [(String?, Representation)])
    func representation(accept: String?, expected: Representation) {
        #expect(ContentNegotiation.representation(accept: accept) == expected)
    }

    @Test func jsonContentTypes() {
        for accepted in ["application/json", "Application/JSON", "application/json; charset=utf-8", " application/json", "application/json;charset=UTF-8"] {
            #expect(MediaTypes.isJSON(accepted), "\(accepted)")
        }
        for refused in [nil, "", "application/jsonx", "application/x-json", "text/json", "application/js", "application/problem+json"] as [String?] {
            #expect(!MediaTypes.isJSON(refused), "\(refused ?? "nil")")
        }
    }

    @Test func entityTagComparisonIsWeak() {
        #expect(ConditionalRequest.matches(ifNoneMatch: #"W/"a""#, etag: #""a""#))
        #expect(ConditionalRequest.matches(ifNoneMatch: #""b", W/"a""#, etag: #"W/"a""#))
        #expect(!ConditionalRequest.matches(ifNoneMatch: #""ab""#, etag: #""a""#))
        #expect(!ConditionalRequest.matches(ifNoneMatch: nil, etag: #""a""#))
        #expect(ConditionalRequest.matches(ifNoneMatch: "*", etag: #""a""#))
    }

    @Test func routesMatchExactly() {
        #expect(Route(path: "/v1/flops") == .estimate(.flops))
        #expect(Route(path: "/v1/models/llama-3-8b") == .model(name: "llama-3-8b"))
        #expect(Route(path: "/v1/models/") == nil)
        #expect(Route(path: "/v1/models/a/b") == nil)
        #expect(Route(path: "/v1/flops/") == nil)
        #expect(Route(path: "/V1/FLOPS") == nil)
    }

    @Test func queryIsIgnoredWhenLeftOnThePath() {
        let service = EstimationService()
        let response = service.handle(APIRequest(method: "GET", path: "/healthz?verbose=1", query: "verbose=1"))
        #expect(response.status == 200)
        #expect(response.routePattern == "/healthz")
    }
}
