/// An exact decimal `significand × 10^exponent`. Tick values are built from integers this way, so a
/// label prints "0.3", never "0.30000000000000004", and its text needs no binary-to-decimal rounding.
struct DecimalNumber: Hashable, Sendable {
    var significand: Int
    var exponent: Int

    /// The nearest Double, for placing the tick.
    var value: Double {
        exponent >= 0
            ? Double(significand) * NumberText.power10(exponent)
            : Double(significand) / NumberText.power10(-exponent)
    }

    /// Positional notation without trailing zeros after the point ("1500", "0.25", "-3") while the
    /// leading digit lies between 10⁻⁹ and 10¹⁴; exponent form beyond, so no label grows long.
    var text: String {
        let number = normalized
        let leadingExponent = number.exponent + String(number.significand.magnitude).count - 1
        if number.significand != 0 && (leadingExponent >= 15 || leadingExponent < -9) { return scientificText }
        let negative = number.significand < 0
        var digits = String(number.significand.magnitude)
        if number.exponent >= 0 {
            if number.significand != 0 { digits += String(repeating: "0", count: number.exponent) }
        } else {
            let places = -number.exponent
            if digits.count <= places {
                digits = String(repeating: "0", count: places - digits.count + 1) + digits
            }
            let point = digits.index(digits.endIndex, offsetBy: -places)
            digits = String(digits[..<point]) + "." + String(digits[point...])
        }
        return (negative ? "-" : "") + digits
    }

    /// The same number with the trailing zeros of the significand moved into the exponent.
    private var normalized: DecimalNumber {
        guard significand != 0 else { return DecimalNumber(significand: 0, exponent: 0) }
        var number = self
        while number.significand % 10 == 0 {
            number.significand /= 10
            number.exponent += 1
        }
        return number
    }

    /// "1.25e18": one digit before the point, trailing zeros dropped.
    var scientificText: String {
        let number = normalized
        guard number.significand != 0 else { return "0" }
        let digits = String(number.significand.magnitude)
        let leadingExponent = number.exponent + digits.count - 1
        let mantissa = DecimalNumber(significand: number.significand, exponent: -(digits.count - 1))
        return "\(mantissa.text)e\(leadingExponent)"
    }

    /// The same number in a unit `10^shift` times larger: exact, no rounding.
    func shifted(by shift: Int) -> DecimalNumber {
        DecimalNumber(significand: significand, exponent: exponent - shift)
    }
}
