import HTTPCore

/// What an estimate request carries, by method: a POST its body, of its declared media type, with
/// an upload's fields in the query; a GET (and HEAD) its JSON in `?body=`, which is the whole query.
struct RequestInput {
    var body: [UInt8]
    var contentType: String?
    var fields: EstimatePipeline.UploadFields

    static func of(_ request: HTTPRequest) -> Result<RequestInput, APIProblem> {
        guard request.method.answeredAs == .get else {
            return .success(RequestInput(body: request.body, contentType: request.value(.contentType), fields: .query(request.query)))
        }
        return QueryBody.read(request.query).map {
            RequestInput(body: $0, contentType: MediaType.json.description, fields: .query(nil))
        }
    }
}
