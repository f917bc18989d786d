import Testing
@testable import Charts

@Suite("Number text")
struct NumberTextTests {
    @Test(arguments: [
        (12.5, 1, "12.5"), (12.0, 1, "12"), (-0.25, 2, "-0.25"), (-0.0, 1, "0"), (-0.04, 1, "0"),
        (0.05, 1, "0.1"), (1234.5678, 2, "1234.57"), (2.5, 0, "3"), (-2.5, 0, "-3"), (1e20, 1, "1e20"),
    ])
    func fixed(_ value: Double, _ decimals: Int, _ expected: String) {
        #expect(NumberText.fixed(value, decimals: decimals) == expected)
    }

    @Test func fixedNeverPrintsNonFiniteValues() {
        #expect(NumberText.fixed(.nan, decimals: 1) == "0")
        #expect(NumberText.fixed(.infinity, decimals: 1) == "0")
        #expect(NumberText.fixed(-.infinity, decimals: 1) == "0")
    }

    @Test(arguments: [
        (74.505, "74.5"), (0.00123456, "0.00123"), (12345.0, "12300"), (9.9996, "10"), (999.5, "1000"),
        (-1.5e-3, "-0.0015"), (1.25e18, "1.25e18"), (3.3e-12, "3.3e-12"), (1e15, "1e15"), (100, "100"),
        (.nan, "0"), (.infinity, "0"), (0, "0"), (Double.greatestFiniteMagnitude, "1.8e308"), (Double.leastNonzeroMagnitude, "0"), (1e-305, "1e-305"),
    ])
    func significant(_ value: Double, _ expected: String) {
        #expect(NumberText.significant(value, digits: 3) == expected)
    }

    @Test func decimalExponentIsExactAtPowersOfTen() {
        for exponent in -300...300 {
            #expect(NumberText.decimalExponent(of: NumberText.power10(exponent)) == exponent)
        }
        #expect(NumberText.decimalExponent(of: 999.999) == 2)
        #expect(NumberText.decimalExponent(of: .nan) == 0)
    }

    @Test(arguments: [
        (DecimalNumber(significand: 3, exponent: -1), "0.3"), (DecimalNumber(significand: 1500, exponent: 0), "1500"),
        (DecimalNumber(significand: -25, exponent: -2), "-0.25"), (DecimalNumber(significand: 0, exponent: 5), "0"),
        (DecimalNumber(significand: 120, exponent: -3), "0.12"), (DecimalNumber(significand: 5, exponent: 3), "5000"),
        (DecimalNumber(significand: 1, exponent: 15), "1e15"), (DecimalNumber(significand: 125, exponent: -12), "1.25e-10"),
    ])
    func decimalNumberText(_ number: DecimalNumber, _ expected: String) {
        #expect(number.text == expected)
    }

    @Test func decimalNumberShiftsExactly() {
        #expect(DecimalNumber(significand: 5, exponent: 14).shifted(by: 12).text == "500")
        #expect(DecimalNumber(significand: 2, exponent: -7).shifted(by: -9).text == "200")
    }
}
