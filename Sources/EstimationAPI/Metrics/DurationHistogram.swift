/// A Prometheus histogram of service times with fixed buckets, sized for a service whose cache hits
/// take microseconds and whose slowest answers take milliseconds.
struct DurationHistogram: Sendable {
    static let upperBounds: [Double] = [
        0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1,
        0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// Observations at or below each bound (not yet cumulative); the last slot is +Inf.
    private(set) var bucketCounts = [Int](repeating: 0, count: upperBounds.count + 1)
    private(set) var sum = 0.0
    private(set) var count = 0

    mutating func observe(_ seconds: Double) {
        let value = seconds.isFinite ? Swift.max(0, seconds) : 0
        var bucket = Self.upperBounds.count
        for (position, bound) in Self.upperBounds.enumerated() where value <= bound {
            bucket = position
            break
        }
        bucketCounts[bucket] += 1
        sum += value
        count += 1
    }
}
