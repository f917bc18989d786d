import CZlib

/// A reusable zlib deflate stream with the gzip wrapper (windowBits 31). One per queue, confined
/// to it, so its ~256 KB of zlib state is allocated once and reset per response.
final class GzipCompressor: @unchecked Sendable {
    private let level: Int32
    /// zlib keeps a pointer back to the stream, so it lives at a fixed address.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var initialized = false

    init(level: Int) {
        self.level = Int32(min(max(level, 1), 9))
        stream.initialize(to: z_stream())
    }

    deinit {
        if initialized { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// The gzip member for `input`, or nil if zlib fails (the caller then sends it uncompressed).
    func compress(_ input: [UInt8]) -> [UInt8]? {
        if initialized {
            guard deflateReset(stream) == Z_OK else { return nil }
        } else {
            let status = deflateInit2_(
                stream, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)
            )
            guard status == Z_OK else { return nil }
            initialized = true
        }
        let bound = Int(deflateBound(stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let finished = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = uInt(source.count)
                stream.pointee.next_out = destination.baseAddress
                stream.pointee.avail_out = uInt(destination.count)
                return deflate(stream, Z_FINISH) == Z_STREAM_END
            }
        }
        guard finished else { return nil }
        output.removeLast(Int(stream.pointee.avail_out))
        return output
    }
}
