extension ModelSpec {
    /// Weights a checkpoint stores quantised, and how. JSON names in brackets.
    public struct QuantizedWeights: Hashable, Sendable {
        /// [format]
        public var format: Format
        /// [scope]
        public var scope: Scope

        public enum Format: String, Hashable, Sendable, CaseIterable {
            /// OCP microscaling FP4: 4-bit E2M1 values with one 8-bit E8M0 scale per 32 values along
            /// each row's input dimension, 17 bytes per block of 32 (4.25 bits a value).
            case mxfp4
        }

        public enum Scope: String, Hashable, Sendable, CaseIterable {
            /// The routed experts' weight matrices (not their biases): what gpt-oss's
            /// `modules_to_not_convert` leaves quantised.
            case routedExperts = "routed_experts"
        }

        public init(format: Format, scope: Scope) {
            self.format = format
            self.scope = scope
        }
    }
}
