import EstimationAPI

/// A JSON object built member by member, for the `estimate` command's request. Values are JSON
/// text already (a number as typed, an escaped string, a file's own JSON); members whose key has
/// a dot (`parallelism.tensor`) go into the nested object of that name.
struct RequestBody {
    private var members: [(key: String, value: String)] = []
    private var nested: [(key: String, body: RequestBody)] = []

    /// Adds `path` → `json`, where `path` is `key` or `object.key`.
    mutating func set(_ path: String, json: String) {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            members.append((path, json))
            return
        }
        if let index = nested.firstIndex(where: { $0.key == parts[0] }) {
            nested[index].body.set(parts[1], json: json)
        } else {
            var body = RequestBody()
            body.set(parts[1], json: json)
            nested.append((parts[0], body))
        }
    }

    var json: String {
        let all = members.map { "\(JSONText.stringLiteral($0.key)):\($0.value)" }
            + nested.map { "\(JSONText.stringLiteral($0.key)):\($0.body.json)" }
        return "{" + all.joined(separator: ",") + "}"
    }
}
