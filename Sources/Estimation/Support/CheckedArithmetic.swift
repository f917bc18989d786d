/// Throwing shorthands over `CheckedInt` for code that wants each step checked at once (parameter
/// counting, config import): an overflow becomes an `EstimationError` naming the spec field that
/// drove the count. Swift traps on overflow, and no input may crash the process.
enum CheckedArithmetic {
    static func product(_ factors: Int..., field: String) throws(EstimationError) -> Int {
        try factors.reduce(CheckedInt(1)) { $0 * CheckedInt($1) }.resolve(field: field)
    }

    static func sum(_ terms: Int..., field: String) throws(EstimationError) -> Int {
        try sum(of: terms, field: field)
    }

    static func sum(of terms: [Int], field: String) throws(EstimationError) -> Int {
        // Folded in place: mapping to `[CheckedInt]` first allocated an array per sum.
        try terms.reduce(CheckedInt(0)) { $0 + CheckedInt($1) }.resolve(field: field)
    }
}
