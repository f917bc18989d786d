/// Ticks of a logarithmic axis. A decimal axis ends at 1-2-5 values (1, 2, 5 × 10ⁿ) just outside the
/// data, so data near an end is not squeezed against it, and labels its decades; a byte axis ends at
/// and labels powers of two.
enum LogTicks {
    /// Logarithmic axes hold values in 10⁻³⁰⁰…10³⁰⁰; charts leave out values beyond, as they leave
    /// out zero and negative values, which no logarithmic axis can place.
    static let range = 1e-300...1e300

    static func make(lower: Double, upper: Double, quantity: Quantity, maxLabels: Int) -> AxisTicks {
        let low = Swift.min(Swift.max(lower, range.lowerBound), range.upperBound)
        let high = Swift.min(Swift.max(upper, low), range.upperBound)
        switch quantity.radix {
        // Three labels always suffice: a stride as large as both end exponents gives at most three.
        case .decimal: return decades(low, high, quantity, maxLabels: Swift.max(maxLabels, 3))
        case .binary: return powersOfTwo(low, high, quantity, maxLabels: Swift.max(maxLabels, 3))
        }
    }

    /// Labels at both ends and at every decade between (every second, third … when there are more
    /// than `maxLabels`), and at 2 and 5 within each decade too when all of them fit; unlabelled minor
    /// ticks at 2…9 when the decades are labelled one by one and at most six.
    private static func decades(_ low: Double, _ high: Double, _ quantity: Quantity, maxLabels: Int) -> AxisTicks {
        let start = NiceStep.atMost(low)
        var end = NiceStep.atLeast(high)
        if end == start { end = end.next }
        let firstDecade = start.mantissa == 1 ? start.exponent : start.exponent + 1
        let lastDecade = end.exponent
        let decadeCount = Swift.max(lastDecade - firstDecade + 1, 0)
        var stride = 1
        while (decadeCount + stride - 1) / stride + 2 > maxLabels && stride < decadeCount { stride += 1 }
        let span = end.exponent - start.exponent + 1
        let labelTwoAndFive = stride == 1 && decadeCount + 2 * span <= maxLabels
        let minorTicks = stride == 1 && span <= 7
        var ticks: [Tick] = []
        for exponent in start.exponent...end.exponent {
            for mantissa in 1...9 {
                let number = DecimalNumber(significand: mantissa, exponent: exponent)
                let atEnd = (mantissa == start.mantissa && exponent == start.exponent) || (mantissa == end.mantissa && exponent == end.exponent)
                guard number.value >= start.value && number.value <= end.value else { continue }
                if mantissa == 1 && floorMod(exponent, stride) == 0 {
                    ticks.append(tick(number, quantity, labelled: true, major: true))
                } else if atEnd {
                    ticks.append(tick(number, quantity, labelled: true, major: false))
                } else if minorTicks && mantissa > 1 {
                    let labelled = labelTwoAndFive && (mantissa == 2 || mantissa == 5)
                    ticks.append(tick(number, quantity, labelled: labelled, major: false))
                }
            }
        }
        return AxisTicks(lower: start.value, upper: end.value, ticks: ticks, titleUnit: quantity.unit)
    }

    /// A decimal tick labelled in the unit that suits it: 100 GFLOP/s, 1 TFLOP/s, 10 TFLOP/s; a count
    /// with its suffix only: 100, 1k, 10k.
    private static func tick(_ number: DecimalNumber, _ quantity: Quantity, labelled: Bool, major: Bool) -> Tick {
        let value = number.value
        let prefix = quantity.prefix(for: value)
        let label = quantity.label(number.shifted(by: prefix.power).text, prefix: prefix, withUnit: quantity.ticksCarryUnit)
        return Tick(value: value, label: labelled ? label : nil, isMajor: major)
    }

    /// Bytes: labels at powers of two (1, 2, 4 … 512 GiB, 1 TiB), every 1st, 2nd, 5th, 10th, 20th …
    /// power so that at most `maxLabels` remain, aligned to that stride so whole units (KiB, MiB)
    /// are among them.
    private static func powersOfTwo(_ low: Double, _ high: Double, _ quantity: Quantity, maxLabels: Int) -> AxisTicks {
        var top = high.exponent
        if Double(sign: .plus, exponent: top, significand: 1) < high { top += 1 }
        let first = low.exponent
        let last = Swift.max(top, first + 1)
        var step = 1
        var aligned = (first, last)
        while true {
            aligned = (floorDiv(first, step) * step, -floorDiv(-last, step) * step)
            if (aligned.1 - aligned.0) / step + 1 <= maxLabels || step > 2_000 { break }
            step = Int(NiceStep.atLeast(Double(step)).next.value)
        }
        let ticks = Swift.stride(from: aligned.0, through: aligned.1, by: step).map { exponent in
            let value = Double(sign: .plus, exponent: exponent, significand: 1)
            let prefix = quantity.prefix(for: value)
            // Exact from 1/1024 to 512 in every unit; only far outside any real memory size rounded.
            let number = NumberText.significant(value / quantity.factor(prefix), digits: 4)
            return Tick(value: value, label: quantity.label(number, prefix: prefix, withUnit: true), isMajor: true)
        }
        return AxisTicks(
            lower: Double(sign: .plus, exponent: aligned.0, significand: 1),
            upper: Double(sign: .plus, exponent: aligned.1, significand: 1),
            ticks: ticks, titleUnit: quantity.unit)
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    private static func floorMod(_ a: Int, _ b: Int) -> Int {
        a - floorDiv(a, b) * b
    }
}
