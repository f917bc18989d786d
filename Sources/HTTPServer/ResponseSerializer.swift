/// Turns a response into the bytes of one write: status line, headers and body in one buffer.
enum ResponseSerializer {
    /// Headers the server owns; a handler's values for these are ignored.
    private static let serverOwned = ["content-length", "connection", "date", "server", "transfer-encoding", "keep-alive"]

    struct Framing {
        /// The body length to announce (for HEAD: the length GET would send).
        var contentLength: Int
        var includeBody: Bool
        var close: Bool
        /// An HTTP/1.0 client that asked for keep-alive is told it was granted.
        var announceKeepAlive: Bool
        var gzipped: Bool
    }

    static func serialize(
        status: Int, headers: HTTPHeaders, body: [UInt8], framing: Framing, date: [UInt8], serverName: String
    ) -> [UInt8] {
        // RFC 9110 §8.6: no Content-Length (and no body) on 1xx, 204 or 304.
        let bodiless = status < 200 || status == 204 || status == 304
        var output: [UInt8] = []
        output.reserveCapacity(256 + (framing.includeBody && !bodiless ? body.count : 0))
        output += "HTTP/1.1 \(status) \(HTTPStatus.reasonPhrase(status))\r\n".utf8
        output += "Date: ".utf8
        output += date
        output += "\r\nServer: \(serverName)\r\n".utf8
        if !bodiless {
            output += "Content-Length: \(framing.contentLength)\r\n".utf8
        }
        if framing.gzipped {
            output += "Content-Encoding: gzip\r\n".utf8
        }
        if framing.close {
            output += "Connection: close\r\n".utf8
        } else if framing.announceKeepAlive {
            output += "Connection: keep-alive\r\n".utf8
        }
        for field in headers where isSafe(field) && !serverOwned.contains(where: { asciiCaseInsensitiveEquals($0, field.name) }) {
            output += field.name.utf8
            output += ": ".utf8
            output += field.value.utf8
            output += "\r\n".utf8
        }
        output += "\r\n".utf8
        if framing.includeBody && !bodiless {
            output += body
        }
        return output
    }

    /// A field a handler set that would break framing (CR, LF, NUL, a non-token name) is dropped,
    /// so no handler can split a response.
    private static func isSafe(_ field: HTTPField) -> Bool {
        !field.name.isEmpty && field.name.utf8.allSatisfy(isTokenByte) && field.value.utf8.allSatisfy(isFieldValueByte)
    }

    /// The interim response to `Expect: 100-continue`.
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
