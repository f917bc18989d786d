import HTTPCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One accepted socket, owned by one worker and confined to its thread. It carries out what its
/// `ConnectionStateMachine` decides: reads while the machine wants input, hands requests to the
/// responder (here or on the work pool), compresses, serializes and writes responses, and closes.
/// Every decision (phases, deadlines, keep-alive, `Expect`, limits, policies) is the machine's.
final class Connection {
    let slot: Worker.ConnectionSlot
    private unowned let worker: Worker
    private var tls: TLSSession?
    private var machine: ConnectionStateMachine
    /// The socket may have input: set by a readiness event, cleared when a read finds none (the
    /// poller is edge-triggered, so nothing reports it again until new bytes arrive).
    private var readable = false
    /// The peer's FIN (or a reset) has been reported: keep reading until the end shows.
    private var peerFinished = false
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// Where the connection sits in its worker's list.
    var position = 0
    private(set) var isClosed = false

    private var context: ServerContext { worker.context }
    var deadline: MonotonicInstant { machine.deadline }

    init(slot: Worker.ConnectionSlot, worker: Worker, tls: TLSSession?, now: MonotonicInstant) {
        self.slot = slot
        self.worker = worker
        self.tls = tls
        machine = ConnectionStateMachine(configuration: worker.context.connectionConfiguration, now: now)
    }

    // MARK: - Events

    /// The poller reported readiness (writability needs no flag: a blocked write is retried on any
    /// event, and TLS may need either direction for either).
    func handle(_ event: EventPoller.Event) {
        if event.readable { readable = true }
        if event.peerFinished { peerFinished = true }
        pump()
    }

    /// Finishes a pending write, then reads and acts until the machine wants no more input, the
    /// socket has none, or this turn's reads are spent.
    func pump() {
        if !output.isEmpty {
            guard flush() else { return }
            perform(machine.sent(now: .now))
        }
        var reads = 0
        while !isClosed, readable, machine.wantsInput {
            guard reads < Worker.readsPerTurn else {
                worker.markReady(self)
                return
            }
            reads += 1
            let buffer = worker.scratch
            switch read(into: UnsafeMutableRawBufferPointer(buffer)) {
            case .transferred(let count):
                // A plain socket that filled less than the buffer has been emptied: bytes arriving
                // later raise a new edge, so the read that would only find EAGAIN is saved. (TLS
                // may hold decrypted bytes back, and a FIN must still be read, so not for those.)
                if count < buffer.count, tls == nil, !peerFinished { readable = false }
                perform(machine.bytesReceived(UnsafeBufferPointer(rebasing: buffer[..<count]), now: .now))
            case .wouldBlock(let waitForWritable):
                // TLS may need to write before it can read: the next writability event retries.
                if !waitForWritable { readable = false }
                return
            case .closed:
                readable = false
                perform(machine.inputEnded(now: .now))
            case .failed:
                abort()
            }
        }
    }

    /// The work pool's answer to the request this connection handed over.
    func responderAnswered(_ response: HTTPResponse) {
        perform(responded(response))
        if !isClosed { pump() }
    }

    func deadlineReached(now: MonotonicInstant) {
        perform(machine.deadlineReached(now: now))
        if !isClosed { pump() }
    }

    func drain(now: MonotonicInstant) {
        perform(machine.drain(now: now))
    }

    // MARK: - Actions

    private func perform(_ first: ConnectionStateMachine.Action) {
        var action = first
        while !isClosed {
            switch action {
            case .waitForInput:
                return
            case .invokeResponder(let request):
                guard let next = invokeResponder(request) else { return }
                action = next
            case .send(let outgoing):
                output = serialize(outgoing)
                outputOffset = 0
                guard flush() else { return }
                action = machine.sent(now: .now)
            case .sendContinue:
                output = ResponseSerializer.continueResponse
                outputOffset = 0
                guard flush() else { return }
                action = machine.sent(now: .now)
            case .shutDownOutput:
                tls?.shutdown()
                _ = Glibc.shutdown(slot.fd, Int32(SHUT_WR))
                return
            case .close:
                close()
                return
            }
        }
    }

    /// Answers here, or sends the request to the work pool and returns nil (the answer comes back
    /// through the worker's mailbox).
    private func invokeResponder(_ request: HTTPRequest) -> ConnectionStateMachine.Action? {
        let responder = context.responder
        switch responder.placement(of: request) {
        case .eventLoop:
            return responded(responder.respond(to: request))
        case .workPool:
            let (worker, slot) = (worker, slot)
            context.workPool.async {
                worker.post(.respond(responder.respond(to: request), slot))
            }
            return nil
        }
    }

    private func responded(_ response: HTTPResponse) -> ConnectionStateMachine.Action {
        let now = MonotonicInstant.now
        // A shutdown that began while the responder ran reaches this worker only afterwards.
        if context.draining.load(ordering: .relaxed) { _ = machine.drain(now: now) }
        return machine.responded(response, now: now)
    }

    /// Compresses when the machine said to and it pays, serializes into one buffer, and logs.
    private func serialize(_ outgoing: OutgoingResponse) -> [UInt8] {
        let response = outgoing.response
        var body = response.body
        var gzipped = false
        if outgoing.compress, let compressed = worker.gzip.compress(body), compressed.count < body.count {
            body = compressed
            gzipped = true
        }
        var bytes = worker.borrowOutputBuffer()
        ResponseSerializer.serialize(
            status: response.status, headers: response.headers, body: body,
            framing: outgoing.framing(bodyBytes: body.count, gzipped: gzipped), date: worker.dates.current,
            serverName: context.configuration.serverName, into: &bytes)
        worker.requestsAnswered.wrappingAdd(1, ordering: .relaxed)
        context.observer?.requestCompleted(AccessLogEntry(
            method: outgoing.method?.rawValue ?? "-", routePattern: response.routePattern ?? "unmatched",
            status: response.status, bytes: outgoing.headOnly ? 0 : body.count,
            duration: MonotonicInstant.now.duration(since: outgoing.started)))
        return bytes
    }

    // MARK: - I/O

    private func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportResult {
        guard let tls else { return PlainTransport.read(slot.fd, into: buffer) }
        if !tls.handshakeBegun, let first = PlainTransport.peekFirstByte(slot.fd) {
            // A TLS client begins with a handshake record; an HTTP client with a method's letters.
            if first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") {
                // Plain HTTP on the TLS port: say so in plain text rather than reset the connection.
                Listener.reject(
                    slot.fd, .plainHTTPOnTLSPort, tls: false, serverName: context.configuration.serverName,
                    date: worker.dates.current)
                return .failed
            }
            tls.handshakeBegun = true
        }
        return tls.read(into: buffer)
    }

    /// Writes as much pending output as the socket takes. True when all of it has gone.
    private func flush() -> Bool {
        while outputOffset < output.count {
            let result = output.withUnsafeBytes { bytes in
                let rest = UnsafeRawBufferPointer(rebasing: bytes[outputOffset...])
                return tls?.write(rest) ?? PlainTransport.write(slot.fd, rest)
            }
            switch result {
            case .transferred(let count):
                outputOffset += count
            case .wouldBlock:
                return false  // the next readiness event (writable, or readable for TLS) retries
            case .closed, .failed:
                abort()
                return false
            }
        }
        worker.recycleOutputBuffer(&output)
        outputOffset = 0
        return true
    }

    /// Closes now, for a reason of the connection's own (an I/O failure, the drain deadline).
    func abort() {
        machine.closed()
        close()
    }

    /// The one place a connection's descriptor is closed; closing also takes it out of the poller.
    private func close() {
        guard !isClosed else { return }
        isClosed = true
        worker.remove(self)
        tls = nil
        output = []
        Glibc.close(slot.fd)
        context.openConnections.subtract(1, ordering: .relaxed)
        context.observer?.connectionClosed()
    }
}
