#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPCore
@testable import HTTPServer
import Testing

/// docs/server.md, Connections: keep-alive, pipelining, HEAD.
@Suite struct ConnectionRuleTests {
    @Test("Rule 15: HTTP/1.1 keeps the connection open by default")
    func keepAliveByDefault() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        for _ in 0..<3 {
            let response = try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.header("connection") == nil)
        }
        #expect(client.staysOpen(forMilliseconds: 100))
    }

    @Test("Rule 15: `close` is honoured case-insensitively inside a token list", arguments: [
        "Connection: close", "Connection: CLOSE", "Connection: keep-alive, Close", "Connection: foo\r\nConnection: close",
    ])
    func connectionClose(header: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\(header)\r\n\r\n")
        #expect(response.status == 200)
        #expect(response.header("connection") == "close")
        #expect(client.isClosedByServer())
    }

    @Test("Rule 15: HTTP/1.0 closes unless it asked for keep-alive")
    func http10() throws {
        let server = try TestServer()
        defer { server.stop() }
        let closing = try server.client()
        let first = try closing.exchange("GET /hello HTTP/1.0\r\n\r\n")
        #expect(first.header("connection") == "close")
        #expect(closing.isClosedByServer())

        let keeping = try server.client()
        let second = try keeping.exchange("GET /hello HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        #expect(second.status == 200)
        #expect(second.header("connection") == "keep-alive")
        #expect(keeping.staysOpen(forMilliseconds: 100))
    }

    @Test("Rule 16: pipelined requests are answered in order, one at a time")
    func pipelining() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let count = 50
        try client.send((0..<count).map { "GET /n/\($0) HTTP/1.1\r\nHost: h\r\n\r\n" }.joined()
            + "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nlast")
        for index in 0..<count {
            let response = try client.readResponse()
            #expect(response.text == "/n/\(index)")
        }
        #expect(try client.readResponse().text == "last")
        #expect(client.staysOpen(forMilliseconds: 100))
    }

    @Test("Rule 16: pipelining with responses larger than the socket buffer (bounded read-ahead)")
    func pipeliningUnderBackpressure() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let count = 200  // 200 × 4 KB responses: far more than the socket buffers hold while we don't read
        try client.send((0..<count).map { _ in "GET /large HTTP/1.1\r\nHost: h\r\n\r\n" }.joined())
        usleep(200_000)
        for _ in 0..<count {
            let response = try client.readResponse()
            #expect(response.body == TestServer.largeJSON)
        }
    }

    @Test("Rule 17: HEAD gets GET's headers (Content-Length included) and no body; the handler sees HEAD")
    func head() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let get = try client.exchange("GET /method HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(get.text == "method=GET")
        let head = try client.exchange("HEAD /method HTTP/1.1\r\nHost: h\r\n\r\n", headOnly: true)
        #expect(head.status == 200)
        #expect(head.header("content-length") == String("method=HEAD".utf8.count))
        #expect(head.header("content-type") == "text/plain")
        // If HEAD had carried a body, it would be read here as the next response's status line.
        let after = try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(after.status == 200)
        #expect(after.text == "hello")
    }

    @Test("Rule 17: HEAD of a gzip-eligible resource announces the compressed length")
    func headWithGzip() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let get = try client.exchange("GET /large HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n")
        let head = try client.exchange("HEAD /large HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n", headOnly: true)
        #expect(head.header("content-encoding") == "gzip")
        #expect(head.header("content-length") == String(get.body.count))
        #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").text == "hello")
    }

    @Test("Rule 17: the wrong method on a known path is the handler's 405 with Allow")
    func methodNotAllowed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange("DELETE /hello HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(response.status == 405)
        #expect(response.header("allow") == "GET, HEAD")
        #expect(client.staysOpen(forMilliseconds: 50))
    }
}
