import Foundation
@testable import HTTPCore
import Testing

/// The small value types responders use: header lookup, and requests made in code.
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

    @Test func requestSplitsPathAndQuery() {
        let request = HTTPRequest(method: "GET", target: "/v1/models?limit=2&x=?")
        #expect(request.path == "/v1/models")
        #expect(request.query == "limit=2&x=?")
        #expect(HTTPRequest(method: "GET", target: "/healthz").query == nil)
    }

    @Test func requestsMadeInCodeIndexTheirFields() {
        var request = HTTPRequest(method: .post, target: "/", headers: ["accept": "text/plain", "Accept": "*/*"])
        #expect(request.value(.accept) == "text/plain, */*")
        #expect(request.value(.contentType) == nil)
        request.headers.add(name: "Content-Type", value: "application/json")
        #expect(request.value(.contentType) == "application/json")
    }
}
