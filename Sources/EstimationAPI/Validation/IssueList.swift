import Estimation

/// Validation problems gathered across a whole request, so that one answer lists all of them.
/// A reference type because every reader of one request adds to the same list. An issue reported
/// twice (a field that two sections of `/v1/estimate` both read) is listed once.
///
/// Bounded, whatever the input: the first `maximumIssues` are kept (later ones are only counted),
/// and field names and messages, which quote the request, are cut short (`RequestEcho`), so a body
/// of junk cannot make the answer, or the work of building it, grow with its size.
final class IssueList {
    static let maximumIssues = 100

    private(set) var issues: [EstimationError.Issue] = []
    private var seen: Set<EstimationError.Issue> = []
    /// Issues beyond `maximumIssues`, counted but not kept.
    private(set) var omitted = 0

    var isEmpty: Bool { issues.isEmpty }

    func add(_ field: String, _ message: String) {
        append(EstimationError.Issue(field: field, message: message))
    }

    /// Adds Estimation's issues, their fields made relative to the request: `hidden_size` reported
    /// for a spec given under `model` becomes `model.hidden_size`.
    func add(_ error: EstimationError, under prefix: String) {
        for issue in error.issues {
            let field = prefix.isEmpty || issue.field == prefix || issue.field.hasPrefix(prefix + ".")
                ? issue.field : "\(prefix).\(issue.field)"
            append(EstimationError.Issue(field: field, message: issue.message))
        }
    }

    /// Runs `body`, adding what it throws (fields kept as they are).
    func collect(_ body: () throws(EstimationError) -> Void) {
        do { try body() } catch { add(error, under: "") }
    }

    /// Throws the list when it is not empty.
    func check() throws(EstimationError) {
        if !issues.isEmpty { throw EstimationError(issues: issues) }
    }

    private func append(_ issue: EstimationError.Issue) {
        guard issues.count < Self.maximumIssues else {
            omitted += 1
            return
        }
        let bounded = EstimationError.Issue(field: RequestEcho.truncated(issue.field), message: RequestEcho.truncated(issue.message))
        if seen.insert(bounded).inserted { issues.append(bounded) }
    }

}
