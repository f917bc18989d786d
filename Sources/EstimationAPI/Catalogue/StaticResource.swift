/// A response body fixed for the process's life (catalogues, the OpenAPI document), encoded once at
/// start-up. Its strong `ETag` is a digest of the exact bytes, so `If-None-Match` can answer 304.
struct StaticResource: Sendable {
    let body: [UInt8]
    let contentType: String
    let etag: String

    init(body: [UInt8], contentType: String) {
        self.body = body
        self.contentType = contentType
        etag = "\"" + SpecHash(of: body).hex.prefix(32) + "\""
    }

    func response(routePattern: String, ifNoneMatch: String?) -> APIResponse {
        if ConditionalRequest.matches(ifNoneMatch: ifNoneMatch, etag: etag) {
            return APIResponse(status: 304, headers: [("ETag", etag)], body: [], routePattern: routePattern)
        }
        return APIResponse(
            status: 200, headers: [("Content-Type", contentType), ("ETag", etag)], body: body,
            routePattern: routePattern)
    }
}
