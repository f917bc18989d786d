#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One `GET /healthz` over a blocking socket with send and receive timeouts, read as far as the
/// status line; over TLS when given the server's certificate.
struct HealthProbe {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    let host: String
    let port: Int
    let timeoutSeconds: Int
    /// The server's `--tls-cert`: speak TLS and trust exactly it. Nil: plain HTTP.
    var certificatePath: String? = nil

    func check() -> Result<Void, Problem> {
        let fd: Int32
        switch connect() {
        case .success(let connected): fd = connected
        case .failure(let problem): return .failure(problem)
        }
        defer { close(fd) }
        let transport: any ProbeTransport
        if let certificatePath {
            do {
                transport = try TLSProbeTransport(fd: fd, trusting: certificatePath)
            } catch {
                return .failure(error)
            }
        } else {
            transport = PlainProbeTransport(fd: fd)
        }
        let request = Array("GET /healthz HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard transport.send(request) == request.count else { return .failure(Problem(description: "could not send the request")) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        // The status line is all that matters; 512 bytes hold it with room to spare.
        while !received.contains(UInt8(ascii: "\n")) && received.count < 512 {
            let count = transport.receive(into: &chunk)
            guard count > 0 else { break }
            received += chunk[..<count]
        }
        let statusLine = String(decoding: received.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1] == "200" else {
            let silence = certificatePath == nil ? "no response (a server with TLS needs --tls-cert)" : "no response"
            return .failure(Problem(description: statusLine.isEmpty ? silence : statusLine))
        }
        return .success(())
    }

    private func connect() -> Result<Int32, Problem> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            return .failure(Problem(description: "cannot resolve \(host)"))
        }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        var lastError: Int32 = 0
        while let address = entry {
            entry = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            // On Linux a blocking connect() honours the send timeout too.
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if Glibc.connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return .success(fd) }
            lastError = errno
            close(fd)
        }
        return .failure(Problem(description: "cannot connect to \(host):\(port): \(String(cString: strerror(lastError)))"))
    }
}
