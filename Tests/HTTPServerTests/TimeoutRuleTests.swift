#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPCore
@testable import HTTPServer
import Testing

/// docs/server.md, Connections: deadlines are totals, not per read. Timeouts are set to 200 ms; the sweep
/// then runs every 50 ms, so each deadline fires within ~250 ms.
@Suite struct TimeoutRuleTests {
    static func shortTimeouts(_ configuration: inout HTTPServerConfiguration) {
        configuration.headerTimeout = .milliseconds(200)
        configuration.bodyTimeout = .milliseconds(200)
        configuration.idleTimeout = .milliseconds(200)
        configuration.writeTimeout = .milliseconds(200)
        configuration.handlerTimeout = .milliseconds(100)
    }

    @Test("Header deadline (slowloris): a byte every 50 ms still gets 408 at ~200 ms, then close")
    func slowloris() throws {
        let server = try TestServer(configure: Self.shortTimeouts)
        defer { server.stop() }
        let client = try server.client(readTimeoutMilliseconds: 2000)
        let start = ContinuousClock.now
        var trickled = 0
        // One byte every 50 ms: each read is prompt, but the head as a whole is late.
        for byte in "GET /hello HTTP/1.1\r\nHost: h\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8 {
            guard client.staysOpen(forMilliseconds: 50), (try? client.send([byte])) != nil else { break }
            trickled += 1
        }
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(response.header("connection") == "close")
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(trickled < 30)
        #expect(client.isClosedByServer())
    }

    @Test("Body deadline: a body that stops arriving gets 408, then close")
    func slowBody() throws {
        let server = try TestServer(configure: Self.shortTimeouts)
        defer { server.stop() }
        let client = try server.client(readTimeoutMilliseconds: 2000)
        try client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nonly a little")
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(client.isClosedByServer())
    }

    @Test("Idle deadline: a keep-alive connection with no next request is closed silently")
    func idle() throws {
        let server = try TestServer(configure: Self.shortTimeouts)
        defer { server.stop() }
        let client = try server.client(readTimeoutMilliseconds: 2000)
        #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
        #expect(client.staysOpen(forMilliseconds: 50))
        let start = ContinuousClock.now
        #expect(client.isClosedByServer())  // EOF, with no 408 before it
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test("A connection that never sends anything is closed by the header deadline")
    func silentConnection() throws {
        let server = try TestServer(configure: Self.shortTimeouts)
        defer { server.stop() }
        let client = try server.client(readTimeoutMilliseconds: 2000)
        #expect(client.isClosedByServer())
    }

    @Test("Write deadline: a client that stops reading a large response is disconnected")
    func writeStall() throws {
        let observer = RecordingObserver()
        let big = [UInt8](repeating: 0x61, count: 8 * 1024 * 1024)
        let server = try TestServer(observer: observer, configure: Self.shortTimeouts, handler: { _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: big)
        })
        defer { server.stop() }
        let client = try server.client()
        var small: Int32 = 4096
        setsockopt(client.socket.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        try client.send("GET /big HTTP/1.1\r\nHost: h\r\n\r\n")
        // Never read: the server must give up on its own after the write timeout.
        #expect(eventually(timeout: .seconds(3)) { observer.closed == 1 })
    }

    @Test("Handler deadline: a handler that overran has its answer sent, then the connection closes")
    func slowHandler() throws {
        let server = try TestServer(configure: Self.shortTimeouts)
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(response.status == 200)
        #expect(response.header("connection") == "close")
        #expect(client.isClosedByServer())
    }
}
