import EstimationAPI
import HTTPServer

/// Translates between the server's request/response values and the service's, field for field.
/// Nothing else: routing, validation and errors are the service's; framing is the server's.
enum ServiceAdapter {
    static func apiRequest(_ request: HTTPRequest) -> APIRequest {
        // The server hands HEAD over as GET (and drops the body afterwards); the service answers
        // HEAD like GET too, but names the client's own method in a 405.
        APIRequest(
            method: request.isHead ? "HEAD" : request.method,
            path: request.path,
            query: request.query,
            accept: joined(request.headers.values("accept")),
            contentType: request.headers["content-type"],
            ifNoneMatch: joined(request.headers.values("if-none-match")),
            body: request.body)
    }

    static func httpResponse(_ response: APIResponse) -> HTTPResponse {
        HTTPResponse(
            status: response.status,
            headers: HTTPHeaders(response.headers.map { HTTPField(name: $0.name, value: $0.value) }),
            body: response.body,
            routePattern: response.routePattern)
    }

    /// List-valued fields may arrive split over several lines; RFC 9110 §5.3 lets them be joined.
    private static func joined(_ values: [String]) -> String? {
        values.isEmpty ? nil : values.joined(separator: ", ")
    }

    /// The server's handler for a service.
    static func handler(for service: EstimationService) -> HTTPHandler {
        { request in httpResponse(service.handle(apiRequest(request))) }
    }
}
