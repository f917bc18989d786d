#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPCore
@testable import HTTPServer
import Testing

/// docs/server.md, Sockets and the loop: no descriptor leaks after thousands of connections (clean, abrupt
/// and hostile), and 1,000 concurrent keep-alive clients all served.
@Suite struct ScaleAndLeakRuleTests {
    /// Raises the soft descriptor limit towards `wanted` (never lowers it); returns the result.
    static func raiseDescriptorLimit(to wanted: rlim_t) -> rlim_t {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < wanted {
            limit.rlim_cur = min(wanted, limit.rlim_max)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return limit.rlim_cur
    }

    @Test("Rule 25: thousands of connections leave no descriptor behind")
    func noDescriptorLeak() throws {
        let observer = RecordingObserver()
        let server = try TestServer(observer: observer) { $0.headerTimeout = .milliseconds(500) }
        // The count sees the server's end of a live connection, so a leak cannot pass unseen.
        let held = try server.client()
        #expect(try held.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
        #expect(acceptedConnectionDescriptorCount(port: server.port) == 1)
        held.finish()
        let cycles = 2000
        for cycle in 0..<cycles {
            let client = try server.client()
            switch cycle % 5 {
            case 0:  // a full exchange, then the client closes
                #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
            case 1:  // connect and leave at once
                break
            case 2:  // leave halfway through the head
                try client.send("GET /hello HTTP/1.1\r\nHo")
            case 3:  // leave halfway through a body
                try client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
            default:  // hostile: the server answers 400 and closes
                #expect(try client.exchange("GET / HTTP/1.1\r\nHost : h\r\n\r\n").status == 400)
            }
        }
        // The server closes its ends as it notices each close. Only the server's own sockets are
        // counted: the process-wide count moves with the suites running beside this one.
        #expect(eventually(timeout: .seconds(5)) { observer.closed == cycles + 1 })
        #expect(eventually(timeout: .seconds(5)) { acceptedConnectionDescriptorCount(port: server.port) == 0 })
        #expect(server.stop())
        #expect(observer.opened == cycles + 1)
    }

    @Test("Rule 6: 1,000 concurrent keep-alive clients are all served, twice each")
    func thousandKeepAliveClients() throws {
        let count = 1000
        // Each client costs two descriptors here (ours and the server's), plus the suites beside us.
        let limit = Self.raiseDescriptorLimit(to: 8192)
        try #require(limit >= 4096, "RLIMIT_NOFILE's hard limit (\(limit)) is too low for 1,000 clients in-process")
        let server = try TestServer()
        defer { server.stop() }
        let clients = try (0..<count).map { _ in try server.client() }
        for round in 0..<2 {
            for (index, client) in clients.enumerated() {
                try client.send("GET /n/\(index)-\(round) HTTP/1.1\r\nHost: h\r\n\r\n")
            }
            for (index, client) in clients.enumerated() {
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "/n/\(index)-\(round)")
                #expect(response.header("connection") == nil)
            }
        }
    }
}
