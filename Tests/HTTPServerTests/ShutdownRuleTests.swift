#if canImport(Glibc)
import Glibc
#endif
import Dispatch
@testable import HTTPCore
@testable import HTTPServer
import HTTPTestSupport
import Testing

/// docs/server.md, Connections: graceful shutdown.
@Suite struct ShutdownRuleTests {
    @Test("Stop accepting, finish in-flight with Connection: close, close idle ones, return in bounded time")
    func graceful() throws {
        let server = try TestServer()
        let idle = try server.client()
        #expect(try idle.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
        let busy = try server.client()
        try busy.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n")
        usleep(50_000)  // the handler is now running (it sleeps 300 ms)

        let start = ContinuousClock.now
        server.server.shutdown(gracePeriod: .seconds(2))
        #expect(idle.isClosedByServer())
        let response = try busy.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "slow")
        #expect(response.header("connection") == "close")
        #expect(busy.isClosedByServer())
        busy.finish()  // ends the server's lingering close
        #expect(server.server.waitUntilStopped(timeout: .seconds(3)))
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect((try? HTTPConnection(port: server.port)) == nil)
    }

    @Test("A client that never finishes its request is cut off at the grace period")
    func gracePeriodBoundsShutdown() throws {
        let server = try TestServer()
        let stuck = try server.client()
        try stuck.send("GET /hello HTTP/1.1\r\nHost:")
        usleep(50_000)
        let start = ContinuousClock.now
        server.server.shutdown(gracePeriod: .milliseconds(300))
        #expect(server.server.waitUntilStopped(timeout: .seconds(3)))
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(stuck.isClosedByServer())
    }

    @Test("A connection that never sent a byte does not hold up shutdown: it closes at once")
    func silentConnectionDoesNotDelayShutdown() throws {
        let server = try TestServer()
        let silent = try server.client()
        let served = try server.client()
        #expect(try served.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
        usleep(20_000)
        let start = ContinuousClock.now
        server.server.shutdown(gracePeriod: .seconds(10))
        #expect(server.server.waitUntilStopped(timeout: .seconds(3)))
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(silent.isClosedByServer())
        #expect(served.isClosedByServer())
    }

    @Test("SIGTERM starts the graceful shutdown")
    func signal() throws {
        let server = try TestServer()
        server.server.shutdownOnSignals([SIGUSR2])  // SIGTERM's handling, on a signal nothing else uses
        let client = try server.client()
        #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
        kill(getpid(), SIGUSR2)
        #expect(server.server.waitUntilStopped(timeout: .seconds(3)))
        #expect(client.isClosedByServer())
    }
}
