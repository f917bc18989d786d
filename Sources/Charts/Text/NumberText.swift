/// Decimal text for numbers, written without Foundation or a locale, so a value always gives the
/// same bytes on every platform. Callers pass finite values; anything else prints as "0" rather than
/// "nan" or "inf", which are not SVG numbers.
enum NumberText {
    /// Beyond this magnitude `fixed` hands over to `significant`, well inside `Int` and below 2⁵³.
    private static let largestFixed = 1e15

    /// `value` rounded half away from zero to `decimals` places (0...9), trailing zeros dropped:
    /// "12.5", "12", "-0.25"; a negative zero prints as "0". Coordinates use one decimal place.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let places = Swift.min(Swift.max(decimals, 0), 9)
        let scaled = (value * power10(places)).rounded(.toNearestOrAwayFromZero)
        guard scaled.isFinite else { return "0" }
        guard Swift.abs(scaled) < largestFixed else { return significant(value, digits: 15) }
        return DecimalNumber(significand: Int(scaled), exponent: -places).text
    }

    /// `value` to `digits` significant digits (1...15), trailing zeros dropped: 74.5, 0.00123, 12300;
    /// exponent form from 10¹⁵ up and below 10⁻⁹ ("1.2e18"), as `DecimalNumber.text` writes it.
    /// Subnormal magnitudes print as "0": their scale factors would underflow.
    static func significant(_ value: Double, digits: Int) -> String {
        guard value.isFinite, Swift.abs(value) >= Double.leastNormalMagnitude else { return "0" }
        let digits = Swift.min(Swift.max(digits, 1), 15)
        var exponent = decimalExponent(of: Swift.abs(value))
        var significand = (value / power10(exponent - digits + 1)).rounded(.toNearestOrAwayFromZero)
        // Rounding 9.995 to three digits carries into a new leading digit.
        if Swift.abs(significand) >= power10(digits) {
            exponent += 1
            significand = (value / power10(exponent - digits + 1)).rounded(.toNearestOrAwayFromZero)
        }
        return DecimalNumber(significand: Int(significand), exponent: exponent - digits + 1).text
    }

    /// ⌊log₁₀ magnitude⌋, corrected where `log10` rounds across a power of ten; 0 for a magnitude
    /// that is zero, negative or not finite.
    static func decimalExponent(of magnitude: Double) -> Int {
        guard magnitude.isFinite, magnitude > 0 else { return 0 }
        var exponent = Int(log10(magnitude).rounded(.down))
        if power10(exponent) > magnitude { exponent -= 1 }
        if power10(exponent + 1) <= magnitude { exponent += 1 }
        return exponent
    }

    /// 10ⁿ correctly rounded (parsing "1eN" is exact where repeated multiplication is not); 0 or ∞
    /// beyond the range of Double.
    static func power10(_ exponent: Int) -> Double {
        if exponent > 308 { return .infinity }
        if exponent < -323 { return 0 }
        return Double("1e\(exponent)") ?? 0
    }
}
