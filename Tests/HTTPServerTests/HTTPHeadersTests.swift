import Foundation
@testable import HTTPServer
import Testing

/// The small value types handlers use: header lookup and problem+json bodies.
@Suite struct HTTPHeadersTests {
    @Test func lookupIsCaseInsensitiveAndOrderIsKept() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain", "X-A": "1"]
        headers.add(name: "x-a", value: "2")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["CONTENT-TYPE"] == "text/plain")
        #expect(headers.values("X-a") == ["1", "2"])
        #expect(headers["missing"] == nil)
        headers["X-A"] = "3"  // replaces every X-A, in the first one's place
        #expect(headers.fields.map(\.name) == ["Content-Type", "X-A"])
        #expect(headers.values("x-a") == ["3"])
        headers["content-type"] = nil
        #expect(!headers.contains("Content-Type"))
        #expect(headers.count == 1)
    }

    @Test func problemBodyIsValidRFC9457JSON() throws {
        let response = HTTPResponse.problem(status: 422, detail: "bad \"value\"\n\u{1}here")
        #expect(response.headers["content-type"] == "application/problem+json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(object["type"] as? String == "about:blank")
        #expect(object["title"] as? String == "Unprocessable Content")
        #expect(object["status"] as? Int == 422)
        #expect(object["detail"] as? String == "bad \"value\"\n\u{1}here")
    }

    @Test func requestSplitsPathAndQuery() {
        let request = HTTPRequest(method: "GET", target: "/v1/models?limit=2&x=?")
        #expect(request.path == "/v1/models")
        #expect(request.query == "limit=2&x=?")
        #expect(HTTPRequest(method: "GET", target: "/healthz").query == nil)
    }
}
