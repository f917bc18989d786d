/// Searches over a monotone predicate, in as many probes as the range has bits.
enum Bisection {
    /// The largest value in `range` for which `holds` is true, when it holds up to some point and
    /// not after; nil when it does not hold at the start.
    static func largest(in range: ClosedRange<Int>, _ holds: (Int) -> Bool) -> Int? {
        guard holds(range.lowerBound) else { return nil }
        if holds(range.upperBound) { return range.upperBound }
        var low = range.lowerBound
        var high = range.upperBound
        while low + 1 < high {
            let middle = low + (high - low) / 2
            if holds(middle) { low = middle } else { high = middle }
        }
        return low
    }
}
