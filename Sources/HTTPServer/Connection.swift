import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One accepted socket: a read source, an incremental parser, at most one response in flight and a
/// single deadline whose meaning depends on the phase. Confined to `owner.queue`.
///
/// An idle connection owns no buffer: reads go into the queue's shared scratch buffer, and bytes are
/// copied into `pendingInput` only when pipelined requests arrive while a response is blocked.
final class Connection: @unchecked Sendable {
    enum Phase {
        /// Between requests (or before the first): deadline = idle (or header) timeout, silent close.
        case idle
        /// Some of a request's head has arrived: deadline = header timeout → 408.
        case readingHead
        /// The head is complete: deadline = body timeout → 408.
        case readingBody
        /// A response is being sent: deadline = write timeout → close.
        case writing
        /// Answered with `Connection: close`; our side is shut, the rest of the input is discarded
        /// so the kernel does not reset the connection before the client reads the response.
        case lingering
        case closed
    }

    /// How long a lingering close waits for the client to finish sending.
    private static let lingerLimit = Duration.seconds(2)

    let fd: Int32
    private let owner: ConnectionQueue
    private var tls: TLSSession?
    private var parser: HTTPRequestParser
    private var readSource: DispatchSourceRead?
    private var writeSource: DispatchSourceWrite?
    private var readSuspended = false
    private var writeSuspended = false
    private var liveSources = 0
    private var output: [UInt8] = []
    private var outputOffset = 0
    private var closeAfterWrite = false
    private var pendingInput: [UInt8] = []
    /// Set at head time when the server answers itself (401, 417) instead of the handler.
    private var earlyResponse: HTTPResponse?
    private var hasServedRequest = false
    private(set) var phase = Phase.idle
    private(set) var deadline: UInt64

    private var configuration: HTTPServerConfiguration { owner.context.configuration }

    init(fd: Int32, owner: ConnectionQueue, tls: TLSSession?) {
        self.fd = fd
        self.owner = owner
        self.tls = tls
        parser = HTTPRequestParser(limits: owner.context.parserLimits)
        // A new connection must start its request as promptly as a slow one must finish its head.
        deadline = MonotonicClock.now.adding(owner.context.configuration.headerTimeout)
    }

    /// Closes an accepted descriptor and releases its slot. The single place a connection's
    /// descriptor is closed, called from the last source's cancel handler (or before any exists).
    static func release(fd: Int32, context: ServerContext) {
        Glibc.close(fd)
        context.openConnections.subtract(1, ordering: .relaxed)
        context.lifecycle.leave()
    }

    func start() {
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: owner.queue)
        source.setEventHandler { [self] in readable() }
        source.setCancelHandler { [self] in sourceCancelled() }
        liveSources += 1
        readSource = source
        source.activate()
    }

    // MARK: Events

    private func readable() {
        guard phase != .closed else { return }
        if !output.isEmpty {
            // TLS asked to read before it can write.
            if flush() { processPendingInput() }
            return
        }
        let buffer = owner.scratch
        let result = tls?.read(into: UnsafeMutableRawBufferPointer(buffer))
            ?? PlainTransport.read(fd, into: UnsafeMutableRawBufferPointer(buffer))
        switch result {
        case let .transferred(count):
            guard phase != .lingering else { return }
            process(UnsafeBufferPointer(rebasing: buffer[0..<count]))
        case let .wouldBlock(waitForWritable):
            if waitForWritable { armWriteSource() }
        case .closed, .failed:
            close()
        }
    }

    private func writable() {
        guard phase != .closed else { return }
        if output.isEmpty {
            // TLS asked to write before it can read.
            disarmWriteSource()
            readable()
        } else if flush() {
            processPendingInput()
        }
    }

    /// The sweep found this connection past its deadline.
    func deadlinePassed() {
        switch phase {
        case .readingHead, .readingBody:
            if output.isEmpty {
                sendProblem(status: 408, detail: "The request was not received within the server's time limit.")
            } else {
                close()  // an interim 100 Continue is stuck as well
            }
        case .idle, .writing, .lingering, .closed:
            close()
        }
    }

    /// Graceful shutdown: an idle connection that has been served closes now; any other finishes
    /// its current request, answered with `Connection: close`.
    func drain() {
        if phase == .idle, hasServedRequest { close() }
    }

    // MARK: Parsing

    private func process(_ input: UnsafeBufferPointer<UInt8>) {
        var rest = input
        while !rest.isEmpty || parser.isMidRequest {
            if phase == .idle {
                phase = .readingHead
                deadline = MonotonicClock.now.adding(configuration.headerTimeout)
            }
            let (consumed, event) = parser.parse(rest)
            rest = UnsafeBufferPointer(rebasing: rest[consumed...])
            switch event {
            case .needMoreData:
                return
            case let .head(head):
                acceptHead(head)
            case let .request(request):
                respond(to: request)
            case let .failure(error):
                sendProblem(status: error.status, detail: error.detail)
            }
            if phase == .closed || phase == .lingering { return }
            if !output.isEmpty {
                // The socket is full: keep the rest until the response has gone (bounded by one read).
                pendingInput = Array(rest)
                return
            }
        }
    }

    private func processPendingInput() {
        guard !pendingInput.isEmpty else { return }
        let input = pendingInput
        pendingInput = []
        input.withUnsafeBufferPointer { process($0) }
    }

    /// Acts on a complete head before its body: authorization, `Expect`, and the body deadline.
    private func acceptHead(_ head: HTTPRequestHead) {
        phase = .readingBody
        deadline = MonotonicClock.now.adding(configuration.bodyTimeout)
        earlyResponse = nil
        var wantsContinue = false
        if let authenticator = owner.context.authenticator,
           authenticator.protects(path: HTTPRequest.split(target: head.target).path),
           !authenticator.authorizes(head.headers) {
            earlyResponse = .problem(
                status: 401, detail: "A valid bearer token is required.", headers: ["WWW-Authenticate": "Bearer"]
            )
        }
        let expectations = head.headers.values("expect")
        if !expectations.isEmpty {
            if expectations.count == 1, trimmingOptionalWhitespace(Substring(expectations[0])).lowercased() == "100-continue" {
                wantsContinue = head.version.minor >= 1 && head.framing.expectsBody
            } else {
                earlyResponse = .problem(status: 417, detail: "Only `Expect: 100-continue` is supported.")
            }
        }
        if let earlyResponse, head.framing.expectsBody {
            // Answer at once without reading the body, then close (the body may still be coming).
            send(earlyResponse, method: head.method, headOnly: head.method == "HEAD", acceptEncoding: [],
                 keepAlive: false, http10: false, started: MonotonicClock.now)
        } else if wantsContinue {
            output = ResponseSerializer.continueResponse
            outputOffset = 0
            closeAfterWrite = false
            _ = flush()
        }
    }

    // MARK: Responding

    private func respond(to request: HTTPRequest) {
        let started = MonotonicClock.now
        var request = request
        let clientMethod = request.method
        if request.method == "HEAD" {
            request.method = "GET"
            request.isHead = true
        }
        let response = earlyResponse ?? owner.context.handler(request)
        earlyResponse = nil
        // The handler cannot be preempted; one that overran still has its answer sent, then the
        // connection closes.
        let overran = MonotonicClock.now &- started > configuration.handlerTimeout.nanoseconds
        send(response, method: clientMethod, headOnly: request.isHead,
             acceptEncoding: request.headers.values("accept-encoding"),
             keepAlive: Self.wantsKeepAlive(request) && !overran && !owner.context.shuttingDown.load(ordering: .relaxed),
             http10: request.version.minor == 0, started: started)
    }

    /// HTTP/1.1 stays open unless `close` is among the Connection tokens; HTTP/1.0 only when it
    /// asked for `keep-alive`.
    static func wantsKeepAlive(_ request: HTTPRequest) -> Bool {
        let tokens = request.headers.values("connection").flatMap(listElements).map { $0.lowercased() }
        if tokens.contains("close") { return false }
        return request.version.minor >= 1 || tokens.contains("keep-alive")
    }

    /// A server-generated problem; the connection closes after it.
    private func sendProblem(status: Int, detail: String) {
        send(.problem(status: status, detail: detail), method: "-", headOnly: false, acceptEncoding: [],
             keepAlive: false, http10: false, started: MonotonicClock.now)
    }

    private func send(
        _ response: HTTPResponse, method: String, headOnly: Bool, acceptEncoding: [String], keepAlive: Bool,
        http10: Bool, started: UInt64
    ) {
        var headers = response.headers
        var body = response.body
        var gzipped = false
        let contentType = headers["content-type"]
        if configuration.compressionLevel > 0, body.count >= configuration.gzipMinimumBytes,
           !headers.contains("content-encoding"), ContentNegotiation.isCompressible(contentType: contentType) {
            if !headers.values("vary").contains(where: { $0.lowercased().contains("accept-encoding") }) {
                headers.add(name: "Vary", value: "Accept-Encoding")
            }
            if ContentNegotiation.acceptsGzip(acceptEncoding), let compressed = owner.gzip.compress(body),
               compressed.count < body.count {
                body = compressed
                gzipped = true
            }
        }
        let framing = ResponseSerializer.Framing(
            contentLength: body.count, includeBody: !headOnly, close: !keepAlive,
            announceKeepAlive: keepAlive && http10, gzipped: gzipped
        )
        let bytes = ResponseSerializer.serialize(
            status: response.status, headers: headers, body: body, framing: framing,
            date: owner.dates.current, serverName: configuration.serverName
        )
        owner.context.observer?.requestCompleted(AccessLogEntry(
            method: method, routePattern: response.routePattern ?? "unmatched", status: response.status,
            bytes: headOnly ? 0 : body.count, duration: Duration(nanoseconds: MonotonicClock.now &- started)
        ))
        output = bytes
        outputOffset = 0
        closeAfterWrite = !keepAlive
        phase = .writing
        deadline = MonotonicClock.now.adding(configuration.writeTimeout)
        _ = flush()
    }

    // MARK: Writing

    /// Writes as much pending output as the socket takes. Returns true when all of it went and the
    /// connection may carry on reading.
    private func flush() -> Bool {
        while outputOffset < output.count {
            let result = output.withUnsafeBytes { bytes in
                let rest = UnsafeRawBufferPointer(rebasing: bytes[outputOffset...])
                return tls?.write(rest) ?? PlainTransport.write(fd, rest)
            }
            switch result {
            case let .transferred(count):
                outputOffset += count
            case let .wouldBlock(waitForWritable):
                if waitForWritable {
                    suspendReading()
                    armWriteSource()
                } else {
                    resumeReading()
                }
                return false
            case .closed, .failed:
                close()
                return false
            }
        }
        output = []
        outputOffset = 0
        disarmWriteSource()
        resumeReading()
        return outputDrained()
    }

    private func outputDrained() -> Bool {
        guard phase == .writing else { return true }  // an interim 100 Continue went out
        hasServedRequest = true
        if closeAfterWrite {
            linger()
            return false
        }
        phase = .idle
        deadline = MonotonicClock.now.adding(configuration.idleTimeout)
        return true
    }

    /// Shuts our side and discards input until the client closes or the linger limit passes.
    private func linger() {
        phase = .lingering
        deadline = MonotonicClock.now.adding(min(configuration.writeTimeout, Self.lingerLimit))
        parser = HTTPRequestParser(limits: owner.context.parserLimits)
        pendingInput = []
        tls?.shutdown()
        Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    // MARK: Sources

    private func armWriteSource() {
        if let writeSource {
            if writeSuspended {
                writeSource.resume()
                writeSuspended = false
            }
            return
        }
        let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: owner.queue)
        source.setEventHandler { [self] in writable() }
        source.setCancelHandler { [self] in sourceCancelled() }
        liveSources += 1
        writeSource = source
        source.activate()
    }

    private func disarmWriteSource() {
        if let writeSource, !writeSuspended {
            writeSource.suspend()
            writeSuspended = true
        }
    }

    private func suspendReading() {
        if let readSource, !readSuspended {
            readSource.suspend()
            readSuspended = true
        }
    }

    private func resumeReading() {
        if let readSource, readSuspended {
            readSource.resume()
            readSuspended = false
        }
    }

    /// Stops everything now. Sources are resumed before they are cancelled (a suspended source must
    /// never be released); the descriptor closes in the last cancel handler.
    func close() {
        guard phase != .closed else { return }
        phase = .closed
        output = []
        pendingInput = []
        earlyResponse = nil
        owner.remove(self)
        owner.context.observer?.connectionClosed()
        resumeReading()
        readSource?.cancel()
        if let writeSource {
            if writeSuspended {
                writeSource.resume()
                writeSuspended = false
            }
            writeSource.cancel()
        }
    }

    private func sourceCancelled() {
        liveSources -= 1
        guard liveSources == 0 else { return }
        readSource = nil
        writeSource = nil
        tls = nil
        Self.release(fd: fd, context: owner.context)
    }
}
