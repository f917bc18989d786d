import HTTPCore

/// A response body fixed for the process's life (catalogues, the OpenAPI document), encoded once at
/// start-up. Its strong `ETag` is a digest of the exact bytes, so `If-None-Match` can answer 304.
struct StaticResource: Sendable {
    let body: [UInt8]
    let contentType: MediaType
    let etag: String

    init(body: [UInt8], contentType: MediaType) {
        self.body = body
        self.contentType = contentType
        etag = "\"" + SpecHash(of: body).hex.prefix(32) + "\""
    }

    func response(to request: HTTPRequest, routePattern: String) -> HTTPResponse {
        if EntityTag.matches(ifNoneMatch: request.value(.ifNoneMatch), etag: etag) {
            return HTTPResponse(status: .notModified, headers: ["ETag": etag], routePattern: routePattern)
        }
        return HTTPResponse(
            status: .ok, headers: ["Content-Type": contentType.description, "ETag": etag], body: body,
            routePattern: routePattern)
    }
}
