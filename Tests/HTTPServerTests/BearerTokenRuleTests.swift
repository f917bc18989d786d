@testable import HTTPCore
@testable import HTTPServer
import Testing

/// docs/server.md, Policies: an optional bearer token on every `/v1/` route; `/healthz` stays open.
@Suite struct BearerTokenRuleTests {
    static func protected(_ configuration: inout HTTPServerConfiguration) {
        configuration.bearerToken = "s3cret-token"
    }

    @Test("Missing, wrong or duplicated credentials → 401 with WWW-Authenticate: Bearer", arguments: [
        "", "Authorization: Bearer wrong\r\n", "Authorization: Bearer s3cret-toke\r\n",
        "Authorization: Bearer s3cret-tokenX\r\n", "Authorization: Basic czNjcmV0LXRva2Vu\r\n",
        "Authorization: Bearer s3cret-token\r\nAuthorization: Bearer s3cret-token\r\n",
    ])
    func rejected(authorization: String) throws {
        let server = try TestServer(configure: Self.protected)
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange("GET /v1/secret HTTP/1.1\r\nHost: h\r\n\(authorization)\r\n")
        #expect(response.status == 401)
        #expect(response.header("www-authenticate") == "Bearer")
        #expect(response.header("content-type") == "application/problem+json")
        #expect(!response.text.contains("secret\""))
        // No body was pending, so the connection stays usable.
        #expect(client.staysOpen(forMilliseconds: 50))
    }

    @Test("The right token (scheme case-insensitive) passes; /healthz needs none")
    func accepted() throws {
        let server = try TestServer(configure: Self.protected)
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.exchange("GET /v1/secret HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer s3cret-token\r\n\r\n").text == "secret")
        #expect(try client.exchange("GET /v1/secret HTTP/1.1\r\nHost: h\r\nauthorization: bearer s3cret-token\r\n\r\n").text == "secret")
        #expect(try client.exchange("GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n").text == "ok")
    }

    @Test("An unauthorized request with a body is answered before the body is read, then closed")
    func rejectedWithBody() throws {
        let server = try TestServer(configure: Self.protected)
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange("POST /v1/secret HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n")
        #expect(response.status == 401)
        #expect(response.header("connection") == "close")
        #expect(client.isClosedByServer())
    }

    @Test func noTokenConfiguredMeansOpen() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        #expect(try client.exchange("GET /v1/secret HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
    }

    @Test func constantTimeComparison() {
        let token = Array("abc".utf8)
        #expect(BearerAuthPolicy.constantTimeEquals(Array("abc".utf8), token))
        #expect(!BearerAuthPolicy.constantTimeEquals(Array("abd".utf8), token))
        #expect(!BearerAuthPolicy.constantTimeEquals(Array("ab".utf8), token))
        #expect(!BearerAuthPolicy.constantTimeEquals(Array("abc\u{0}".utf8), token))
        #expect(!BearerAuthPolicy.constantTimeEquals([], token))
    }
}
