#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import HTTPCore
@testable import HTTPServer
import HTTPTestSupport
import Testing

/// What load must not do (issue 13): take memory without bound through unfinished bodies, or keep a
/// liveness probe waiting behind slow requests; and memory is given back after a burst.
@Suite struct OverloadRuleTests {
    @Test("Bodies held at once are bounded by the budget: past it 503 + Retry-After before the body is read")
    func bodyBudget() throws {
        let server = try TestServer { $0.maxBodyMemoryBytes = 10_000 }
        defer { server.stop() }
        let first = try server.client()
        try first.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 6000\r\n\r\nonly the start")
        usleep(50_000)
        let second = try server.client()
        let refused = try second.exchange("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 6000\r\n\r\n")
        #expect(refused.status == 503)
        #expect(refused.header("retry-after") == "1")
        #expect(refused.header("connection") == "close")
        #expect(refused.text.contains("request bodies"))
        #expect(second.isClosedByServer())
        // The first body finishes; its bytes come back, and the next one fits again.
        try first.send(String(repeating: "x", count: 6000 - "only the start".utf8.count))
        #expect(try first.readResponse().status == 200)
        let third = try server.client()
        let body = String(repeating: "y", count: 6000)
        #expect(try third.exchange("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 6000\r\n\r\n\(body)").text == body)
    }

    /// A responder that sleeps on the work pool for `/heavy` and answers everything else at once.
    struct SlowHeavyResponder: HTTPResponder {
        func respond(to request: HTTPRequest) -> HTTPResponse {
            if request.path == "/heavy" { usleep(600_000) }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: Array(request.path.utf8), routePattern: request.path)
        }

        func placement(of request: HTTPRequest) -> ResponderPlacement {
            request.path == "/heavy" ? .workPool : .eventLoop
        }
    }

    @Test("/healthz is answered promptly while slow requests run: they wait on the work pool, not the loop")
    func livenessWhileBusy() throws {
        let server = try TestServer(configure: { $0.workerCount = 1 }, responder: SlowHeavyResponder())
        defer { server.stop() }
        let heavy = try (0..<4).map { _ in try server.client() }
        for client in heavy { try client.send("GET /heavy HTTP/1.1\r\nHost: h\r\n\r\n") }
        usleep(50_000)
        let probe = try server.client()
        let start = ContinuousClock.now
        #expect(try probe.exchange("GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n").text == "/healthz")
        #expect(ContinuousClock.now - start < .milliseconds(300))
        for client in heavy { #expect(try client.readResponse().text == "/heavy") }
        // The connection goes on after an answer from the work pool.
        #expect(try heavy[0].exchange("GET /again HTTP/1.1\r\nHost: h\r\n\r\n").text == "/again")
    }

    @Test("An answer from the work pool for a connection closed meanwhile is dropped; nothing leaks")
    func workPoolAnswerAfterClose() throws {
        let observer = RecordingObserver()
        let server = try TestServer(observer: observer, configure: { $0.workerCount = 1 }, responder: SlowHeavyResponder())
        let client = try server.client()
        try client.send("GET /heavy HTTP/1.1\r\nHost: h\r\n\r\n")
        usleep(50_000)
        server.server.shutdown(gracePeriod: .milliseconds(100))  // closes it before the answer
        #expect(server.server.waitUntilStopped(timeout: .seconds(3)))
        #expect(client.isClosedByServer())
        usleep(700_000)  // the answer arrives at a worker that is gone
        #expect(observer.closed == observer.opened)
    }

    @Test("Memory goes back to the system once a burst is over (trimmed after the count stops moving)")
    func trimmerWaitsForTheBurstToEnd() {
        var trimmer = MemoryTrimmer()
        let start = MonotonicInstant(nanoseconds: 10_000_000_000)
        let steps: [(answered: Int, seconds: Double, trims: Bool)] = [
            (0, 0, false),  // never busy
            (500, 1, false), (900, 2, false),  // busy
            (900, 3, true),  // quiet again
            (900, 4, false),  // once per burst
            (901, 4, false), (901, 4.5, false),  // not twice within 2 s
            (901, 5, true),
        ]
        for step in steps {
            let trims = trimmer.shouldTrim(answered: step.answered, now: start.advanced(by: .seconds(step.seconds)))
            #expect(trims == step.trims, "\(step)")
        }
    }
}
