import Foundation
@testable import HTTPCore
@testable import HTTPServer
import HTTPTestSupport
import Testing

/// docs/server.md, Connections: the headers on every response, and gzip.
@Suite struct ResponseRuleTests {
    @Test("Rule 20: Date (IMF-fixdate, now), Content-Length and Server on every response, errors included")
    func standardHeaders() throws {
        let server = try TestServer { $0.serverName = "abacus-test" }
        defer { server.stop() }
        let client = try server.client()
        let responses = [
            try client.exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\n"),
            try client.exchange("GET /missing HTTP/1.1\r\nHost: h\r\n\r\n"),
            try client.exchange("GET /x HTTP/1.1\r\n\r\n"),
        ]
        #expect(responses.map(\.status) == [200, 404, 400])
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        for response in responses {
            #expect(response.header("server") == "abacus-test")
            #expect(response.header("content-length") == String(response.body.count))
            let date = try #require(response.header("date").flatMap(formatter.date(from:)))
            #expect(abs(date.timeIntervalSinceNow) < 5)
        }
    }

    @Test func dateFormatMatchesRFC9110Example() {
        // RFC 9110 §5.6.7: 784111777 is "Sun, 06 Nov 1994 08:49:37 GMT".
        #expect(DateHeaderCache.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test func handlerCannotSplitTheResponse() throws {
        let server = try TestServer(handler: { _ in
            HTTPResponse(status: 200, headers: ["X-Evil": "a\r\nSet-Cookie: x=1", "Content-Length": "999", "X-Good": "yes"], body: Array("ok".utf8))
        })
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(response.header("set-cookie") == nil)
        #expect(response.header("x-evil") == nil)
        #expect(response.header("x-good") == "yes")
        #expect(response.header("content-length") == "2")
        #expect(client.staysOpen(forMilliseconds: 50))
    }

    @Test("Rule 21: gzip when accepted, worth it and compressible; round-trips through zlib")
    func gzipRoundTrip() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let response = try client.exchange("GET /large HTTP/1.1\r\nHost: h\r\nAccept-Encoding: br, gzip;q=0.8\r\n\r\n")
        #expect(response.header("content-encoding") == "gzip")
        #expect(response.header("vary") == "Accept-Encoding")
        #expect(response.body.count < TestServer.largeJSON.count)
        #expect(try gunzip(response.body) == TestServer.largeJSON)
        // A strong validator names one exact representation (RFC 9110 §8.8.3): the gzipped bytes
        // are another, so the handler's strong ETag goes out weakened; identity keeps it strong.
        #expect(response.header("etag") == "W/\"large-v1\"")
        let identity = try client.exchange("GET /large HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(identity.header("content-encoding") == nil)
        #expect(identity.header("etag") == "\"large-v1\"")
    }

    @Test("Rule 21: no gzip when refused, tiny, or not compressible", arguments: [
        ("/large", "gzip;q=0", true),
        ("/large", "*;q=0.5, gzip;q=0", true),
        ("/large", "identity", true),
        ("/large", "", true),
        ("/hello", "gzip", false),
        ("/image", "gzip", false),
    ])
    func noGzip(path: String, acceptEncoding: String, varies: Bool) throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try server.client()
        let header = acceptEncoding.isEmpty ? "" : "Accept-Encoding: \(acceptEncoding)\r\n"
        let response = try client.exchange("GET \(path) HTTP/1.1\r\nHost: h\r\n\(header)\r\n")
        #expect(response.status == 200)
        #expect(response.header("content-encoding") == nil)
        #expect((response.header("vary") == "Accept-Encoding") == varies)
    }
}
