/// Ticks of a linear axis: multiples of a 1-2-5 step in the unit that suits the data's magnitude, so a
/// memory axis reads 0, 20, 40, 60, 80 GiB (in GiB, not in bytes).
enum LinearTicks {
    /// A linear axis always includes zero: bars and latencies are compared by length, and a baseline
    /// other than zero would exaggerate differences. This also keeps every tick index small.
    static func make(lower: Double, upper: Double, quantity: Quantity, maxTicks: Int) -> AxisTicks {
        // Beyond ±10³⁰⁰ the span itself could overflow.
        let lower = Swift.max(lower, -1e300), upper = Swift.min(upper, 1e300)
        let prefix = quantity.prefix(for: Swift.max(Swift.abs(lower), Swift.abs(upper)))
        let factor = quantity.factor(prefix)
        let low = Swift.min(lower, 0) / factor
        var high = Swift.max(upper, 0) / factor
        if high <= low { high = low + 1 }
        let count = Swift.max(maxTicks, 2)
        var step = NiceStep.atLeast((high - low) / Double(count - 1))
        var first = index(low / step.value, rounded: .down)
        var last = index(high / step.value, rounded: .up)
        while last - first + 1 > count {
            step = step.next
            first = index(low / step.value, rounded: .down)
            last = index(high / step.value, rounded: .up)
        }
        let ticks = (first...last).map { i in
            let number = step.multiple(i)
            return Tick(value: number.value * factor, label: quantity.label(number.text, prefix: prefix, withUnit: false), isMajor: true)
        }
        return AxisTicks(
            lower: step.multiple(first).value * factor, upper: step.multiple(last).value * factor,
            ticks: ticks, titleUnit: quantity.titleUnit(prefix: prefix))
    }

    /// The tick index of a scaled value, forgiving binary rounding (0.6 / 0.2 is 2.9999999999999996).
    /// Both ends lie within `count` steps of zero, so the index is small; the clamp only guards
    /// against a step that underflowed.
    private static func index(_ ratio: Double, rounded rule: FloatingPointRoundingRule) -> Int {
        let slack = rule == .up ? -1e-9 : 1e-9
        let rounded = (ratio + slack).rounded(rule)
        guard rounded.isFinite else { return 0 }
        return Int(Swift.min(Swift.max(rounded, -1_000), 1_000))
    }
}
