import HTTPCore
import Testing
@testable import EstimationAPI

@Suite("Content negotiation and routing")
struct NegotiationTests {
    @Test(arguments: [
        (nil, Representation.json), ("", .json), ("application/json", .json), ("text/plain", .text),
        ("text/*", .text), ("*/*", .json), ("text/html", .json), ("image/png", .json),
        ("text/plain;q=0.9, application/json", .json), ("application/json;q=0.5, text/plain;q=0.6", .text),
        ("TEXT/PLAIN", .text), ("text/plain;q=0, */*", .json), ("text/plain; charset=utf-8", .text),
        ("application/*;q=0.2, text/plain;q=0.3", .text), ("text/plain;q=abc", .json),
    ] as [(String?, Representation)])
    func representation(accept: String?, expected: Representation) {
        #expect(Representation.negotiated(from: [.json, .text], accept: accept) == expected)
    }

    @Test func routesMatchExactly() {
        let routes = RouteTable([Route(pattern: "/v1/flops", methods: [.post]) { _, _ in HTTPResponse(status: .ok) }, .get("/v1/models/{name}") { _, _ in HTTPResponse(status: .ok) }])
        #expect(routes.match("/v1/flops")?.0.pattern == "/v1/flops")
        #expect(routes.match("/v1/models/llama-3-8b")?.1 == "llama-3-8b")
        #expect(routes.match("/v1/models/") == nil)
        #expect(routes.match("/v1/models/a/b") == nil)
        #expect(routes.match("/v1/flops/") == nil)
        #expect(routes.match("/V1/FLOPS") == nil)
    }

    @Test func everyEstimateEndpointHasItsOwnRoute() {
        let paths = EstimateEndpoints.all.map(\.path)
        #expect(Set(paths).count == paths.count)
        let service = EstimationService()
        for path in paths {
            #expect(service.handle(.put, path).header("Allow") == "GET, HEAD, POST, OPTIONS", "\(path)")
        }
    }

    @Test("OPTIONS: a route's methods, or with * the server's (RFC 9110 §9.3.7)")
    func options() {
        let service = EstimationService()
        let star = service.handle(.options, "*")
        #expect(star.status == 204)
        #expect(star.header("Allow") == "GET, HEAD, OPTIONS, POST")
        let route = service.handle(.options, "/v1/estimate")
        #expect(route.status == 204)
        #expect(route.header("Allow") == "GET, HEAD, POST, OPTIONS")
        #expect(route.body.isEmpty)
        #expect(service.handle(.options, "/v1/nothing").status == 404)
    }

    @Test func queryIsIgnoredByRouting() {
        let response = EstimationService().handle(.get, "/healthz?verbose=1")
        #expect(response.status == 200)
        #expect(response.routePattern == "/healthz")
    }

    @Test func largeBodiesAreAnsweredOnTheWorkPool() {
        let service = EstimationService()
        let small = HTTPRequest(method: .post, target: "/v1/estimate", body: [UInt8](repeating: 0x20, count: 1000))
        let large = HTTPRequest(method: .post, target: "/v1/estimate", body: [UInt8](repeating: 0x20, count: 100_000))
        #expect(service.placement(of: small) == .eventLoop)
        #expect(service.placement(of: large) == .workPool)
        #expect(service.placement(of: HTTPRequest(method: .get, target: "/healthz")) == .eventLoop)
    }
}
