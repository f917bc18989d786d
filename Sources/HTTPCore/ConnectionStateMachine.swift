/// Every decision about one HTTP/1.1 connection, and nothing else: no sockets, no clock, no threads.
///
/// The connection that owns it reports what happened (bytes arrived, the responder answered, a
/// response went out, the input ended, time passed, the server began to drain) and carries out the
/// one action each event returns. The machine decides the phases and their deadlines, keep-alive,
/// pipelining (one request at a time, the rest of a read kept until its turn), `Expect`, the body
/// budget, the policies (authorization, CORS), HEAD, compression and every answer the server gives
/// itself. It can therefore be driven event by event in tests, with instants chosen by the test.
///
/// Phases: idle → reading the head → reading the body → responding → writing → idle again, or
/// lingering (our side shut, the rest of the input discarded so the client reads the response
/// before the connection resets) → closed.
public struct ConnectionStateMachine {
    public struct Configuration: Sendable {
        public var limits: HTTPParserLimits
        /// From a request's first byte (or the connection's opening) to the end of its head → 408.
        public var headerTimeout: Duration
        /// From the end of the head to the end of the body → 408.
        public var bodyTimeout: Duration
        /// How long a kept-alive connection waits for its next request → silent close.
        public var idleTimeout: Duration
        /// How long a response may wait for the client to read it → close.
        public var writeTimeout: Duration
        /// A responder that took longer still has its answer sent, but with `Connection: close`.
        public var handlerTimeout: Duration
        /// How long a lingering close waits for the client to stop sending (at most `writeTimeout`).
        public var lingerTimeout: Duration
        /// Consulted in order on every request head.
        public var policies: [any HTTPPolicy]
        /// Bodies at least this large, of a compressible type, are gzipped for clients that accept
        /// it; nil turns compression off.
        public var compressionMinimumBytes: Int?
        /// Shared by every connection of a server; nil: no budget beyond each body's limit.
        public var bodyBudget: BodyBudget?

        public init(
            limits: HTTPParserLimits = HTTPParserLimits(), headerTimeout: Duration = .seconds(10),
            bodyTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60),
            writeTimeout: Duration = .seconds(30), handlerTimeout: Duration = .seconds(10),
            lingerTimeout: Duration = .seconds(2), policies: [any HTTPPolicy] = [],
            compressionMinimumBytes: Int? = 1024, bodyBudget: BodyBudget? = nil
        ) {
            self.limits = limits
            self.headerTimeout = headerTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.handlerTimeout = handlerTimeout
            self.lingerTimeout = lingerTimeout
            self.policies = policies
            self.compressionMinimumBytes = compressionMinimumBytes
            self.bodyBudget = bodyBudget
        }
    }

    /// What the connection must do next.
    public enum Action {
        /// Nothing until more input (read when `wantsInput`), a write completes or time passes.
        case waitForInput
        /// Hand the request to the responder and report its answer with `responded(_:now:)`.
        case invokeResponder(HTTPRequest)
        /// Serialize and write the response; report with `sent(now:)` once every byte has gone.
        case send(OutgoingResponse)
        /// Write `100 Continue`; report with `sent(now:)`.
        case sendContinue
        /// Shut down the sending side and keep reading (and discarding) until the input ends or the
        /// deadline passes: a lingering close.
        case shutDownOutput
        /// Close now.
        case close
    }

    private enum Phase: Equatable {
        case idle
        case readingHead
        /// `continuePending`: a `100 Continue` is being written.
        case readingBody(continuePending: Bool)
        case responding
        case writing(closeAfter: Bool)
        case lingering
        case closed
    }

    /// The request under way, from its head to its response.
    private struct Exchange {
        var head: HTTPRequestHead
        /// A policy's (or the server's) answer, sent instead of the responder's.
        var earlyAnswer: HTTPResponse?
        var started: MonotonicInstant
    }

    public let configuration: Configuration
    private var phase = Phase.idle
    private var parser: HTTPRequestParser
    private var exchange: Exchange?
    /// Input read but not yet parsed, because a response was under way when it arrived (pipelining).
    /// At most one read's worth: the connection does not read while `wantsInput` is false.
    private var pending: [UInt8] = []
    private var reservedBodyBytes = 0
    private var draining = false
    private var inputEnded = false
    /// When the current phase runs out; `distantFuture` while the responder works.
    public private(set) var deadline: MonotonicInstant

    /// A connection accepted at `now`: it must begin its first request as promptly as a slow one
    /// must finish its head.
    public init(configuration: Configuration, now: MonotonicInstant) {
        self.configuration = configuration
        parser = HTTPRequestParser(limits: configuration.limits)
        deadline = now.advanced(by: configuration.headerTimeout)
    }

    /// Whether the connection should read now. False while a request is with the responder or its
    /// response is being written: one request at a time, and read-ahead bounded by one read.
    public var wantsInput: Bool {
        guard pending.isEmpty, !inputEnded else { return false }
        switch phase {
        case .idle, .readingHead, .readingBody(continuePending: false), .lingering: return true
        case .readingBody(continuePending: true), .responding, .writing, .closed: return false
        }
    }

    /// True between requests: nothing received of a next one, nothing being answered.
    public var isIdle: Bool { phase == .idle }

    // MARK: - Events

    /// Bytes arrived from the client.
    public mutating func bytesReceived(_ input: UnsafeBufferPointer<UInt8>, now: MonotonicInstant) -> Action {
        switch phase {
        case .lingering:
            return .waitForInput
        case .closed:
            return .close
        case .responding, .writing, .readingBody(continuePending: true):
            pending.append(contentsOf: input)
            return .waitForInput
        case .idle, .readingHead, .readingBody(continuePending: false):
            return advance(input, now: now)
        }
    }

    /// The client finished sending (EOF). A request under way is answered; an unfinished one is
    /// abandoned, since the rest of it can no longer come.
    public mutating func inputEnded(now: MonotonicInstant) -> Action {
        inputEnded = true
        switch phase {
        case .responding, .writing, .readingBody(continuePending: true):
            return .waitForInput
        case .idle, .readingHead, .readingBody(continuePending: false), .lingering, .closed:
            return close()
        }
    }

    /// The responder answered the request `invokeResponder` handed over.
    public mutating func responded(_ response: HTTPResponse, now: MonotonicInstant) -> Action {
        guard phase == .responding, let exchange else { return .waitForInput }
        // The responder cannot be preempted; one that overran still has its answer sent, and the
        // connection closes after it so that a slow route never holds it open afterwards.
        let overran = now.duration(since: exchange.started) > configuration.handlerTimeout
        let keepAlive = Self.wantsKeepAlive(exchange.head) && !overran && !draining
        return send(response, keepAlive: keepAlive, now: now)
    }

    /// Every byte of the last `send` or `sendContinue` has gone.
    public mutating func sent(now: MonotonicInstant) -> Action {
        switch phase {
        case .readingBody(continuePending: true):
            phase = .readingBody(continuePending: false)
            return advancePending(now: now)
        case .writing(let closeAfter):
            exchange = nil
            if closeAfter {
                phase = .lingering
                deadline = now.advanced(by: min(configuration.writeTimeout, configuration.lingerTimeout))
                pending = []
                parser = HTTPRequestParser(limits: configuration.limits)
                return inputEnded ? close() : .shutDownOutput
            }
            phase = .idle
            deadline = now.advanced(by: configuration.idleTimeout)
            if draining { return close() }
            return advancePending(now: now)
        case .idle, .readingHead, .readingBody(continuePending: false), .responding, .lingering, .closed:
            return .waitForInput
        }
    }

    /// Time passed; acts only once `deadline` has.
    public mutating func deadlineReached(now: MonotonicInstant) -> Action {
        guard now >= deadline else { return .waitForInput }
        switch phase {
        case .idle, .writing, .lingering, .closed:
            return close()
        case .readingHead, .readingBody(continuePending: false):
            return reject(.requestTimeout, now: now)
        case .readingBody(continuePending: true):
            return close()  // not even the interim response could be written
        case .responding:
            return .waitForInput
        }
    }

    /// The server began a graceful shutdown: a connection with no request under way closes now;
    /// any other finishes its request, answered with `Connection: close`.
    public mutating func drain(now: MonotonicInstant) -> Action {
        draining = true
        return phase == .idle ? close() : .waitForInput
    }

    /// The connection closed for a reason of its own (an I/O failure, the end of a grace period):
    /// whatever the request held is given back.
    public mutating func closed() {
        _ = close()
    }

    // MARK: - Parsing

    private mutating func advancePending(now: MonotonicInstant) -> Action {
        guard !pending.isEmpty else { return inputEnded ? close() : .waitForInput }
        let input = pending
        pending = []
        return input.withUnsafeBufferPointer { advance($0, now: now) }
    }

    /// Parses until the input is used up or a request needs acting on; keeps the rest for later.
    private mutating func advance(_ input: UnsafeBufferPointer<UInt8>, now: MonotonicInstant) -> Action {
        var rest = input
        while !rest.isEmpty || parser.isMidRequest {
            if phase == .idle {
                phase = .readingHead
                deadline = now.advanced(by: configuration.headerTimeout)
            }
            let (consumed, event) = parser.parse(rest)
            rest = UnsafeBufferPointer(rebasing: rest[consumed...])
            switch event {
            case .needMoreData:
                if !reserveAnnouncedBody() { return reject(.bodyBudgetExhausted, now: now) }
                return inputEnded ? close() : .waitForInput
            case .head(let head):
                if let action = acceptHead(head, now: now) {
                    keep(rest)
                    return action
                }
            case .request(let request):
                if !reserveAnnouncedBody() { return reject(.bodyBudgetExhausted, now: now) }
                keep(rest)
                return requestComplete(request, now: now)
            case .failure(let error):
                return reject(.malformed(error), now: now)
            }
        }
        return inputEnded ? close() : .waitForInput
    }

    private mutating func keep(_ rest: UnsafeBufferPointer<UInt8>) {
        pending = Array(rest)
    }

    /// Acts on a complete head before its body: the body budget, the policies, `Expect`. Returns nil
    /// when the body (if any) should simply be read.
    private mutating func acceptHead(_ head: HTTPRequestHead, now: MonotonicInstant) -> Action? {
        phase = .readingBody(continuePending: false)
        deadline = now.advanced(by: configuration.bodyTimeout)
        exchange = Exchange(head: head, earlyAnswer: nil, started: now)
        if case .length(let length) = head.framing, !reserveBody(length) {
            return reject(.bodyBudgetExhausted, now: now)
        }
        var earlyAnswer = configuration.policies.lazy.compactMap { $0.answer(head) }.first
        var wantsContinue = false
        let expectations = head.values(.expect)
        if !expectations.isEmpty {
            if expectations.count == 1,
                asciiCaseInsensitiveEquals(trimmingOptionalWhitespace(Substring(expectations[0])), "100-continue") {
                wantsContinue = head.version.minor >= 1 && head.framing.expectsBody
            } else if earlyAnswer == nil {
                earlyAnswer = ServerRejection.expectationFailed.response
            }
        }
        if let earlyAnswer, head.framing.expectsBody {
            // Answered at once, without reading a body that may still be coming; then closed.
            return send(earlyAnswer, keepAlive: false, now: now)
        }
        exchange?.earlyAnswer = earlyAnswer
        if wantsContinue {
            phase = .readingBody(continuePending: true)
            return .sendContinue
        }
        return nil
    }

    private mutating func requestComplete(_ request: HTTPRequest, now: MonotonicInstant) -> Action {
        exchange?.started = now
        if let earlyAnswer = exchange?.earlyAnswer, let head = exchange?.head {
            return send(earlyAnswer, keepAlive: Self.wantsKeepAlive(head) && !draining, now: now)
        }
        phase = .responding
        deadline = .distantFuture
        return .invokeResponder(request)
    }

    // MARK: - Responding

    /// A server-made answer; the connection closes after it.
    private mutating func reject(_ rejection: ServerRejection, now: MonotonicInstant) -> Action {
        send(rejection.response, keepAlive: false, now: now)
    }

    private mutating func send(_ response: HTTPResponse, keepAlive: Bool, now: MonotonicInstant) -> Action {
        releaseBody()
        var response = response
        let head = exchange?.head
        if let head {
            for policy in configuration.policies { policy.amend(&response, for: head) }
        }
        var compress = false
        if let minimum = configuration.compressionMinimumBytes, response.body.count >= minimum,
            !response.headers.contains("content-encoding"),
            MediaType.isCompressible(contentType: response.headers["content-type"]) {
            // The representation depends on Accept-Encoding whether or not this client takes gzip.
            if !response.headers.values("vary").contains(where: { asciiCaseInsensitiveContains($0, "accept-encoding") }) {
                response.headers.add(name: "Vary", value: "Accept-Encoding")
            }
            compress = ContentNegotiation.acceptsGzip(head?.value(.acceptEncoding))
        }
        phase = .writing(closeAfter: !keepAlive)
        deadline = now.advanced(by: configuration.writeTimeout)
        return .send(OutgoingResponse(
            response: response, headOnly: head?.method == .head, closeAfter: !keepAlive,
            announceKeepAlive: keepAlive && head?.version == .http1_0, compress: compress,
            method: head?.method, started: exchange?.started ?? now))
    }

    /// HTTP/1.1 stays open unless `close` is among the Connection tokens; HTTP/1.0 only when it
    /// asked for `keep-alive`.
    static func wantsKeepAlive(_ head: HTTPRequestHead) -> Bool {
        var keepAlive = false
        for value in head.values(.connection) {
            for token in listElements(value) {
                if asciiCaseInsensitiveEquals(token, "close") { return false }
                keepAlive = keepAlive || asciiCaseInsensitiveEquals(token, "keep-alive")
            }
        }
        return head.version.minor >= 1 || keepAlive
    }

    private mutating func close() -> Action {
        releaseBody()
        phase = .closed
        pending = []
        exchange = nil
        return .close
    }

    // MARK: - Body budget

    /// Reserves what the client has announced beyond what is already held (chunked bodies announce
    /// a chunk at a time).
    private mutating func reserveAnnouncedBody() -> Bool {
        reserveBody(parser.announcedBodyBytes - reservedBodyBytes)
    }

    private mutating func reserveBody(_ bytes: Int) -> Bool {
        guard bytes > 0, let budget = configuration.bodyBudget else { return true }
        guard budget.reserve(bytes) else { return false }
        reservedBodyBytes += bytes
        return true
    }

    private mutating func releaseBody() {
        configuration.bodyBudget?.release(reservedBodyBytes)
        reservedBodyBytes = 0
    }
}

/// A response with everything the connection needs to frame and log it.
public struct OutgoingResponse: Sendable {
    public var response: HTTPResponse
    /// HEAD: the headers only, announcing the length GET would send.
    public var headOnly: Bool
    /// Sent with `Connection: close`; a lingering close follows.
    public var closeAfter: Bool
    /// An HTTP/1.0 client that asked for keep-alive is told it has it.
    public var announceKeepAlive: Bool
    /// Gzip the body if that makes it smaller.
    public var compress: Bool
    /// The request's method; nil for an answer to bytes that never became a request line.
    public var method: HTTPMethod?
    /// When the request was complete: the access log's duration runs from here.
    public var started: MonotonicInstant

    /// The serializer's framing for the body as it will be sent.
    public func framing(bodyBytes: Int, gzipped: Bool) -> ResponseSerializer.Framing {
        ResponseSerializer.Framing(
            contentLength: bodyBytes, includeBody: !headOnly, close: closeAfter, announceKeepAlive: announceKeepAlive,
            gzipped: gzipped)
    }
}
