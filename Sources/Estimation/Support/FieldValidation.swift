/// Collects every invalid field at once, so a caller sees all of its mistakes in one response.
/// Field names are built only for a failure (autoclosures): names such as
/// `hardware.peak_flops_per_second.bf16` are interpolated, and validation runs on every request.
struct FieldValidation {
    private(set) var issues: [EstimationError.Issue] = []

    /// Returns whether `value` is in range, so that checks that depend on it can be skipped.
    @discardableResult
    mutating func require(_ value: Int, in range: ClosedRange<Int>, field: @autoclosure () -> String) -> Bool {
        if range.contains(value) { return true }
        fail(field(), "must be an integer from \(range.lowerBound) to \(range.upperBound), got \(value)")
        return false
    }

    /// `value` must be finite and inside `range`; `openLower` excludes the lower bound.
    mutating func require(
        _ value: Double, in range: ClosedRange<Double>, openLower: Bool = false, field: @autoclosure () -> String
    ) {
        let aboveLower = openLower ? value > range.lowerBound : value >= range.lowerBound
        if !(value.isFinite && aboveLower && value <= range.upperBound) {
            let lower = openLower ? "greater than \(range.lowerBound)" : "at least \(range.lowerBound)"
            fail(field(), "must be a finite number \(lower) and at most \(range.upperBound), got \(value)")
        }
    }

    mutating func fail(_ field: String, _ message: String) {
        issues.append(EstimationError.Issue(field: field, message: message))
    }

    /// Adds the issues `body` throws, so that another validation's findings join these.
    mutating func include<Value>(_ body: () throws(EstimationError) -> Value) {
        do {
            _ = try body()
        } catch {
            issues.append(contentsOf: error.issues)
        }
    }

    func check() throws(EstimationError) {
        if !issues.isEmpty { throw EstimationError(issues: issues) }
    }
}

/// The documented ranges of the sizes every estimate accepts. They are generous (beyond any real
/// training run) and exist so that absurd inputs are refused with a message instead of computed.
enum OptionLimits {
    static let batchSize = 1...1 << 20
    static let sequenceLength = 1...1 << 24
    static let parallelDegree = 1...1 << 20
    static let microBatches = 1...1 << 20
    static let gpus = 1...1 << 24
    static let tokens = 1...1_000_000_000_000_000_000
    static let headroom: ClosedRange<Double> = 0...0.99
}
