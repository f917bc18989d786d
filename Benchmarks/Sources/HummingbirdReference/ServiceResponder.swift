import EstimationAPI
import HTTPCore
import HTTPTypes
import Hummingbird

/// Every request, whatever its path, goes straight to the `EstimationService` (an HTTPCore
/// responder): no router, no middleware, so Hummingbird does only what our own server does (parse,
/// frame, write) and the benchmark measures the transport. Its request and response are translated
/// field for field into HTTPCore's, the one adapter this comparison needs.
struct ServiceResponder: Hummingbird.HTTPResponder {
    typealias Context = BasicRequestContext

    let service: EstimationService
    /// The same body limit as our server's default (`HTTPServerConfiguration.maxBodyBytes`).
    let maxBodyBytes: Int

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        var request = request
        let body = try await request.collectBody(upTo: maxBodyBytes)
        var headers = HTTPCore.HTTPHeaders()
        for field in request.headers { headers.add(name: field.name.canonicalName, value: field.value) }
        let coreRequest = HTTPCore.HTTPRequest(
            method: HTTPCore.HTTPMethod(rawValue: request.method.rawValue), target: request.uri.description,
            headers: headers, body: Array(body.readableBytesView))
        let coreResponse = service.respond(to: coreRequest)
        // Our server's observer records every request in the service's metrics; so does this one.
        let elapsed = ContinuousClock.now - started
        service.metrics.recordRequest(
            method: coreRequest.method.rawValue, routePattern: coreResponse.routePattern ?? "unmatched",
            status: coreResponse.status.code,
            durationSeconds: Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))

        var fields = HTTPFields()
        for field in coreResponse.headers {
            if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) }
        }
        fields[.contentLength] = String(coreResponse.body.count)
        return Response(
            status: HTTPTypes.HTTPResponse.Status(code: coreResponse.status.code),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: coreResponse.body)))
    }
}
