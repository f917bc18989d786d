#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The outcome of one non-blocking read or write, plain or TLS.
enum TransportResult {
    case transferred(Int)
    /// Try again when the socket is readable (or writable, when TLS needs to write to read).
    case wouldBlock(waitForWritable: Bool)
    /// The peer closed its side cleanly.
    case closed
    case failed
}

/// Plain-socket I/O: EINTR retried, SIGPIPE suppressed per call with MSG_NOSIGNAL.
enum PlainTransport {
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> TransportResult {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .transferred(count) }
            if count == 0 { return .closed }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock(waitForWritable: false)
            default: return .failed
            }
        }
    }

    /// The first byte waiting on the socket, left in place; nil when none is there (the read that
    /// follows tells whether the peer closed).
    static func peekFirstByte(_ fd: Int32) -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = recv(fd, &byte, 1, Int32(MSG_PEEK))
            if count == 1 { return byte }
            if count < 0, errno == EINTR { continue }
            return nil
        }
    }

    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> TransportResult {
        while true {
            let count = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return .transferred(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock(waitForWritable: true)
            default: return .failed
            }
        }
    }
}
