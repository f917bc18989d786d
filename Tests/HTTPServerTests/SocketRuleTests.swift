#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPCore
@testable import HTTPServer
import HTTPTestSupport
import Testing

/// docs/server.md, Sockets and the loop: signals, accept, socket options, binding, closing.
@Suite struct SocketRuleTests {
    @Test("Rule 1: a large response to a slow reader arrives whole (partial writes resume)")
    func partialWritesResume() throws {
        // Larger than loopback's socket buffers, so the server must hit EAGAIN and resume.
        let big = (0..<(16 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let server = try TestServer(handler: { _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: big)
        })
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /big HTTP/1.1\r\nHost: h\r\n\r\n")
        usleep(100_000)  // let the server hit EAGAIN before we read
        let response = try client.readResponse()
        #expect(response.body.count == big.count)
        #expect(response.body == big)
    }

    @Test("Rule 1: a client that vanishes before its response costs no signal; serving continues")
    func peerGoneBeforeResponse() throws {
        let big = [UInt8](repeating: 0x62, count: 2 * 1024 * 1024)
        let server = try TestServer(handler: { request in
            request.path == "/hello" ? TestServer.routes(request) : HTTPResponse(status: 200, body: big)
        })
        defer { server.stop() }
        for _ in 0..<20 {
            let client = try server.client()
            try client.send("GET /big HTTP/1.1\r\nHost: h\r\n\r\n")
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)  // close with a reset
            setsockopt(client.socket.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        }
        let client = try server.client()
        #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").text == "hello")
    }

    @Test("Rule 2: beyond maxConnections the server answers 503 and closes, and keeps serving")
    func maxConnections() throws {
        let server = try TestServer { $0.maxConnections = 2 }
        defer { server.stop() }
        let first = try server.client()
        let second = try server.client()
        #expect(try first.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
        #expect(try second.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
        let third = try server.client()
        let rejected = try third.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(rejected.status == 503)
        #expect(rejected.header("connection") == "close")
        #expect(rejected.header("content-type") == "application/problem+json")
        #expect(third.isClosedByServer())
        _ = consume first
        #expect(eventually {
            (try? server.client().exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status) == 200
        })
    }

    @Test("Rule 3: accepted sockets are non-blocking with TCP_NODELAY")
    func acceptedSocketOptions() throws {
        let listener = try #require(try Socket.listen(host: "127.0.0.1", port: 0, backlog: 4).first)
        defer { close(listener) }
        let client = try HTTPConnection(port: try Socket.boundPort(listener))
        var accepted: Int32 = -1
        #expect(eventually {
            if case let .accepted(fd) = Socket.accept(listener) { accepted = fd }
            return accepted >= 0
        })
        defer { close(accepted) }
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(accepted, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &length)
        #expect(value == 1)
        #expect(fcntl(accepted, F_GETFL) & O_NONBLOCK != 0)
        #expect(fcntl(accepted, F_GETFD) & FD_CLOEXEC != 0)
        _ = client
    }

    @Test("Rule 3: head and body are serialized into one buffer (one write)")
    func oneBuffer() {
        var bytes = Array("left over from an earlier response".utf8)
        ResponseSerializer.serialize(
            status: 200, headers: ["Content-Type": "text/plain"], body: Array("hi".utf8),
            framing: .init(contentLength: 2, includeBody: true, close: false, announceKeepAlive: false, gzipped: false),
            date: Array("Sun, 06 Nov 1994 08:49:37 GMT".utf8), serverName: "s", into: &bytes
        )
        #expect(String(decoding: bytes, as: UTF8.self) ==
            "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: s\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nhi")
    }

    @Test("Rule 4: port 0 is ephemeral; SO_REUSEADDR lets a restart bind despite TIME_WAIT")
    func rebindAfterStop() throws {
        let first = try TestServer()
        #expect(first.port > 0)
        // Server-side closes leave TIME_WAIT entries on the server's port.
        for _ in 0..<5 {
            let client = try first.client()
            _ = try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
            #expect(client.isClosedByServer())
        }
        #expect(first.stop())
        let port = first.port
        let second = try TestServer { $0.port = port }
        defer { second.stop() }
        #expect(second.port == port)
        #expect(try second.client().exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
    }

    @Test("Rule 4: an address that cannot be bound throws instead of crashing")
    func bindFailure() throws {
        let first = try TestServer()
        defer { first.stop() }
        var configuration = HTTPServerConfiguration()
        configuration.port = first.port
        let second = HTTPServer(configuration: configuration) { _ in HTTPResponse(status: 200) }
        #expect(throws: Socket.Failure.self) { try second.start() }
        var bad = HTTPServerConfiguration()
        bad.host = "not an address"
        #expect(throws: Socket.Failure.self) { try HTTPServer(configuration: bad) { _ in HTTPResponse(status: 200) }.start() }
    }

    @Test("Rule 4: a host name is resolved, and served on every address it has (localhost: 127.0.0.1 and ::1)")
    func hostNames() throws {
        let server = try TestServer { $0.host = "localhost" }
        defer { server.stop() }
        #expect(try server.client().exchange("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n").status == 200)
        let addresses = try Socket.listen(host: "localhost", port: 0, backlog: 1)
        defer { for fd in addresses { close(fd) } }
        let ports = Set(try addresses.map(Socket.boundPort))
        #expect(ports.count == 1)  // one port for all of them, chosen by the first
        #expect(!addresses.isEmpty)
    }

    @Test("Rule 4: an IPv6 literal binds as it is (skipped where the machine has no IPv6)")
    func ipv6Literal() throws {
        guard let fd = try? Socket.listen(host: "::1", port: 0, backlog: 1).first else { return }
        close(fd)
        let server = try TestServer { $0.host = "::1" }
        defer { server.stop() }
        #expect(server.port > 0)
    }

    @Test("Rule 5: closing while a write is blocked neither crashes nor leaks")
    func closeWhileWriteBlocked() throws {
        let observer = RecordingObserver()
        let big = [UInt8](repeating: 0x63, count: 4 * 1024 * 1024)
        let server = try TestServer(observer: observer, handler: { _ in HTTPResponse(status: 200, body: big) })
        for _ in 0..<20 {
            let client = try server.client()
            try client.send("GET /big HTTP/1.1\r\nHost: h\r\n\r\n")
            usleep(20_000)  // the server is now waiting for writability, reading suspended
        }
        #expect(eventually { observer.closed == 20 })
        #expect(server.stop())
    }
}
