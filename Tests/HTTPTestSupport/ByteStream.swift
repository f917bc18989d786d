/// A blocking, bidirectional byte stream to a server: a plain socket or a TLS session over one.
/// `HTTPConnection` reads responses from either the same way.
public protocol ByteStream: AnyObject {
    /// Sends every byte or throws.
    func send(_ bytes: [UInt8]) throws
    /// The next bytes that arrive (at most `maxCount`); empty on end of stream, reset or timeout.
    func receive(maxCount: Int) -> [UInt8]
}
