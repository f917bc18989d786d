import EstimationAPI
import HTTPTypes
import Hummingbird

/// Every request, whatever its path, goes straight to the `EstimationService`: no router, no
/// middleware, so Hummingbird does only what our own server does (parse, frame, write) and the
/// benchmark measures the transport, not a routing layer ours does not have either.
struct ServiceResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let service: EstimationService
    /// The same body limit as our server's default (`HTTPServerConfiguration.maxBodyBytes`).
    let maxBodyBytes: Int

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        var request = request
        let body = try await request.collectBody(upTo: maxBodyBytes)
        let apiRequest = APIRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query,
            accept: request.headers[.accept],
            contentType: request.headers[.contentType],
            ifNoneMatch: request.headers[.ifNoneMatch],
            body: Array(body.readableBytesView)
        )
        let apiResponse = service.handle(apiRequest)
        // Our server's adapter records every request in the service's metrics; so does this one.
        let elapsed = ContinuousClock.now - started
        service.metrics.recordRequest(
            method: apiRequest.method, routePattern: apiResponse.routePattern, status: apiResponse.status,
            durationSeconds: Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))

        var headers = HTTPFields()
        for header in apiResponse.headers {
            if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
        }
        headers[.contentLength] = String(apiResponse.body.count)
        return Response(
            status: HTTPResponse.Status(code: apiResponse.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: apiResponse.body)))
    }
}
