/// Turns a response into the bytes of one write: status line, headers and body in one buffer.
public enum ResponseSerializer {
    /// Headers the server owns; a handler's values for these are ignored.
    private static let serverOwned = ["content-length", "connection", "date", "server", "transfer-encoding", "keep-alive"]

    public struct Framing: Sendable, Equatable {
        /// The body length to announce (for HEAD: the length GET would send).
        public var contentLength: Int
        public var includeBody: Bool
        public var close: Bool
        /// An HTTP/1.0 client that asked for keep-alive is told it was granted.
        public var announceKeepAlive: Bool
        public var gzipped: Bool

        public init(contentLength: Int, includeBody: Bool, close: Bool, announceKeepAlive: Bool, gzipped: Bool) {
            self.contentLength = contentLength
            self.includeBody = includeBody
            self.close = close
            self.announceKeepAlive = announceKeepAlive
            self.gzipped = gzipped
        }
    }

    /// Appends the response to `output` (a reused buffer; its old contents are dropped).
    public static func serialize(
        status: HTTPStatus, headers: HTTPHeaders, body: [UInt8], framing: Framing, date: [UInt8], serverName: String,
        into output: inout [UInt8]
    ) {
        let bodiless = !status.allowsContent
        output.removeAll(keepingCapacity: true)
        output.reserveCapacity(256 + (framing.includeBody && !bodiless ? body.count : 0))
        output += "HTTP/1.1 ".utf8
        appendDecimal(status.code, to: &output)
        output.append(asciiSpace)
        output += status.reasonPhrase.utf8
        output += "\r\nDate: ".utf8
        output += date
        output += "\r\nServer: ".utf8
        output += serverName.utf8
        output += "\r\n".utf8
        if !bodiless {
            output += "Content-Length: ".utf8
            appendDecimal(framing.contentLength, to: &output)
            output += "\r\n".utf8
        }
        if framing.gzipped {
            output += "Content-Encoding: gzip\r\n".utf8
        }
        if framing.close {
            output += "Connection: close\r\n".utf8
        } else if framing.announceKeepAlive {
            output += "Connection: keep-alive\r\n".utf8
        }
        for field in headers where isSafe(field) && !isServerOwned(field.name) {
            output += field.name.utf8
            output += ": ".utf8
            // RFC 9110 §8.8.3: a strong ETag names one exact byte sequence, and the gzipped body is a
            // different one; weakening it keeps If-None-Match working (it compares weakly).
            if framing.gzipped, isETag(field.name), !field.value.utf8.starts(with: "W/".utf8) {
                output += "W/".utf8
            }
            output += field.value.utf8
            output += "\r\n".utf8
        }
        output += "\r\n".utf8
        if framing.includeBody && !bodiless {
            output += body
        }
    }

    private static func isETag(_ name: String) -> Bool {
        name.utf8.count == 4 && asciiCaseInsensitiveEquals("etag", name)
    }

    private static func isServerOwned(_ name: String) -> Bool {
        serverOwned.contains { $0.utf8.count == name.utf8.count && asciiCaseInsensitiveEquals($0, name) }
    }

    /// The decimal digits of a non-negative number (status codes and lengths), without a String.
    private static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        guard value >= 0 else {
            output += String(value).utf8  // only a handler's odd status can be negative
            return
        }
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A field a handler set that would break framing (CR, LF, NUL, a non-token name) is dropped,
    /// so no handler can split a response.
    private static func isSafe(_ field: HTTPField) -> Bool {
        !field.name.isEmpty && all(of: field.name, isTokenByte) && all(of: field.value, isFieldValueByte)
    }

    /// Whether every byte of `text` passes, read in place when the string is contiguous (it is,
    /// unless bridged): this runs over every header of every response.
    private static func all(of text: String, _ predicate: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where !predicate(byte) { return false }
            return true
        } ?? text.utf8.allSatisfy(predicate)
    }

    /// The interim response to `Expect: 100-continue`.
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
