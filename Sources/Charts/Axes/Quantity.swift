/// What a value measures, which fixes its units and how they scale: bytes in binary units
/// (KiB, MiB, GiB, TiB), rates and FLOPs in decimal SI units (GB/s, TFLOP/s), time in ns, µs, ms
/// and s, and counts with k, M, G, T after the number ("12k").
public struct Quantity: Hashable, Sendable {
    /// The base unit, as axis titles show it: "B", "FLOP/s", "s", "tokens/s"; empty for a plain number.
    public let unit: String
    let radix: Radix
    /// Ascending: each prefix is `radix`^`power` base units.
    let prefixes: [Prefix]
    let style: Style

    enum Radix: Hashable, Sendable {
        /// 10^power.
        case decimal
        /// 2^power.
        case binary
    }

    enum Style: Hashable, Sendable {
        /// Each prefix is a whole unit symbol, written after a space: "74.5 GiB"; a linear axis puts
        /// the symbol in its title and plain numbers at its ticks.
        case unitSymbol
        /// Each prefix is a suffix of the number, the unit follows: "12k tokens/s"; a linear axis
        /// puts the unit in its title and "12k" at its ticks.
        case numberSuffix
    }

    struct Prefix: Hashable, Sendable {
        var power: Int
        var symbol: String
    }

    /// Memory and sizes: B, KiB, MiB, GiB, TiB, PiB, EiB (powers of 1024).
    public static let bytes = Quantity(
        unit: "B", radix: .binary,
        prefixes: ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"].enumerated().map { Prefix(power: 10 * $0.offset, symbol: $0.element) },
        style: .unitSymbol)
    /// Bandwidth in decimal units, as spec sheets quote it: B/s, kB/s, MB/s, GB/s, TB/s, PB/s.
    public static let bytesPerSecond = decimal("B/s", prefixed: ["", "k", "M", "G", "T", "P"])
    /// Operation counts: FLOP, kFLOP … EFLOP.
    public static let flops = decimal("FLOP", prefixed: ["", "k", "M", "G", "T", "P", "E"])
    /// Compute rates: FLOP/s, kFLOP/s … GFLOP/s, TFLOP/s, PFLOP/s, EFLOP/s.
    public static let flopsPerSecond = decimal("FLOP/s", prefixed: ["", "k", "M", "G", "T", "P", "E"])
    /// Durations: ns, µs, ms, s (longer durations stay in seconds).
    public static let seconds = Quantity(
        unit: "s", radix: .decimal,
        prefixes: [Prefix(power: -9, symbol: "ns"), Prefix(power: -6, symbol: "µs"), Prefix(power: -3, symbol: "ms"), Prefix(power: 0, symbol: "s")],
        style: .unitSymbol)
    /// Arithmetic intensity, FLOP per byte moved, written as a count: 0.5, 12, 1.2k.
    public static let flopsPerByte = count("FLOP/B")

    /// A count of `unit` ("tokens", "tokens/s", "sequences"; empty for a plain number), with k, M, G, T
    /// suffixes.
    public static func count(_ unit: String) -> Quantity {
        Quantity(
            unit: unit, radix: .decimal,
            prefixes: ["", "k", "M", "G", "T"].enumerated().map { Prefix(power: 3 * $0.offset, symbol: $0.element) },
            style: .numberSuffix)
    }

    private static func decimal(_ unit: String, prefixed symbols: [String]) -> Quantity {
        Quantity(
            unit: unit, radix: .decimal,
            prefixes: symbols.enumerated().map { Prefix(power: 3 * $0.offset, symbol: $0.element + unit) },
            style: .unitSymbol)
    }

    /// `value` to three significant digits in the largest unit not above it: "74.5 GiB", "989 TFLOP/s",
    /// "7.37 ms", "12.3k tokens/s", "0 B"; "n/a" when it is not finite.
    public func text(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        let prefix = prefix(for: Swift.abs(value))
        return label(NumberText.significant(value / factor(prefix), digits: 3), prefix: prefix, withUnit: true)
    }

    /// The largest prefix whose factor is at most `magnitude`; the smallest for magnitudes below it
    /// (and for zero).
    func prefix(for magnitude: Double) -> Prefix {
        var chosen = prefixes[0]
        for prefix in prefixes where factor(prefix) <= magnitude { chosen = prefix }
        return chosen
    }

    func factor(_ prefix: Prefix) -> Double {
        switch radix {
        case .decimal: NumberText.power10(prefix.power)
        case .binary: Double(sign: .plus, exponent: prefix.power, significand: 1)
        }
    }

    /// A number already in `prefix` units, with its unit: "74.5 GiB", "12k tokens/s"; without it
    /// (`withUnit: false`), what a linear axis prints at a tick: "74.5", "12k".
    func label(_ number: String, prefix: Prefix, withUnit: Bool) -> String {
        if number == "0" && style == .numberSuffix { return withUnit && !unit.isEmpty ? "0 \(unit)" : "0" }
        switch style {
        case .unitSymbol:
            return withUnit ? "\(number) \(prefix.symbol)" : number
        case .numberSuffix:
            return withUnit && !unit.isEmpty ? "\(number)\(prefix.symbol) \(unit)" : number + prefix.symbol
        }
    }

    /// Whether each tick of a logarithmic axis names its unit ("1 TFLOP/s", "10 TFLOP/s"), because the
    /// prefix changes along the axis; counts ("1k", "10k") leave it to the title.
    var ticksCarryUnit: Bool { style == .unitSymbol }

    /// The unit a linear axis states in its title once for all its ticks: "GiB", "ms", "tokens/s".
    func titleUnit(prefix: Prefix) -> String {
        switch style {
        case .unitSymbol: prefix.symbol
        case .numberSuffix: unit
        }
    }
}
