import Foundation

/// An RFC 9457 problem document as terminal text: the detail, then each invalid field, named by
/// the flag that set it (or set the object or array holding it: `--spec` for `model.layers`,
/// `--model` for `models[1]`) when there is one.
enum ProblemReport {
    static func message(_ body: [UInt8], flags: [String: String]) -> String {
        guard let problem = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return "abacus: \(String(decoding: body, as: UTF8.self))\n"
        }
        var text = "abacus: \(problem["detail"] as? String ?? problem["title"] as? String ?? "the request failed")\n"
        for case let issue as [String: Any] in problem["errors"] as? [Any] ?? [] {
            let field = issue["field"] as? String ?? ""
            let name = flag(for: field, in: flags).map { "\($0) [\(field)]" } ?? field
            text += "  \(name): \(issue["message"] as? String ?? "")\n"
        }
        return text
    }

    /// The flag of `field`, else of its nearest enclosing object or array (`operators` for
    /// `operators[2].flops`).
    private static func flag(for field: String, in flags: [String: String]) -> String? {
        var path = Substring(field)
        while true {
            if let flag = flags[String(path)] { return flag }
            guard let end = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            path = path[..<end]
        }
    }
}
