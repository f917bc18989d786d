import Foundation
@testable import HTTPCore
import Testing

/// Every answer the server gives itself is an RFC 9457 problem document that parses as JSON (their
/// details are written without escaping, so each must be plain text).
@Suite struct ServerProblemTests {
    @Test(arguments: ServerRejection.all)
    func rejectionDocumentsAreValidProblemJSON(rejection: ServerRejection) throws {
        let response = rejection.response
        #expect(response.status == rejection.status)
        #expect(response.headers["content-type"] == "application/problem+json")
        #expect(response.routePattern == HTTPResponse.rejectedRoute)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(object["type"] as? String == "about:blank")
        #expect(object["title"] as? String == rejection.status.reasonPhrase)
        #expect(object["status"] as? Int == rejection.status.code)
        #expect(object["detail"] as? String == rejection.detail.description)
        #expect((response.headers["retry-after"] != nil) == (rejection.status == .serviceUnavailable))
    }
}
