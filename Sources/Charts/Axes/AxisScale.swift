/// Maps data values of an axis's domain onto pixels, linearly or logarithmically.
struct AxisScale {
    var ticks: AxisTicks
    var logarithmic: Bool
    /// Pixel of `ticks.lower`.
    var start: Double
    /// Pixel of `ticks.upper`.
    var end: Double

    /// The pixel of `value`, or nil when the axis cannot place it: not finite, or not positive (or
    /// outside `LogTicks.range`) on a logarithmic axis.
    func position(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let fraction: Double
        if logarithmic {
            guard value.isDrawableOnLogAxis else { return nil }
            fraction = (log10(value) - log10(ticks.lower)) / (log10(ticks.upper) - log10(ticks.lower))
        } else {
            fraction = (value - ticks.lower) / (ticks.upper - ticks.lower)
        }
        guard fraction.isFinite else { return nil }
        return start + fraction * (end - start)
    }
}
