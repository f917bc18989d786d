/// An incremental, byte-level HTTP/1.1 request parser (RFC 9112).
///
/// Feed it whatever bytes arrived; it keeps its place between calls, so every byte is looked at a
/// bounded number of times however the input is split (linear time, never a rescan). Limits are
/// checked as bytes arrive. Between requests it holds no storage, so an idle connection owns no
/// buffer. After a failure it stays failed: the connection must answer and close.
public struct HTTPRequestParser: Sendable {
    public enum Event {
        /// Every input byte was consumed; more are needed.
        case needMoreData
        /// The header section is complete; the body (if any) follows.
        case head(HTTPRequestHead)
        /// A whole request; the parser is ready for the next one.
        case request(HTTPRequest)
        case failure(HTTPParseError)
    }

    private enum State {
        case requestLineStart, requestLineStartLF
        case method, target, version, requestLineLF
        case fieldLineStart, fieldName, fieldValueStart, fieldValue, fieldLineLF, sectionEndLF
        case headComplete
        case fixedBody(remaining: Int)
        case chunkSize, chunkExtension, chunkSizeLF
        case chunkData(remaining: Int), chunkDataCR, chunkDataLF
        case requestComplete
        case failed(HTTPParseError)
    }

    /// `HTTP/1.1` is eight bytes; a longer version is malformed.
    private static let versionLength = 8
    /// Sixteen hex digits already exceed any body limit; more can only be padding.
    private static let maxChunkSizeDigits = 16
    private static let maxUpfrontBodyReservation = 64 * 1024
    /// Room for a usual request's fields, so the header list does not grow one step at a time.
    private static let typicalFieldCount = 8

    let limits: HTTPParserLimits
    private var state = State.requestLineStart
    /// The part of a token (method, target, version, field name or value) that arrived in earlier
    /// input. A token that lies wholly in one input is read in place and never copied here.
    private var token: [UInt8] = []
    private var requestLineBytes = 0
    private var sectionBytes = 0
    private var fieldCount = 0
    private var inTrailers = false
    private var method = HTTPMethod.get
    private var target = RequestTarget(text: "", form: .origin, path: "", query: nil)
    private var version = HTTPVersion.http1_1
    private var fieldName = ""
    private var fieldNameKind: IndexedField?
    private var headers = HTTPHeaders()
    private var fields = FieldIndex()
    private var head: HTTPRequestHead?
    private var framing = HTTPBodyFraming.none
    /// This request's body limit, by its `Content-Type` (`HTTPParserLimits.maxBodyBytes(contentType:)`).
    private var bodyLimit = 0
    private var body: [UInt8] = []
    private var chunkSize = 0
    private var chunkSizeDigits = 0
    private var chunkExtensionBytes = 0
    /// The body bytes the client has announced so far: the whole `Content-Length`, or the chunk
    /// sizes read. The connection holds memory for them against the server's body budget before
    /// they arrive.
    public private(set) var announcedBodyBytes = 0

    public init(limits: HTTPParserLimits) {
        self.limits = limits
    }

    /// True once any byte of a request has been consumed and until that request completes.
    public var isMidRequest: Bool {
        if case .requestLineStart = state { return requestLineBytes > 0 }
        return true
    }

    /// True while the body is being read (after the head event).
    public var isReadingBody: Bool {
        switch state {
        case .headComplete, .fixedBody, .chunkSize, .chunkExtension, .chunkSizeLF, .chunkData, .chunkDataCR,
             .chunkDataLF:
            true
        case .fieldLineStart, .fieldName, .fieldValueStart, .fieldValue, .fieldLineLF, .sectionEndLF:
            inTrailers
        default:
            false
        }
    }

    /// Consumes bytes from `input` until an event; returns how many were consumed.
    public mutating func parse(_ input: UnsafeBufferPointer<UInt8>) -> (consumed: Int, event: Event) {
        var index = 0
        while true {
            switch state {
            case let .failed(error):
                return (index, .failure(error))
            case .headComplete:
                startBody()
                continue
            case .requestComplete:
                guard let head else { return (index, .failure(.malformedRequestLine)) }
                let request = HTTPRequest(head: head, body: body)
                self = HTTPRequestParser(limits: limits)
                return (index, .request(request))
            default:
                break
            }
            guard index < input.count else { return (index, .needMoreData) }
            if step(input, &index), let head {
                return (index, .head(head))
            }
        }
    }

    private mutating func fail(_ error: HTTPParseError) {
        state = .failed(error)
        token = []
        body = []
    }

    /// Advances through `input` from `index` within the current state; returns true when the header
    /// section just completed (the head is then in `head`). A flag rather than the head itself, so
    /// that every step does not move a head-sized optional around.
    private mutating func step(_ input: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        let byte = input[index]
        switch state {
        case .requestLineStart:
            // RFC 9112 §2.2: ignore empty lines before a request line (bounded by the line limit).
            if byte == asciiCR {
                countRequestLine(1)
                if case .requestLineStart = state { state = .requestLineStartLF }
                index += 1
            } else if isTokenByte(byte) {
                state = .method
            } else {
                fail(.malformedRequestLine)
            }
        case .requestLineStartLF:
            expect(asciiLF, byte, &index, next: .requestLineStart, error: .malformedRequestLine)
        case .method:
            let start = index
            let end = scanRequestLine(input, from: index, while: isTokenByte)
            index = end
            guard end < input.count, case .method = state else { break }
            if input[end] == asciiSpace {
                method = completeToken(input, start, end, HTTPMethod.parsed)
                consumeSeparator(&index, next: .target)
            } else {
                fail(.malformedRequestLine)
            }
        case .target:
            let start = index
            let end = scanRequestLine(input, from: index, while: isTargetByte)
            index = end
            guard end < input.count, case .target = state else { break }
            // Checked whole (RFC 3986 grammar, the form, `*` for OPTIONS only) once it is complete.
            let isOptions = method == .options
            let parsed: Result<RequestTarget, HTTPParseError> = completeToken(input, start, end) { bytes in
                guard input[end] == asciiSpace, !bytes.isEmpty else { return .failure(.malformedRequestLine) }
                guard let target = RequestTarget.parse(bytes), target.form != .asterisk || isOptions else {
                    return .failure(.invalidTarget)
                }
                return .success(target)
            }
            switch parsed {
            case .success(let parsed):
                target = parsed
                consumeSeparator(&index, next: .version)
            case .failure(let error):
                fail(error)
            }
        case .version:
            // Scan at most one byte past a valid version, so how the input is split cannot change
            // which error a long version line gets.
            let start = index
            let limit = min(input.count, index + Self.versionLength + 1 - token.count)
            let end = scanRequestLine(UnsafeBufferPointer(rebasing: input[..<limit]), from: index) {
                $0 != asciiCR && $0 != asciiLF
            }
            index = end
            guard case .version = state else { break }
            if token.count > Self.versionLength {
                fail(.malformedRequestLine)  // only a scan that stopped at the limit kept its bytes
            } else if end < input.count {
                if input[end] == asciiCR, let parsed = completeToken(input, start, end, Self.parseVersion) {
                    guard parsed.major == 1 else { return failing(.unsupportedVersion) }
                    version = parsed
                    countRequestLine(1)
                    index += 1
                    if case .version = state { state = .requestLineLF }
                } else if case .version = state {
                    fail(.malformedRequestLine)
                }
            }
        case .requestLineLF:
            countRequestLine(1)
            if case .requestLineLF = state {
                expect(asciiLF, byte, &index, next: .fieldLineStart, error: .malformedRequestLine)
            }
        case .fieldLineStart:
            if byte == asciiCR {
                countSection(1)
                index += 1
                if case .fieldLineStart = state { state = .sectionEndLF }
            } else if isTokenByte(byte) {
                fieldCount += 1
                if fieldCount > limits.maxHeaderCount { fail(.headersTooLarge) } else { state = .fieldName }
            } else {
                // Leading whitespace is obs-fold (or junk); RFC 9112 §5.2 lets us reject it.
                fail(.malformedHeader)
            }
        case .fieldName:
            let start = index
            let end = scanSection(input, from: index, while: isTokenByte)
            index = end
            guard end < input.count, case .fieldName = state else { break }
            if input[end] == UInt8(ascii: ":") {
                if !inTrailers {
                    (fieldName, fieldNameKind) = completeToken(input, start, end) {
                        (String(decoding: $0, as: UTF8.self), IndexedField.of($0))
                    }
                }
                token.removeAll(keepingCapacity: true)
                countSection(1)
                index += 1
                if case .fieldName = state { state = .fieldValueStart }
            } else {
                fail(.malformedHeader)  // whitespace before the colon, or an invalid byte
            }
        case .fieldValueStart:
            var end = index
            while end < input.count, isOptionalWhitespace(input[end]) { end += 1 }
            countSection(end - index)
            index = end
            if end < input.count, case .fieldValueStart = state { state = .fieldValue }
        case .fieldValue:
            let start = index
            let end = scanSection(input, from: index, while: isFieldValueByte)
            index = end
            guard end < input.count, case .fieldValue = state else { break }
            if input[end] == asciiCR {
                if !inTrailers {
                    // Committed at its CR: a line not ended by LF fails the whole request anyway.
                    let value = completeToken(input, start, end) { bytes in
                        var length = bytes.count
                        while length > 0, isOptionalWhitespace(bytes[length - 1]) { length -= 1 }
                        return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<length]), as: UTF8.self)
                    }
                    commitField(value: value)
                }
                token.removeAll(keepingCapacity: true)
                countSection(1)
                index += 1
                if case .fieldValue = state { state = .fieldLineLF }
            } else {
                fail(.malformedHeader)  // bare LF or a control byte
            }
        case .fieldLineLF:
            countSection(1)
            guard case .fieldLineLF = state else { break }
            guard byte == asciiLF else { return failing(.malformedHeader) }
            index += 1
            state = .fieldLineStart
        case .sectionEndLF:
            guard byte == asciiLF else { return failing(.malformedHeader) }
            index += 1
            return finishSection()
        case let .fixedBody(remaining):
            let count = min(remaining, input.count - index)
            body.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<(index + count)]))
            index += count
            state = remaining == count ? .requestComplete : .fixedBody(remaining: remaining - count)
        case .chunkSize:
            if let digit = hexDigitValue(byte) {
                index += 1
                addChunkSizeDigit(digit)
            } else if chunkSizeDigits == 0 {
                fail(.malformedChunk)
            } else if byte == UInt8(ascii: ";") || isOptionalWhitespace(byte) {
                state = .chunkExtension
            } else if byte == asciiCR {
                index += 1
                state = .chunkSizeLF
            } else {
                fail(.malformedChunk)
            }
        case .chunkExtension:
            // Extensions are ignored, but their bytes are capped and must not hide a CR or LF.
            var end = index
            while end < input.count, isFieldValueByte(input[end]) { end += 1 }
            chunkExtensionBytes += end - index
            index = end
            if chunkExtensionBytes > limits.maxChunkExtensionBytes {
                fail(.malformedChunk)
            } else if end < input.count {
                if input[end] == asciiCR {
                    index += 1
                    state = .chunkSizeLF
                } else {
                    fail(.malformedChunk)
                }
            }
        case .chunkSizeLF:
            guard byte == asciiLF else { return failing(.malformedChunk) }
            index += 1
            if chunkSize == 0 {
                inTrailers = true
                sectionBytes = 0
                fieldCount = 0
                state = .fieldLineStart
            } else {
                announcedBodyBytes += chunkSize
                state = .chunkData(remaining: chunkSize)
            }
            chunkSize = 0
            chunkSizeDigits = 0
            chunkExtensionBytes = 0
        case let .chunkData(remaining):
            let count = min(remaining, input.count - index)
            body.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<(index + count)]))
            index += count
            state = remaining == count ? .chunkDataCR : .chunkData(remaining: remaining - count)
        case .chunkDataCR:
            expect(asciiCR, byte, &index, next: .chunkDataLF, error: .malformedChunk)
        case .chunkDataLF:
            expect(asciiLF, byte, &index, next: .chunkSize, error: .malformedChunk)
        case .headComplete, .requestComplete, .failed:
            break
        }
        return false
    }

    private mutating func failing(_ error: HTTPParseError) -> Bool {
        fail(error)
        return false
    }

    private mutating func expect(
        _ wanted: UInt8, _ byte: UInt8, _ index: inout Int, next: State, error: HTTPParseError
    ) {
        if byte == wanted {
            index += 1
            state = next
        } else {
            fail(error)
        }
    }

    private mutating func consumeSeparator(_ index: inout Int, next: State) {
        token.removeAll(keepingCapacity: true)
        countRequestLine(1)
        index += 1
        if case .failed = state { return }
        state = next
    }

    /// Appends the run of bytes matching `predicate` to `token`, counting them against the
    /// request-line limit; returns where the run ended.
    private mutating func scanRequestLine(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, while predicate: (UInt8) -> Bool
    ) -> Int {
        let end = scanToken(input, from: start, while: predicate)
        countRequestLine(end - start)
        return end
    }

    private mutating func scanSection(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, while predicate: (UInt8) -> Bool
    ) -> Int {
        let end = scanToken(input, from: start, while: predicate)
        countSection(end - start)
        return end
    }

    /// Finds where the run of bytes matching `predicate` ends; a run cut off by the end of the
    /// input is kept in `token` to be completed by the next input.
    private mutating func scanToken(
        _ input: UnsafeBufferPointer<UInt8>, from start: Int, while predicate: (UInt8) -> Bool
    ) -> Int {
        var end = start
        while end < input.count, predicate(input[end]) { end += 1 }
        if end == input.count {
            token.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<end]))
        }
        return end
    }

    /// Hands `body` the whole token that ends at `end`: read in place when it began in this input,
    /// else the carried-over bytes completed by this input's. Leaves `token` empty.
    private mutating func completeToken<Result>(
        _ input: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        let piece = UnsafeBufferPointer(rebasing: input[start..<end])
        guard !token.isEmpty else { return body(piece) }
        token.append(contentsOf: piece)
        defer { token.removeAll(keepingCapacity: true) }
        return token.withUnsafeBufferPointer(body)
    }

    private mutating func countRequestLine(_ count: Int) {
        requestLineBytes += count
        if requestLineBytes > limits.maxRequestLineBytes { fail(.requestLineTooLong) }
    }

    private mutating func countSection(_ count: Int) {
        sectionBytes += count
        if sectionBytes > limits.maxHeaderBytes { fail(.headersTooLarge) }
    }

    /// `HTTP/` DIGIT `.` DIGIT (the caller answers a major version other than 1 with 505).
    private static func parseVersion(_ token: UnsafeBufferPointer<UInt8>) -> HTTPVersion? {
        guard token.count == Self.versionLength, token[0] == UInt8(ascii: "H"), token[1] == UInt8(ascii: "T"),
              token[2] == UInt8(ascii: "T"), token[3] == UInt8(ascii: "P"), token[4] == UInt8(ascii: "/"),
              token[6] == UInt8(ascii: "."), let major = decimalDigit(token[5]), let minor = decimalDigit(token[7])
        else { return nil }
        return HTTPVersion(major: major, minor: minor)
    }

    private static func decimalDigit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private mutating func commitField(value: String) {
        if let fieldNameKind { fields.note(fieldNameKind, at: headers.count) }
        if headers.isEmpty { headers.reserveCapacity(Self.typicalFieldCount) }
        headers.add(name: fieldName, value: value)
        fieldName = ""
    }

    private mutating func finishSection() -> Bool {
        token = []
        if inTrailers {
            state = .requestComplete
            return false
        }
        let hosts = fields.count(.host)
        guard hosts == 1 || (version.minor == 0 && hosts == 0) else { return failing(.invalidHost) }
        if hosts == 1 {
            var host = fields.values(.host, in: headers)[0]
            guard host.withUTF8(isValidHost) else { return failing(.invalidHost) }
        }
        bodyLimit = limits.maxBodyBytes(contentType: fields.combinedValue(.contentType, in: headers))
        do {
            framing = try HTTPBodyFraming(
                headers: headers, index: fields, version: version, maxBodyBytes: bodyLimit
            )
        } catch {
            return failing(error)
        }
        state = .headComplete
        head = HTTPRequestHead(
            method: method, target: target, version: version, headers: headers, fields: fields, framing: framing
        )
        return true
    }

    private mutating func startBody() {
        switch framing {
        case .none, .length(0):
            state = .requestComplete
        case let .length(length):
            // Reserve what the client claims only up to a point: a claim alone must not make the
            // server commit memory for a body that may never arrive.
            body.reserveCapacity(min(length, Self.maxUpfrontBodyReservation))
            announcedBodyBytes = length
            state = .fixedBody(remaining: length)
        case .chunked:
            state = .chunkSize
        }
    }

    /// One more hex digit of a chunk size; the running total of the body stays within its limit,
    /// which also rules out overflow.
    private mutating func addChunkSizeDigit(_ digit: Int) {
        chunkSizeDigits += 1
        guard chunkSizeDigits <= Self.maxChunkSizeDigits else {
            fail(.malformedChunk)  // endless leading zeros
            return
        }
        let budget = bodyLimit - body.count
        // `chunkSize * 16 + digit <= budget` without overflow, since budget fits in an Int.
        guard chunkSize <= (budget - digit) / 16, budget >= digit else {
            fail(.bodyTooLarge)
            return
        }
        chunkSize = chunkSize * 16 + digit
    }
}
