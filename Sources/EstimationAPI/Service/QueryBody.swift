import HTTPCore

/// A GET's request: the JSON body a POST would send, URL-encoded in the query parameter `body`
/// (`GET /v1/fits?body=%7B%22models%22…`), so that a URL alone names an estimate: a chart in an
/// `<img>`, a link on a dashboard. The answer, its ETag and its cache entry are the POST's.
enum QueryBody {
    static let parameter = "body"

    /// The body's bytes, or a 422 naming what else the query holds or what it lacks.
    static func read(_ query: String?) -> Result<[UInt8], APIProblem> {
        let issues = IssueList()
        var body: [UInt8]?
        var given = 0
        for (name, value) in QueryItems.bytePairs(query ?? "") {
            if name == parameter {
                given += 1
                if body == nil { body = value }
            } else {
                issues.add(name, "is not read: a GET gives every field inside the JSON of `\(parameter)`")
            }
        }
        switch given {
        case 0: issues.add(parameter, "is required: the JSON body a POST would send, URL-encoded")
        case 1: break
        default: issues.add(parameter, "is given \(given) times; give it once")
        }
        guard issues.isEmpty, let body else { return .failure(.invalidQuery(issues)) }
        return .success(body)
    }
}
