// libFuzzer target for HTTPCore: the request parser and the connection state machine, compiled
// together with every HTTPCore file (they depend on nothing but the standard library); see
// Fuzz/run-fuzzer.sh.
//
// Beyond "no crash, no hang, no unbounded allocation" (ASan and libFuzzer's limits catch those),
// it checks on every input:
//  - feeding the bytes in arbitrary pieces gives exactly the result of feeding them whole, for the
//    parser and for the state machine's decisions;
//  - every request respects the configured limits;
//  - content negotiation and entity-tag matching accept any header value.

/// Small limits so the fuzzer reaches every limit quickly.
let limits = HTTPParserLimits(
    maxRequestLineBytes: 128, maxHeaderBytes: 512, maxHeaderCount: 12, maxBodyBytes: 256, maxChunkExtensionBytes: 32
)

enum Outcome: Equatable {
    case request(method: HTTPMethod, target: String, headers: [HTTPField], body: [UInt8])
    case failure(HTTPParseError)
}

/// Parses `bytes` fed in pieces whose sizes cycle through `pieceSizes`; stops at the first failure.
func parse(_ bytes: UnsafeBufferPointer<UInt8>, pieceSizes: [Int]) -> [Outcome] {
    var parser = HTTPRequestParser(limits: limits)
    var outcomes: [Outcome] = []
    forEachPiece(of: bytes, pieceSizes: pieceSizes) { piece in
        var rest = piece
        while true {
            let (consumed, event) = parser.parse(rest)
            rest = UnsafeBufferPointer(rebasing: rest[consumed...])
            switch event {
            case .needMoreData:
                return true
            case let .head(head):
                _ = ContentNegotiation.acceptsGzip(head.value(.acceptEncoding))
                _ = ContentNegotiation.preferredOffer([.json, .plainText], accept: head.value(.accept))
                _ = MediaType.json.matches(contentType: head.value(.contentType))
                _ = EntityTag.matches(ifNoneMatch: head.value(.ifNoneMatch), etag: "W/\"a\"")
            case let .request(request):
                check(request)
                outcomes.append(.request(method: request.method, target: request.target, headers: request.headers.fields, body: request.body))
            case let .failure(error):
                outcomes.append(.failure(error))
                return false
            }
        }
    }
    return outcomes
}

/// What the state machine decided, in order, with the responder answering every request 200.
enum Decision: Equatable {
    case respond(target: String)
    case send(status: Int, close: Bool)
    case sendContinue
    case shutDownOutput
    case close
}

func decide(_ bytes: UnsafeBufferPointer<UInt8>, pieceSizes: [Int]) -> [Decision] {
    let configuration = ConnectionStateMachine.Configuration(limits: limits, bodyBudget: BodyBudget(capacity: 1024))
    var machine = ConnectionStateMachine(configuration: configuration, now: MonotonicInstant(nanoseconds: 0))
    var decisions: [Decision] = []
    func carryOut(_ first: ConnectionStateMachine.Action) -> Bool {
        var action = first
        while true {
            switch action {
            case .waitForInput:
                return true
            case .invokeResponder(let request):
                decisions.append(.respond(target: request.target))
                action = machine.responded(HTTPResponse(status: .ok, body: request.body), now: MonotonicInstant(nanoseconds: 1))
            case .send(let outgoing):
                decisions.append(.send(status: outgoing.response.status.code, close: outgoing.closeAfter))
                action = machine.sent(now: MonotonicInstant(nanoseconds: 2))
            case .sendContinue:
                decisions.append(.sendContinue)
                action = machine.sent(now: MonotonicInstant(nanoseconds: 2))
            case .shutDownOutput:
                decisions.append(.shutDownOutput)
                return false
            case .close:
                decisions.append(.close)
                return false
            }
        }
    }
    forEachPiece(of: bytes, pieceSizes: pieceSizes) { piece in
        guard machine.wantsInput else { return false }
        return carryOut(machine.bytesReceived(piece, now: MonotonicInstant(nanoseconds: 0)))
    }
    _ = carryOut(machine.inputEnded(now: MonotonicInstant(nanoseconds: 3)))
    return decisions
}

/// Calls `body` with consecutive pieces of `bytes` until it returns false.
func forEachPiece(of bytes: UnsafeBufferPointer<UInt8>, pieceSizes: [Int], _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
    var start = 0
    var piece = 0
    while start < bytes.count {
        let size = pieceSizes.isEmpty ? bytes.count : pieceSizes[piece % pieceSizes.count]
        piece += 1
        let end = min(bytes.count, start + size)
        let keepGoing = body(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        start = end
        if !keepGoing { return }
    }
}

func check(_ request: HTTPRequest) {
    if request.body.count > limits.maxBodyBytes { fatalError("body over its limit: \(request.body.count)") }
    if request.headers.count > limits.maxHeaderCount { fatalError("too many headers: \(request.headers.count)") }
    if request.method.rawValue.utf8.count + request.target.utf8.count > limits.maxRequestLineBytes {
        fatalError("request line over its limit")
    }
    if request.path.isEmpty || (request.path != "*" && request.path.utf8.first != UInt8(ascii: "/")) {
        fatalError("a path that is neither `*` nor absolute: \(request.path)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPCore(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let first = input.first else { return 0 }
    // The first byte picks how the rest is split: 1..8-byte pieces, cycling.
    let body = UnsafeBufferPointer(rebasing: input[1...])
    let pieceSizes = (0..<4).map { Int((first >> ($0 * 2)) & 0b11) * 2 + 1 }
    let whole = parse(body, pieceSizes: [])
    let split = parse(body, pieceSizes: pieceSizes)
    let byteByByte = parse(body, pieceSizes: [1])
    if whole != split || whole != byteByByte {
        fatalError("splitting changed the result:\nwhole: \(whole)\nsplit \(pieceSizes): \(split)\nbytes: \(byteByByte)")
    }
    let decided = decide(body, pieceSizes: [])
    let decidedSplit = decide(body, pieceSizes: pieceSizes)
    if decided != decidedSplit {
        fatalError("splitting changed the decisions:\nwhole: \(decided)\nsplit \(pieceSizes): \(decidedSplit)")
    }
    return 0
}
