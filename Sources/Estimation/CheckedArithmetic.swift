/// Sums and products of user-supplied sizes. Swift traps on overflow, and no input may crash the
/// process, so every count built from a spec goes through these: an overflow becomes an
/// `EstimationError` naming the spec field that drove the count.
enum CheckedArithmetic {
    static func product(_ factors: Int..., field: String) throws(EstimationError) -> Int {
        var result = 1
        for factor in factors {
            let (value, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { throw overflowError(field: field) }
            result = value
        }
        return result
    }

    static func sum(_ terms: Int..., field: String) throws(EstimationError) -> Int {
        try sum(of: terms, field: field)
    }

    static func sum(of terms: [Int], field: String) throws(EstimationError) -> Int {
        var result = 0
        for term in terms {
            let (value, overflow) = result.addingReportingOverflow(term)
            if overflow { throw overflowError(field: field) }
            result = value
        }
        return result
    }

    private static func overflowError(field: String) -> EstimationError {
        EstimationError(
            field: field,
            message: "the model is too large to count exactly: a count built from this field exceeds 2^63 − 1"
        )
    }
}
