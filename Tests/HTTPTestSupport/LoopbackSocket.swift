#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP connection to 127.0.0.1, closed on deinit. Sends and receives time out, so a
/// server bug shows up as a failed expectation, never a hung test.
public final class LoopbackSocket: ByteStream {
    public let fd: Int32

    public init(port: Int, timeoutMilliseconds: Int) throws {
        guard let portNumber = UInt16(exactly: port) else { throw HTTPTestFailure("port \(port) is out of range") }
        // Close-on-exec: a child spawned meanwhile must not hold the connection open.
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HTTPTestFailure("socket: errno \(errno)", errorNumber: errno) }
        var timeout = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: (timeoutMilliseconds % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(portNumber.bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw HTTPTestFailure("connect to port \(port): errno \(code)", errorNumber: code)
        }
    }

    deinit {
        close(fd)
    }

    /// Writes all of `bytes`; MSG_NOSIGNAL so a closed peer is an error (EPIPE), not a SIGPIPE.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { throw HTTPTestFailure("send: errno \(errno)", errorNumber: errno) }
            offset += sent
        }
    }

    public func receive(maxCount: Int) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: maxCount)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            return count > 0 ? Array(chunk[..<count]) : []
        }
    }

    /// Sends FIN both ways (the descriptor itself is closed on deinit).
    public func shutdownBothWays() {
        shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Whether nothing at all (no byte, no EOF) arrives within `milliseconds`.
    public func staysQuiet(forMilliseconds milliseconds: Int) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(milliseconds)) == 0
    }
}
