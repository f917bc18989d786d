/// What a device was measured to reach, beside its spec-sheet figures: micro-benchmarks' peak
/// per precision (a large matmul) and memory bandwidth (a large copy or STREAM). Seed 004's point:
/// the measured roofs move the ridge, and with it which operators are memory-bound.
public struct MeasuredRoofs: Hashable, Sendable {
    /// Measured FLOP/s per precision; a precision not measured is absent.
    public var peakFlopsPerSecond: [Precision: Double]
    /// Measured bytes per second, nil when not measured.
    public var bandwidthBytesPerSecond: Double?

    public init(peakFlopsPerSecond: [Precision: Double] = [:], bandwidthBytesPerSecond: Double? = nil) {
        self.peakFlopsPerSecond = peakFlopsPerSecond
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
    }

    /// Nothing measured.
    public var isEmpty: Bool { peakFlopsPerSecond.isEmpty && bandwidthBytesPerSecond == nil }

    /// These figures with `other`'s replacing them where `other` has one.
    func merging(_ other: MeasuredRoofs) -> MeasuredRoofs {
        MeasuredRoofs(
            peakFlopsPerSecond: peakFlopsPerSecond.merging(other.peakFlopsPerSecond) { _, given in given },
            bandwidthBytesPerSecond: other.bandwidthBytesPerSecond ?? bandwidthBytesPerSecond)
    }
}
