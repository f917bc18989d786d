/// Why an input cannot be estimated: one or more fields, each with a reason a person can act on.
/// The service turns it into a 422 whose `errors` list is exactly `issues`.
public struct EstimationError: Error, Hashable, Sendable {
    public struct Issue: Hashable, Sendable {
        /// Dotted path of the offending field as the caller wrote it, e.g. `model.hidden_size` or
        /// `hf_config.num_key_value_heads`.
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var issues: [Issue]

    public init(issues: [Issue]) {
        self.issues = issues
    }

    public init(field: String, message: String) {
        self.issues = [Issue(field: field, message: message)]
    }
}
