import Estimation

/// Validation problems gathered across a whole request, so that one answer lists all of them.
/// A reference type because every reader of one request adds to the same list.
final class IssueList {
    private(set) var issues: [EstimationError.Issue] = []

    var isEmpty: Bool { issues.isEmpty }

    func add(_ field: String, _ message: String) {
        issues.append(EstimationError.Issue(field: field, message: message))
    }

    /// Adds Estimation's issues, their fields made relative to the request: `hidden_size` reported
    /// for a spec given under `model` becomes `model.hidden_size`.
    func add(_ error: EstimationError, under prefix: String) {
        for issue in error.issues {
            let field = prefix.isEmpty || issue.field == prefix || issue.field.hasPrefix(prefix + ".")
                ? issue.field : "\(prefix).\(issue.field)"
            issues.append(EstimationError.Issue(field: field, message: issue.message))
        }
    }
}
