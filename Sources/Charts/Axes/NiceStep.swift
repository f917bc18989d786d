/// A tick step of 1, 2 or 5 × 10^exponent: the steps people read without arithmetic.
struct NiceStep: Hashable, Sendable {
    /// 1, 2 or 5.
    var mantissa: Int
    var exponent: Int

    var value: Double { DecimalNumber(significand: mantissa, exponent: exponent).value }

    /// The smallest nice step at least `rough` (which is finite and positive).
    static func atLeast(_ rough: Double) -> NiceStep {
        let exponent = NumberText.decimalExponent(of: rough)
        for mantissa in [1, 2, 5] {
            let step = NiceStep(mantissa: mantissa, exponent: exponent)
            if step.value >= rough { return step }
        }
        return NiceStep(mantissa: 1, exponent: exponent + 1)
    }

    /// The largest nice value at most `value` (which is finite and positive).
    static func atMost(_ value: Double) -> NiceStep {
        let exponent = NumberText.decimalExponent(of: value)
        for mantissa in [5, 2, 1] {
            let step = NiceStep(mantissa: mantissa, exponent: exponent)
            if step.value <= value { return step }
        }
        return NiceStep(mantissa: 5, exponent: exponent - 1)
    }

    /// The next larger nice step: 1 → 2 → 5 → 10.
    var next: NiceStep {
        switch mantissa {
        case 1: NiceStep(mantissa: 2, exponent: exponent)
        case 2: NiceStep(mantissa: 5, exponent: exponent)
        default: NiceStep(mantissa: 1, exponent: exponent + 1)
        }
    }

    /// The `index`-th multiple of the step, exactly.
    func multiple(_ index: Int) -> DecimalNumber {
        DecimalNumber(significand: index * mantissa, exponent: exponent)
    }
}
