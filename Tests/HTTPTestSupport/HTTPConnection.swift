/// A keep-alive HTTP/1.1 client connection to 127.0.0.1 that sends exact bytes and reads responses
/// one by one, the body by its Content-Length, so tests see precisely what the server put on the
/// wire. Plain TCP, or TLS verified against a given certificate.
public final class HTTPConnection {
    /// The TCP connection underneath (TLS or not), for socket options and shutdown.
    public let socket: LoopbackSocket
    private let stream: any ByteStream
    /// Bytes received but not yet consumed by a response (the start of a pipelined next one).
    private var buffer: [UInt8] = []

    public init(port: Int, timeoutMilliseconds: Int = 5000) throws {
        socket = try LoopbackSocket(port: port, timeoutMilliseconds: timeoutMilliseconds)
        stream = socket
    }

    public init(port: Int, timeoutMilliseconds: Int = 5000, trustingCertificateAt certificatePath: String) throws {
        socket = try LoopbackSocket(port: port, timeoutMilliseconds: timeoutMilliseconds)
        stream = try TLSClientSession(over: socket, trusting: certificatePath)
    }

    public func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    public func send(_ bytes: [UInt8]) throws {
        try stream.send(bytes)
    }

    /// Reads one response. `headOnly` is for HEAD, whose Content-Length announces no body.
    public func readResponse(headOnly: Bool = false) throws -> HTTPTestResponse {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd = buffer.firstRange(of: terminator)
        while headEnd == nil {
            guard fill() else { throw ended("before a response head") }
            headEnd = buffer.firstRange(of: terminator)
        }
        guard let headEnd else { throw ended("before a response head") }
        var response = try HTTPTestResponse(head: buffer[..<headEnd.lowerBound])
        buffer.removeFirst(headEnd.upperBound)
        let length = response.hasBody(toHead: headOnly) ? try Self.contentLength(of: response) : 0
        while buffer.count < length {
            guard fill() else { throw ended("inside a body of \(length) bytes") }
        }
        response.body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return response
    }

    /// Sends one request and reads its response.
    public func exchange(_ request: String, headOnly: Bool = false) throws -> HTTPTestResponse {
        try send(request)
        return try readResponse(headOnly: headOnly)
    }

    /// True when the server has closed the connection: EOF (or a reset) with nothing more to read.
    public func isClosedByServer() -> Bool {
        buffer.isEmpty && !fill()
    }

    /// Whether the connection stays open and quiet: nothing (not even EOF) arrives for that long.
    public func staysOpen(forMilliseconds milliseconds: Int) -> Bool {
        buffer.isEmpty && socket.staysQuiet(forMilliseconds: milliseconds)
    }

    /// Sends FIN (the descriptor itself is closed on deinit), as a polite client does after EOF.
    public func finish() {
        socket.shutdownBothWays()
    }

    /// Reads more bytes into the buffer; false on EOF, reset or timeout.
    private func fill() -> Bool {
        let chunk = stream.receive(maxCount: 65536)
        buffer += chunk
        return !chunk.isEmpty
    }

    private func ended(_ place: String) -> HTTPTestFailure {
        HTTPTestFailure("connection ended \(place) (\(buffer.count) bytes unread: \(String(decoding: buffer.prefix(300), as: UTF8.self)))")
    }

    /// The announced body length; absent means none (the server always sends one when there is a body).
    private static func contentLength(of response: HTTPTestResponse) throws -> Int {
        guard let value = response.header("content-length") else { return 0 }
        guard let length = Int(value), length >= 0 else { throw HTTPTestFailure("bad Content-Length: \(value)") }
        return length
    }
}
