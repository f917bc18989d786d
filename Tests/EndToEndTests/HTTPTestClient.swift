import COpenSSL
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A minimal HTTP/1.1 client over a blocking POSIX socket to 127.0.0.1: one request per
/// connection, the response read by its `Content-Length` (the server always sends one). Plain
/// HTTP, or TLS through OpenSSL verifying the server against a given certificate.
struct HTTPTestClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Response {
        var status: Int
        /// Names lower-cased; repeated fields joined with ", ".
        var headers: [String: String]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object (throws when it is not one).
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw Failure(description: "body is not a JSON object: \(text.prefix(200))")
            }
            return object
        }
    }

    let port: Int

    func get(_ path: String, headers: [(String, String)] = []) throws -> Response {
        try request(method: "GET", path: path, headers: headers)
    }

    func post(_ path: String, _ body: String, headers: [(String, String)] = [("Content-Type", "application/json")]) throws -> Response {
        try request(method: "POST", path: path, headers: headers, body: Array(body.utf8))
    }

    func request(method: String, path: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return try exchange(Array(head.utf8) + body, headOnly: method == "HEAD")
    }

    /// Sends raw bytes and reads one response.
    func exchange(_ bytes: [UInt8], headOnly: Bool = false) throws -> Response {
        let fd = try connect()
        defer { close(fd) }
        try writeAll(fd, bytes)
        return try readResponse(fd, headOnly: headOnly)
    }

    /// One GET over TLS, trusting only `certificatePath`; read until the server closes.
    func getOverTLS(_ path: String, trusting certificatePath: String) throws -> Response {
        let fd = try connect()
        defer { close(fd) }
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw Failure(description: "SSL_CTX_new") }
        defer { SSL_CTX_free(context) }
        SSL_CTX_load_verify_locations(context, certificatePath, nil)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard let ssl = SSL_new(context) else { throw Failure(description: "SSL_new") }
        defer { SSL_free(ssl) }
        SSL_set_fd(ssl, fd)
        guard SSL_connect(ssl) == 1 else { throw Failure(description: "TLS handshake failed") }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard SSL_write(ssl, request, Int32(request.count)) == Int32(request.count) else {
            throw Failure(description: "SSL_write failed")
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = SSL_read(ssl, &chunk, Int32(chunk.count))
            guard count > 0 else { break }
            received += chunk[..<Int(count)]
        }
        guard let end = Self.endOfHead(received) else { throw Failure(description: "no response head over TLS") }
        var response = try Self.parseHead(received[..<end])
        response.body = Array(received[end...])
        return response
    }

    private func connect() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect to port \(port): errno \(errno)")
        }
        return fd
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else {
                // The server may answer (413, 401) and close before reading everything we send.
                if errno == EPIPE || errno == ECONNRESET { return }
                throw Failure(description: "send: errno \(errno)")
            }
            offset += written
        }
    }

    private func readResponse(_ fd: Int32, headOnly: Bool) throws -> Response {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var headEnd: Int?
        var expected: Int?
        while true {
            if headEnd == nil, let end = Self.endOfHead(buffer) {
                headEnd = end
                let head = try Self.parseHead(buffer[..<end])
                expected = headOnly ? 0 : Int(head.headers["content-length"] ?? "0") ?? 0
            }
            if let headEnd, let expected, buffer.count - headEnd >= expected {
                var head = try Self.parseHead(buffer[..<headEnd])
                head.body = Array(buffer[headEnd..<(headEnd + expected)])
                return head
            }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw Failure(description: "connection ended after \(buffer.count) bytes: \(String(decoding: buffer.prefix(300), as: UTF8.self))")
            }
            buffer += chunk[..<count]
        }
    }

    /// The index just past the blank line ending the head, if it has arrived.
    private static func endOfHead(_ buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    private static func parseHead(_ bytes: ArraySlice<UInt8>) throws -> Response {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw Failure(description: "bad status line: \(lines[0])")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        return Response(status: status, headers: headers, body: [])
    }
}
