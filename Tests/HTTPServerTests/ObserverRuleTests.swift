#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPCore
@testable import HTTPServer
import Testing

/// docs/server.md, Connections: access-log lines and metrics keyed by route pattern, never by raw URI.
@Suite struct ObserverRuleTests {
    @Test func entriesCarryRoutePatternStatusAndBytes() throws {
        let observer = RecordingObserver()
        let server = try TestServer(observer: observer)
        let client = try server.client()
        _ = try client.exchange("GET /n/12345?secret=1 HTTP/1.1\r\nHost: h\r\n\r\n")
        _ = try client.exchange("GET /nowhere/abc HTTP/1.1\r\nHost: h\r\n\r\n")
        _ = try client.exchange("HEAD /hello HTTP/1.1\r\nHost: h\r\n\r\n", headOnly: true)
        _ = try client.exchange("GET /x HTTP/1.1\r\n\r\n")
        #expect(server.stop())
        let entries = observer.entries
        #expect(entries.map(\.routePattern) == ["/n/{id}", "unmatched", "/hello", "rejected"])
        #expect(entries.map(\.method) == ["GET", "GET", "HEAD", "-"])
        #expect(entries.map(\.status) == [200, 404, 200, 400])
        #expect(entries[0].bytes == "/n/12345".utf8.count)
        #expect(entries[2].bytes == 0)
        #expect(observer.opened == 1)
        #expect(observer.closed == 1)
    }

    @Test func accessLogWriterWritesOneLine() throws {
        var pipeEnds: [Int32] = [0, 0]
        #expect(pipe(&pipeEnds) == 0)
        defer {
            close(pipeEnds[0])
            close(pipeEnds[1])
        }
        AccessLogWriter(fileDescriptor: pipeEnds[1]).requestCompleted(
            AccessLogEntry(method: "POST", routePattern: "/v1/flops", status: 200, bytes: 1534, duration: .microseconds(412))
        )
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(pipeEnds[0], &buffer, buffer.count)
        #expect(String(decoding: buffer[..<max(0, count)], as: UTF8.self) == "POST /v1/flops 200 1534 0.412ms\n")
    }
}
