// libFuzzer target for the HTTP/1.1 request parser, compiled together with the parser's source
// files (they depend on nothing but the standard library); see Fuzz/run-fuzzer.sh.
//
// Beyond "no crash, no hang, no unbounded allocation" (ASan and libFuzzer's limits catch those),
// it checks the parser's contract on every input:
//  - feeding the bytes in arbitrary pieces gives exactly the result of feeding them whole;
//  - every request respects the configured limits;
//  - content negotiation and bearer checks accept any header value.

/// Small limits so the fuzzer reaches every limit quickly.
let limits = HTTPParserLimits(
    maxRequestLineBytes: 128, maxHeaderBytes: 512, maxHeaderCount: 12, maxBodyBytes: 256, maxChunkExtensionBytes: 32
)
let authenticator = BearerAuthenticator(token: "token", protectedPrefix: "/v1/")

enum Outcome: Equatable {
    case request(method: String, target: String, headers: [HTTPField], body: [UInt8])
    case failure(HTTPParseError)
}

/// Parses `bytes` fed in pieces whose sizes cycle through `pieceSizes`; stops at the first failure.
func parse(_ bytes: UnsafeBufferPointer<UInt8>, pieceSizes: [Int]) -> [Outcome] {
    var parser = HTTPRequestParser(limits: limits)
    var outcomes: [Outcome] = []
    var start = 0
    var piece = 0
    while start < bytes.count {
        let size = pieceSizes.isEmpty ? bytes.count : pieceSizes[piece % pieceSizes.count]
        piece += 1
        let end = min(bytes.count, start + size)
        var rest = UnsafeBufferPointer(rebasing: bytes[start..<end])
        start = end
        while true {
            let (consumed, event) = parser.parse(rest)
            rest = UnsafeBufferPointer(rebasing: rest[consumed...])
            switch event {
            case .needMoreData:
                break
            case let .head(head):
                _ = ContentNegotiation.acceptsGzip(head.headers.values("accept-encoding"))
                _ = ContentNegotiation.isCompressible(contentType: head.headers["content-type"])
                _ = authenticator.authorizes(head.headers)
                continue
            case let .request(request):
                check(request)
                outcomes.append(.request(method: request.method, target: request.target, headers: request.headers.fields, body: request.body))
                continue
            case let .failure(error):
                outcomes.append(.failure(error))
                return outcomes
            }
            break
        }
    }
    return outcomes
}

func check(_ request: HTTPRequest) {
    if request.body.count > limits.maxBodyBytes { fatalError("body over its limit: \(request.body.count)") }
    if request.headers.count > limits.maxHeaderCount { fatalError("too many headers: \(request.headers.count)") }
    if request.method.utf8.count + request.target.utf8.count > limits.maxRequestLineBytes {
        fatalError("request line over its limit")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
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
    return 0
}
