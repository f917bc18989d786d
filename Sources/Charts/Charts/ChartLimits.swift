/// Caps that bound a chart's size whatever its input: past a cap, items are left out (or, for memory
/// components, summed) and a note on the chart and in its description says how many. With every cap
/// reached an SVG stays under 1 MiB.
public enum ChartLimits {
    /// Titles are cut to this many characters (with "…").
    public static let titleCharacters = 120
    /// Every other label (bars, components, series, operators, models, accelerators) is cut to this.
    public static let labelCharacters = 60
    /// The description (`<desc>`) lists at most this many items in words; the rest are counted.
    public static let describedItems = 64

    /// Bars of a memory breakdown.
    public static let bars = 32
    /// Components drawn separately in a memory breakdown; the rest are summed into one "other" segment,
    /// so totals stay right.
    public static let components = 10
    /// Roofs of a roofline.
    public static let roofs = 6
    /// Operators placed on a roofline.
    public static let operators = 1_000
    /// Operators named by a label on a roofline (the first ones, in input order); the others keep
    /// their tooltip.
    public static let labelledOperators = 30
    /// Panels of a line chart.
    public static let panels = 4
    /// Series in one panel of a line chart.
    public static let seriesPerPanel = 10
    /// Points drawn per series; longer series are thinned to every k-th point (and the last).
    public static let pointsPerSeries = 1_000
    /// Charts stacked in one figure.
    public static let figureParts = 4
    /// Rows (models) and columns (accelerators) of a fits grid.
    public static let gridRows = 64
    public static let gridColumns = 16
}

extension Double {
    /// Whether a chart draws this value at all: finite and within ±10³⁰⁰, so sums of drawn values
    /// stay finite. Charts treat other values as missing and say so.
    var isDrawable: Bool { isFinite && Swift.abs(self) <= 1e300 }

    /// Whether a logarithmic axis can place this value: positive and within `LogTicks.range`.
    var isDrawableOnLogAxis: Bool { LogTicks.range.contains(self) }
}
