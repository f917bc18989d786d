@testable import HTTPCore
@testable import HTTPServer
import Testing

/// CORS (issue 14): off by default; with allowed origins, preflights are answered 204 by the server
/// and answers carry `Access-Control-Allow-Origin` for those origins only.
@Suite struct CORSRuleTests {
    static let dashboard = "https://dash.example"

    static func preflight(origin: String, path: String = "/hello") -> String {
        "OPTIONS \(path) HTTP/1.1\r\nHost: h\r\nOrigin: \(origin)\r\nAccess-Control-Request-Method: POST\r\n"
            + "Access-Control-Request-Headers: content-type\r\n\r\n"
    }

    @Test("A preflight from an allowed origin is answered 204 with the methods, headers and max age")
    func preflight() throws {
        let server = try TestServer { $0.corsOrigins = [Self.dashboard, "http://localhost:3000"] }
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange(Self.preflight(origin: Self.dashboard))
        #expect(response.status == 204)
        #expect(response.header("access-control-allow-origin") == Self.dashboard)
        #expect(response.header("access-control-allow-methods") == "GET, HEAD, POST, OPTIONS")
        #expect(response.header("access-control-allow-headers") == "Accept, Authorization, Content-Type, If-None-Match")
        #expect(response.header("access-control-max-age") == "600")
        #expect(response.header("vary") == "Origin")
        #expect(response.header("content-length") == nil)
        #expect(client.staysOpen(forMilliseconds: 50))
    }

    @Test("Answers to an allowed origin carry Allow-Origin, Expose-Headers and Vary: Origin")
    func allowedOrigin() throws {
        let server = try TestServer { $0.corsOrigins = [Self.dashboard + "/"] }  // a trailing slash is forgiven
        defer { server.stop() }
        let response = try server.client().exchange("GET /hello HTTP/1.1\r\nHost: h\r\nOrigin: \(Self.dashboard)\r\n\r\n")
        #expect(response.text == "hello")
        #expect(response.header("access-control-allow-origin") == Self.dashboard)
        #expect(response.header("access-control-expose-headers") == "ETag, X-Cache")
        #expect(response.header("vary") == "Origin")
    }

    @Test("Another origin gets no CORS headers (its preflight goes to the routes), but Vary: Origin")
    func otherOrigin() throws {
        let server = try TestServer { $0.corsOrigins = [Self.dashboard] }
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\nOrigin: https://evil.example\r\n\r\n")
        #expect(response.status == 200)
        #expect(response.header("access-control-allow-origin") == nil)
        #expect(response.header("vary") == "Origin")
        let preflight = try client.exchange(Self.preflight(origin: "https://evil.example"))
        #expect(preflight.status == 405)  // the test routes' answer to OPTIONS /hello
        #expect(preflight.header("access-control-allow-origin") == nil)
    }

    @Test("`*` allows every origin, and the answer then does not vary by it")
    func anyOrigin() throws {
        let server = try TestServer { $0.corsOrigins = ["*"] }
        defer { server.stop() }
        let client = try server.client()
        let preflight = try client.exchange(Self.preflight(origin: "https://anyone.example"))
        #expect(preflight.status == 204)
        #expect(preflight.header("access-control-allow-origin") == "*")
        #expect(preflight.header("vary") == nil)
        let response = try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\nOrigin: null\r\n\r\n")
        #expect(response.header("access-control-allow-origin") == "*")
    }

    @Test("Preflights pass the bearer token check (browsers send no credentials); its 401 carries CORS headers")
    func withBearerToken() throws {
        let server = try TestServer {
            $0.corsOrigins = [Self.dashboard]
            $0.bearerToken = "s3cret-token"
        }
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.exchange(Self.preflight(origin: Self.dashboard, path: "/v1/secret")).status == 204)
        let refused = try client.exchange("GET /v1/secret HTTP/1.1\r\nHost: h\r\nOrigin: \(Self.dashboard)\r\n\r\n")
        #expect(refused.status == 401)
        #expect(refused.header("access-control-allow-origin") == Self.dashboard)
        let allowed = try client.exchange(
            "GET /v1/secret HTTP/1.1\r\nHost: h\r\nOrigin: \(Self.dashboard)\r\nAuthorization: Bearer s3cret-token\r\n\r\n")
        #expect(allowed.text == "secret")
        #expect(allowed.header("access-control-allow-origin") == Self.dashboard)
    }

    @Test func offByDefault() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\nOrigin: \(Self.dashboard)\r\n\r\n")
        #expect(response.header("access-control-allow-origin") == nil)
        #expect(response.header("vary") == nil)
        #expect(try client.exchange(Self.preflight(origin: Self.dashboard)).status == 405)
    }
}
