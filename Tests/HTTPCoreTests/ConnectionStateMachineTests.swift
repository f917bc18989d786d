@testable import HTTPCore
import Testing

/// The connection's decisions, event by event, with instants the test picks: no sockets, no clock,
/// no sleeping. Each test is one conversation; `Driver` keeps the machine and the time.
@Suite struct ConnectionStateMachineTests {
    /// A machine and a fake clock, with the actions reduced to what the tests compare.
    struct Driver {
        enum Step: Equatable {
            case wait
            case respond(HTTPMethod, String, body: String)
            case send(Int, close: Bool, headOnly: Bool = false)
            case sendContinue
            case shutDownOutput
            case close
        }

        var machine: ConnectionStateMachine
        var now: MonotonicInstant
        /// The last response handed over by `send`, for its headers.
        var sent: OutgoingResponse?

        init(_ configure: (inout ConnectionStateMachine.Configuration) -> Void = { _ in }) {
            var configuration = ConnectionStateMachine.Configuration(
                headerTimeout: .seconds(10), bodyTimeout: .seconds(30), idleTimeout: .seconds(60),
                writeTimeout: .seconds(30), handlerTimeout: .seconds(10), lingerTimeout: .seconds(2))
            configure(&configuration)
            now = MonotonicInstant(nanoseconds: 1_000_000_000)
            machine = ConnectionStateMachine(configuration: configuration, now: now)
        }

        mutating func advance(_ duration: Duration) {
            now = now.advanced(by: duration)
        }

        mutating func step(_ action: ConnectionStateMachine.Action) -> Step {
            switch action {
            case .waitForInput: return .wait
            case .invokeResponder(let request):
                return .respond(request.method, request.target, body: String(decoding: request.body, as: UTF8.self))
            case .send(let outgoing):
                sent = outgoing
                return .send(outgoing.response.status.code, close: outgoing.closeAfter, headOnly: outgoing.headOnly)
            case .sendContinue: return .sendContinue
            case .shutDownOutput: return .shutDownOutput
            case .close: return .close
            }
        }

        mutating func receive(_ text: String) -> Step {
            let bytes = Array(text.utf8)
            let action = bytes.withUnsafeBufferPointer { machine.bytesReceived($0, now: now) }
            return step(action)
        }

        mutating func respond(_ status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: String = "ok") -> Step {
            step(machine.responded(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)), now: now))
        }

        mutating func sentAll() -> Step { step(machine.sent(now: now)) }
        mutating func tick() -> Step { step(machine.deadlineReached(now: now)) }
        mutating func inputEnded() -> Step { step(machine.inputEnded(now: now)) }
        mutating func drain() -> Step { step(machine.drain(now: now)) }
    }

    static let get = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"

    @Test("Keep-alive: request, response, idle again with the idle deadline")
    func keepAlive() {
        var driver = Driver()
        #expect(driver.receive(Self.get) == .respond(.get, "/a", body: ""))
        #expect(!driver.machine.wantsInput)
        #expect(driver.machine.deadline == .distantFuture)  // a responder has no deadline
        #expect(driver.respond() == .send(200, close: false))
        #expect(driver.sentAll() == .wait)
        #expect(driver.machine.isIdle)
        #expect(driver.machine.wantsInput)
        #expect(driver.machine.deadline == driver.now.advanced(by: .seconds(60)))
    }

    @Test("A fresh connection that sends nothing is closed silently at the header deadline")
    func silentConnection() {
        var driver = Driver()
        driver.advance(.seconds(10) - .nanoseconds(1))
        #expect(driver.tick() == .wait)
        driver.advance(.nanoseconds(1))
        #expect(driver.tick() == .close)
    }

    @Test("Header deadline is a total from the first byte: a head still coming 10 s later gets 408")
    func slowloris() {
        var driver = Driver()
        #expect(driver.receive("G") == .wait)
        for _ in 0..<9 {
            driver.advance(.seconds(1))
            #expect(driver.receive("E") == .wait)
            #expect(driver.tick() == .wait)
        }
        driver.advance(.seconds(1))
        #expect(driver.machine.deadline <= driver.now)
        #expect(driver.tick() == .send(408, close: true))
        #expect(driver.sentAll() == .shutDownOutput)
        #expect(driver.receive("more") == .wait)  // discarded while lingering
        driver.advance(.seconds(2))
        #expect(driver.tick() == .close)
    }

    @Test("Body deadline: the head arrived, the body stopped → 408")
    func slowBody() {
        var driver = Driver()
        #expect(driver.receive("POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc") == .wait)
        driver.advance(.seconds(29))
        #expect(driver.tick() == .wait)
        driver.advance(.seconds(1))
        #expect(driver.tick() == .send(408, close: true))
    }

    @Test("Idle deadline closes without an answer")
    func idleDeadline() {
        var driver = Driver()
        _ = driver.receive(Self.get)
        _ = driver.respond()
        _ = driver.sentAll()
        driver.advance(.seconds(60))
        #expect(driver.tick() == .close)
    }

    @Test("Pipelined requests are answered one at a time, in order, from what was read ahead")
    func pipelining() {
        var driver = Driver()
        let two = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi"
        #expect(driver.receive(two) == .respond(.get, "/1", body: ""))
        #expect(!driver.machine.wantsInput)
        #expect(driver.respond() == .send(200, close: false))
        #expect(driver.sentAll() == .respond(.post, "/2", body: "hi"))
        #expect(driver.respond() == .send(200, close: false))
        #expect(driver.sentAll() == .wait)
        #expect(driver.machine.wantsInput)
    }

    @Test("Connection: close is honoured; the response says so and a lingering close follows")
    func connectionClose() {
        var driver = Driver()
        _ = driver.receive("GET /a HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Close\r\n\r\n")
        #expect(driver.respond() == .send(200, close: true))
        #expect(driver.sentAll() == .shutDownOutput)
        #expect(driver.machine.wantsInput)  // reads, and discards, until the client closes
        #expect(driver.inputEnded() == .close)
    }

    @Test("HTTP/1.0 closes unless it asks for keep-alive, which is then announced")
    func http10() {
        var closing = Driver()
        _ = closing.receive("GET /a HTTP/1.0\r\n\r\n")
        #expect(closing.respond() == .send(200, close: true))
        var keeping = Driver()
        _ = keeping.receive("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(keeping.respond() == .send(200, close: false))
        #expect(keeping.sent?.announceKeepAlive == true)
    }

    @Test("HEAD reaches the responder as HEAD and is sent without a body")
    func head() {
        var driver = Driver()
        #expect(driver.receive("HEAD /a HTTP/1.1\r\nHost: h\r\n\r\n") == .respond(.head, "/a", body: ""))
        #expect(driver.respond(body: "hello") == .send(200, close: false, headOnly: true))
        #expect(driver.sent?.framing(bodyBytes: 5, gzipped: false).contentLength == 5)
        #expect(driver.sent?.framing(bodyBytes: 5, gzipped: false).includeBody == false)
    }

    @Test("Expect: 100-continue gets 100 before the body is read")
    func expectContinue() {
        var driver = Driver()
        #expect(driver.receive("POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n") == .sendContinue)
        #expect(!driver.machine.wantsInput)
        #expect(driver.sentAll() == .wait)
        #expect(driver.receive("ok") == .respond(.post, "/e", body: "ok"))
    }

    @Test("An expectation other than 100-continue is 417: at once, before a body; else instead of the responder")
    func unknownExpectation() {
        var withBody = Driver()
        #expect(withBody.receive("POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: teapot\r\n\r\n") == .send(417, close: true))
        var withoutBody = Driver()
        #expect(withoutBody.receive("GET /e HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\n\r\n") == .send(417, close: false))
    }

    @Test("A parse error is answered (no method known) and the connection closes")
    func parseError() {
        var driver = Driver()
        #expect(driver.receive("GET / HTTP/1.1\r\nHost : h\r\n\r\n") == .send(400, close: true))
        #expect(driver.sent?.method == nil)
        #expect(driver.sent?.response.routePattern == HTTPResponse.rejectedRoute)
    }

    @Test("A responder that overran still has its answer sent, with Connection: close")
    func overrunningResponder() {
        var driver = Driver()
        _ = driver.receive(Self.get)
        driver.advance(.seconds(11))
        #expect(driver.tick() == .wait)  // no deadline interrupts a responder
        #expect(driver.respond() == .send(200, close: true))
    }

    @Test("Drain: an idle connection closes at once, even one that never sent a byte")
    func drainIdle() {
        var fresh = Driver()
        #expect(fresh.drain() == .close)
        var served = Driver()
        _ = served.receive(Self.get)
        _ = served.respond()
        _ = served.sentAll()
        #expect(served.drain() == .close)
    }

    @Test("Drain: a request under way finishes, answered with Connection: close; a half head may finish")
    func drainBusy() {
        var responding = Driver()
        _ = responding.receive(Self.get)
        #expect(responding.drain() == .wait)
        #expect(responding.respond() == .send(200, close: true))
        var reading = Driver()
        #expect(reading.receive("GET /a HTTP/1.1\r\n") == .wait)
        #expect(reading.drain() == .wait)
        #expect(reading.receive("Host: h\r\n\r\n") == .respond(.get, "/a", body: ""))
        #expect(reading.respond() == .send(200, close: true))
    }

    @Test("The input ends: an unfinished head is abandoned; a request under way is answered first")
    func inputEnds() {
        var partial = Driver()
        _ = partial.receive("GET /a HT")
        #expect(partial.inputEnded() == .close)
        var pipelined = Driver()
        #expect(pipelined.receive(Self.get + Self.get) == .respond(.get, "/a", body: ""))
        #expect(pipelined.inputEnded() == .wait)
        _ = pipelined.respond()
        #expect(pipelined.sentAll() == .respond(.get, "/a", body: ""))
        _ = pipelined.respond()
        #expect(pipelined.sentAll() == .close)
    }

    // MARK: - Policies

    /// Answers 401 on paths under /private, and stamps every response.
    struct FakePolicy: HTTPPolicy {
        func answer(_ head: HTTPRequestHead) -> HTTPResponse? {
            head.target.path.hasPrefix("/private") ? HTTPResponse(status: .unauthorized) : nil
        }

        func amend(_ response: inout HTTPResponse, for head: HTTPRequestHead) {
            response.headers.add(name: "X-Policy", value: head.method.rawValue)
        }
    }

    @Test("A policy answers before the responder; with a body pending, at once and then closed")
    func policyAnswers() {
        var driver = Driver { $0.policies = [FakePolicy()] }
        #expect(driver.receive("GET /private HTTP/1.1\r\nHost: h\r\n\r\n") == .send(401, close: false))
        #expect(driver.sent?.response.headers["X-Policy"] == "GET")
        _ = driver.sentAll()
        #expect(driver.receive("POST /private HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n") == .send(401, close: true))
    }

    @Test("A policy amends every response to a request it saw, the server's own answers included")
    func policyAmends() {
        var driver = Driver { $0.policies = [FakePolicy()] }
        _ = driver.receive(Self.get)
        _ = driver.respond()
        #expect(driver.sent?.response.headers["X-Policy"] == "GET")
        _ = driver.sentAll()
        _ = driver.receive("POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\n")
        driver.advance(.seconds(30))
        #expect(driver.tick() == .send(408, close: true))
        #expect(driver.sent?.response.headers["X-Policy"] == "POST")
    }

    // MARK: - Compression

    @Test("Compression: large and compressible, for a client that takes gzip; Vary either way")
    func compression() {
        let large = String(repeating: "{\"a\":1}", count: 200)
        var accepts = Driver()
        _ = accepts.receive("GET /a HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n")
        _ = accepts.respond(headers: ["Content-Type": "application/json"], body: large)
        #expect(accepts.sent?.compress == true)
        #expect(accepts.sent?.response.headers["Vary"] == "Accept-Encoding")
        var refuses = Driver()
        _ = refuses.receive(Self.get)
        _ = refuses.respond(headers: ["Content-Type": "application/json", "Vary": "Accept"], body: large)
        #expect(refuses.sent?.compress == false)
        #expect(refuses.sent?.response.headers.values("Vary") == ["Accept", "Accept-Encoding"])
        var image = Driver()
        _ = image.receive("GET /a HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n")
        _ = image.respond(headers: ["Content-Type": "image/png"], body: large)
        #expect(image.sent?.compress == false)
        var off = Driver { $0.compressionMinimumBytes = nil }
        _ = off.receive("GET /a HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n")
        _ = off.respond(headers: ["Content-Type": "application/json"], body: large)
        #expect(off.sent?.compress == false)
    }

    // MARK: - Body budget

    @Test("A body that does not fit the budget is refused with 503 before it is read; bytes come back")
    func bodyBudgetFixedLength() {
        let budget = BodyBudget(capacity: 100)
        var first = Driver { $0.bodyBudget = budget }
        #expect(first.receive("POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 60\r\n\r\n") == .wait)
        #expect(budget.inUse == 60)
        var second = Driver { $0.bodyBudget = budget }
        #expect(second.receive("POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 50\r\n\r\n") == .send(503, close: true))
        #expect(second.sent?.response.headers["Retry-After"] == "1")
        #expect(budget.inUse == 60)
        #expect(first.receive(String(repeating: "x", count: 60)) == .respond(.post, "/e", body: String(repeating: "x", count: 60)))
        #expect(budget.inUse == 60)  // held while the responder works
        _ = first.respond()
        #expect(budget.inUse == 0)
    }

    @Test("Chunked bodies reserve chunk by chunk; a connection that closes gives its bytes back")
    func bodyBudgetChunked() {
        let budget = BodyBudget(capacity: 100)
        var driver = Driver { $0.bodyBudget = budget }
        #expect(driver.receive("POST /e HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n28\r\n") == .wait)
        #expect(budget.inUse == 40)
        driver.machine.closed()
        #expect(budget.inUse == 0)
        var greedy = Driver { $0.bodyBudget = budget }
        _ = greedy.receive("POST /e HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n")
        #expect(greedy.receive(String(repeating: "x", count: 80) + "\r\n20\r\n") == .send(503, close: true))
        #expect(budget.inUse == 0)
    }
}
