#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import HTTPCore
@testable import HTTPServer
import HTTPTestSupport
import Testing

/// docs/server.md: EMFILE never stops the listener. Running out of descriptors is process-wide,
/// so the scenario runs in a child process (this test binary, filtered to one test), where lowering
/// RLIMIT_NOFILE cannot disturb the tests running beside it.
@Suite struct DescriptorExhaustionRuleTests {
    static let childVariable = "ABACUS_HTTP_EMFILE_CHILD"
    static var isChild: Bool { ChildTest.isChild(childVariable) }

    @Test("Rule 2: out of descriptors, the listener sheds with 503 and then serves again")
    func emfileInChildProcess() throws {
        guard !Self.isChild else { return }
        let child = try ChildTest.run(filter: "servesThroughDescriptorExhaustion", variable: Self.childVariable)
        let text = child.stdout + child.stderr
        #expect(child.status == 0, "\(text)")
        #expect(text.contains("servesThroughDescriptorExhaustion() passed"), "\(text)")
    }

    @Test(.enabled(if: isChild))
    func servesThroughDescriptorExhaustion() throws {
        let server = try TestServer { $0.workerCount = 1 }
        defer { server.stop() }
        let idleDescriptors = openDescriptorCount()
        #expect(try server.client().exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
        // The server closes its side of that connection asynchronously once the client has gone; if
        // it did so after the table is full, the freed slot would let the starved client in normally.
        let settled = ContinuousClock.now.advanced(by: .seconds(5))
        while openDescriptorCount() > idleDescriptors, ContinuousClock.now < settled {
            usleep(1_000)
        }
        #expect(openDescriptorCount() <= idleDescriptors)

        var original = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &original)
        var lowered = original
        lowered.rlim_cur = rlim_t(openDescriptorCount() + 64)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &lowered)
        defer { setrlimit(Int32(RLIMIT_NOFILE.rawValue), &original) }

        // Fill the table, then free exactly one slot for the client's own socket.
        var fillers: [Int32] = []
        while case let fd = open("/dev/null", O_RDONLY), fd >= 0 { fillers.append(fd) }
        #expect(errno == EMFILE)
        close(fillers.removeLast())
        let starved = try server.client()
        // The server cannot accept it normally: it spends its reserve descriptor to answer 503.
        let response = try starved.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(response.status == 503)
        #expect(response.text.contains("out of file descriptors"))
        #expect(response.header("connection") == "close")
        #expect(starved.isClosedByServer())

        for fd in fillers { close(fd) }
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &original)
        // The listener is still alive and serves normally.
        #expect(try server.client().exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
    }
}
