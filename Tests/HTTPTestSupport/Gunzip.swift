import CZlib

/// Inflates a whole gzip member with zlib, independently of the server's compressor, so that
/// tests can check that a gzipped body round-trips to the plain one.
public func gunzip(_ compressed: [UInt8]) throws -> [UInt8] {
    var stream = z_stream()
    // 15 + 16: the largest window, and a gzip (not zlib) header.
    guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw HTTPTestFailure("inflateInit2 failed")
    }
    defer { inflateEnd(&stream) }
    var input = compressed
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    var status = Z_OK
    try input.withUnsafeMutableBufferPointer { inputBuffer in
        stream.next_in = inputBuffer.baseAddress
        stream.avail_in = uInt(inputBuffer.count)
        while status != Z_STREAM_END {
            try chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                stream.next_out = chunkBuffer.baseAddress
                stream.avail_out = uInt(chunkBuffer.count)
                status = inflate(&stream, Z_NO_FLUSH)
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw HTTPTestFailure("inflate: \(status)")
                }
                output += chunkBuffer[..<(chunkBuffer.count - Int(stream.avail_out))]
            }
        }
    }
    return output
}
