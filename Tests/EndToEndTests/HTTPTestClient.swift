import HTTPTestSupport

/// One request per connection to 127.0.0.1 on `port` (`Connection: close`), over the shared
/// `HTTPConnection`: plain HTTP, or TLS verified against a given certificate.
struct HTTPTestClient {
    let port: Int

    func get(_ path: String, headers: [(String, String)] = []) throws -> HTTPTestResponse {
        try request(method: "GET", path: path, headers: headers)
    }

    func post(_ path: String, _ body: String, headers: [(String, String)] = [("Content-Type", "application/json")]) throws -> HTTPTestResponse {
        try request(method: "POST", path: path, headers: headers, body: Array(body.utf8))
    }

    func request(method: String, path: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> HTTPTestResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return try exchange(Array(head.utf8) + body, headOnly: method == "HEAD")
    }

    /// Sends raw bytes on a fresh connection and reads one response.
    func exchange(_ bytes: [UInt8], headOnly: Bool = false) throws -> HTTPTestResponse {
        let connection = try HTTPConnection(port: port, timeoutMilliseconds: 10_000)
        do {
            try connection.send(bytes)
        } catch let failure as HTTPTestFailure where failure.isPeerClosed {
            // The server may answer (413, 401) and close before reading everything we send.
        }
        return try connection.readResponse(headOnly: headOnly)
    }

    /// One GET over TLS, trusting only `certificatePath`.
    func getOverTLS(_ path: String, trusting certificatePath: String) throws -> HTTPTestResponse {
        let connection = try HTTPConnection(port: port, timeoutMilliseconds: 10_000, trustingCertificateAt: certificatePath)
        return try connection.exchange("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
    }
}
