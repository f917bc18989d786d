/// Exact `Int` arithmetic that records overflow instead of trapping, so a formula can be written as
/// the formula it is and the caller throws once, naming the option that drove it out of range.
/// Once any step overflows, every later result is overflowed too.
struct CheckedInt: Hashable, Sendable, ExpressibleByIntegerLiteral {
    /// The exact value, or nil when some step overflowed.
    let value: Int?

    init(_ value: Int) { self.value = value }
    init(integerLiteral value: Int) { self.value = value }
    private init(overflowedFrom _: Void) { self.value = nil }

    static let overflowed = CheckedInt(overflowedFrom: ())

    private static func combine(
        _ lhs: CheckedInt, _ rhs: CheckedInt, _ op: (Int, Int) -> (partialValue: Int, overflow: Bool)
    ) -> CheckedInt {
        guard let l = lhs.value, let r = rhs.value else { return .overflowed }
        let (result, overflow) = op(l, r)
        return overflow ? .overflowed : CheckedInt(result)
    }

    static func + (lhs: CheckedInt, rhs: CheckedInt) -> CheckedInt {
        combine(lhs, rhs) { $0.addingReportingOverflow($1) }
    }

    static func - (lhs: CheckedInt, rhs: CheckedInt) -> CheckedInt {
        combine(lhs, rhs) { $0.subtractingReportingOverflow($1) }
    }

    static func * (lhs: CheckedInt, rhs: CheckedInt) -> CheckedInt {
        combine(lhs, rhs) { $0.multipliedReportingOverflow(by: $1) }
    }

    /// Quotient rounded towards +∞ for a non-negative value and a positive divisor; a share that
    /// does not divide evenly costs its last rank a whole byte.
    func dividedRoundingUp(by divisor: Int) -> CheckedInt {
        guard let v = value, divisor > 0, v >= 0 else { return .overflowed }
        let (q, r) = v.quotientAndRemainder(dividingBy: divisor)
        return CheckedInt(r == 0 ? q : q + 1)
    }

    static func max(_ lhs: CheckedInt, _ rhs: CheckedInt) -> CheckedInt {
        guard let l = lhs.value, let r = rhs.value else { return .overflowed }
        return CheckedInt(Swift.max(l, r))
    }

    static func min(_ lhs: CheckedInt, _ rhs: CheckedInt) -> CheckedInt {
        guard let l = lhs.value, let r = rhs.value else { return .overflowed }
        return CheckedInt(Swift.min(l, r))
    }

    /// The exact value, or an error blaming `field` (the option whose size made it overflow).
    func resolve(field: String) throws(EstimationError) -> Int {
        guard let value else {
            throw EstimationError(
                field: field,
                message: "too large: the result would exceed 2^63 − 1, the largest exact count this service computes"
            )
        }
        return value
    }
}

extension Sequence where Element == CheckedInt {
    func sum() -> CheckedInt { reduce(0, +) }
}
