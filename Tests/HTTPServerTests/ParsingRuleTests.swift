@testable import HTTPCore
@testable import HTTPServer
import Testing

/// docs/server.md, Parsing, over a real socket: the status, a problem+json body, and whether the
/// connection stays open.
@Suite struct ParsingRuleTests {
    /// Sends `request` and expects `status` with `Connection: close`, then a closed connection.
    static func expectRejected(
        _ request: String, status: Int, configure: (inout HTTPServerConfiguration) -> Void = { _ in }
    ) throws {
        let server = try TestServer(configure: configure)
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange(request)
        #expect(response.status == status, "\(request.debugDescription)")
        #expect(response.header("connection") == "close")
        #expect(response.header("content-type") == "application/problem+json")
        #expect(response.text.contains(#""status":\#(status)"#))
        #expect(response.text.contains(#""type":"about:blank""#))
        #expect(client.isClosedByServer())
    }

    static func small(_ configuration: inout HTTPServerConfiguration) {
        configuration.maxRequestLineBytes = 256
        configuration.maxHeaderBytes = 512
        configuration.maxHeaderCount = 8
        configuration.maxBodyBytes = 1000
    }

    @Test("Rule 8: request line → 414, header section → 431, body → 413", arguments: [
        ("GET /\(String(repeating: "a", count: 300)) HTTP/1.1\r\nHost: h\r\n\r\n", 414),
        ("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(String(repeating: "b", count: 600))\r\n\r\n", 431),
        ("GET / HTTP/1.1\r\nHost: h\r\n" + (0..<9).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431),
        ("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n", 413),
        ("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n", 413),
    ])
    func sizeLimits(request: String, status: Int) throws {
        try Self.expectRejected(request, status: status, configure: Self.small)
    }

    @Test("Rule 9: Content-Length is 1*DIGIT, agreeing, and never beside Transfer-Encoding", arguments: [
        "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 0x10\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 18446744073709551617\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 6\r\n\r\nhello!",
        "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
    ])
    func contentLength(request: String) throws {
        try Self.expectRejected(request, status: 400)
    }

    @Test func identicalDuplicateContentLengthIsAccepted() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello")
        #expect(response.status == 200)
        #expect(response.text == "hello")
        #expect(client.staysOpen(forMilliseconds: 100))
    }

    @Test("Rule 10: chunked sizes, extensions and codings", arguments: [
        ("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n", 413),
        ("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;\(String(repeating: "x", count: 400))\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: rot13\r\n\r\n", 501),
        ("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    ])
    func chunked(request: String, status: Int) throws {
        try Self.expectRejected(request, status: status)
    }

    @Test func chunkedBodyWithExtensionsAndTrailersIsDecoded() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange(
            "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n4;name=v\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n"
        )
        #expect(response.status == 200)
        #expect(response.text == "Wikipedia")
        #expect(client.staysOpen(forMilliseconds: 100))
    }

    @Test("Rule 11: whitespace before the colon, obs-fold, bare CR or LF → 400", arguments: [
        "GET /hello HTTP/1.1\r\nHost : h\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost\t: h\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost: h\r\nX-Folded: a\r\n  b\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost: h\nX: y\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost: h\rX: y\r\n\r\n",
        "GET /hello HTTP/1.1\nHost: h\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost: h\r\n\n",
        "GET /hello HTTP/1.1\r\nHost: h\r\nX: a\u{0}b\r\n\r\n",
        "GET /he llo HTTP/1.1\r\nHost: h\r\n\r\n",
    ])
    func headerSyntax(request: String) throws {
        try Self.expectRejected(request, status: 400)
    }

    @Test("RFC 9112 §3.2: a target with a fragment, another scheme, or `*` with another method → 400", arguments: [
        "GET /hello#top HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET http://h/hello#top HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET ftp://h/hello HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET * HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /a\\b HTTP/1.1\r\nHost: h\r\n\r\n",
    ])
    func targetSyntax(request: String) throws {
        try Self.expectRejected(request, status: 400)
    }

    @Test("RFC 9112 §3.2.2: an absolute-form target is served by its path")
    func absoluteForm() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange("GET http://example.com:8080/hello?x=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n")
        #expect(response.status == 200)
        #expect(response.text == "hello")
        #expect(client.staysOpen(forMilliseconds: 50))
    }

    @Test("Rule 12: exactly one valid Host on HTTP/1.1; major version ≠ 1 → 505", arguments: [
        ("GET /hello HTTP/1.1\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\nHost: a:b\r\n\r\n", 400),
        ("GET /hello HTTP/2.0\r\nHost: h\r\n\r\n", 505),
        ("GET /hello HTTP/0.9\r\nHost: h\r\n\r\n", 505),
        ("GET /hello HTTP/1.10\r\nHost: h\r\n\r\n", 400),
    ])
    func hostAndVersion(request: String, status: Int) throws {
        try Self.expectRejected(request, status: status)
    }

    @Test func http10WithoutHostIsServed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange("GET /hello HTTP/1.0\r\n\r\n")
        #expect(response.status == 200)
        #expect(response.text == "hello")
    }

    @Test("Rule 13: garbage after a good request: the good one is answered, then 400 and close")
    func parseErrorAfterValidRequest() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n\u{7}\u{7}garbage\r\n\r\n")
        let first = try client.readResponse()
        #expect(first.status == 200)
        #expect(first.header("connection") == nil)
        let second = try client.readResponse()
        #expect(second.status == 400)
        #expect(second.header("connection") == "close")
        #expect(client.isClosedByServer())
    }

    @Test("Rule 14: Expect: 100-continue gets 100 before the body is read")
    func expectContinue() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        let interim = try client.readResponse()
        #expect(interim.status == 100)
        try client.send("hello")
        let final = try client.readResponse()
        #expect(final.status == 200)
        #expect(final.text == "hello")
        #expect(client.staysOpen(forMilliseconds: 100))
    }

    @Test("Rule 14: a body that is too large gets its final status at once, without 100")
    func expectContinueRejectedAtOnce() throws {
        try Self.expectRejected(
            "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n",
            status: 413, configure: Self.small
        )
    }

    @Test func unknownExpectationIs417() throws {
        try Self.expectRejected("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nExpect: teapot\r\n\r\n", status: 417)
    }
}
