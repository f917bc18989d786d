#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import HTTPCore
@testable import HTTPServer
import HTTPTestSupport
import Testing

/// Rule 19 under duress: a worker stuck in a responder cannot swallow SIGTERM. The process must
/// end (exit 1, saying why) once the grace period and its margin have passed. Ending the process is
/// the point, so the scenario runs in a child process (this test binary, filtered to one test).
@Suite struct SignalRuleTests {
    static let childVariable = "ABACUS_HTTP_WEDGED_CHILD"
    static var isChild: Bool { ChildTest.isChild(childVariable) }

    @Test("SIGTERM ends the process even while a worker is stuck in a responder")
    func wedgedWorkerCannotSwallowSIGTERM() throws {
        guard !Self.isChild else { return }
        let start = ContinuousClock.now
        let child = try ChildTest.run(filter: "servesUntilWedgedThenGetsSIGTERM", variable: Self.childVariable)
        #expect(child.status == 1, "\(child.stdout + child.stderr)")
        #expect(child.stderr.contains("did not stop within the grace period"), "\(child.stderr)")
        #expect(child.stdout.contains("wedged"), "\(child.stdout)")
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test(.enabled(if: isChild))
    func servesUntilWedgedThenGetsSIGTERM() throws {
        let server = try TestServer(configure: {
            $0.workerCount = 1
            $0.shutdownGracePeriod = .milliseconds(300)
        }, handler: { request in
            if request.path == "/wedge" {
                while true { sleep(3600) }  // a responder that never returns
            }
            return TestServer.routes(request)
        })
        server.server.shutdownOnSignals([SIGTERM])
        #expect(try server.client().exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n").status == 200)
        let stuck = try server.client()
        try stuck.send("GET /wedge HTTP/1.1\r\nHost: h\r\n\r\n")
        usleep(100_000)
        print("wedged")
        fflush(nil)
        kill(getpid(), SIGTERM)
        // The process ends from the signal's side; this thread only waits for it.
        sleep(30)
        Issue.record("the process outlived its grace period")
    }
}
