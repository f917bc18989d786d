#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Lines written to a descriptor (stderr unless told), each in a single `write` call where the
/// system allows, so lines from different workers never interleave. A line that cannot be written
/// is dropped: a log line is not worth failing a request over.
public struct LogLines: Sendable {
    public let fileDescriptor: Int32

    public init(fileDescriptor: Int32 = STDERR_FILENO) {
        self.fileDescriptor = fileDescriptor
    }

    public func append(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let written = write(fileDescriptor, base + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
