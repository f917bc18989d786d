/// One tick of an axis, in data units.
struct Tick: Hashable, Sendable {
    var value: Double
    /// The label, or nil for an unlabelled minor tick.
    var label: String?
    /// Decades (and the ticks of linear axes) are major: they get grid lines, and their labels are
    /// the last to be thinned out.
    var isMajor: Bool
}

/// The ticks of an axis and the domain they span (the data range widened to the outer ticks).
struct AxisTicks: Hashable, Sendable {
    var lower: Double
    var upper: Double
    var ticks: [Tick]
    /// What the title states in parentheses: the one unit of a linear axis ("GiB"), the base unit of
    /// a logarithmic one, whose ticks carry their own ("FLOP/s"); empty for plain numbers.
    var titleUnit: String

    /// "Memory per GPU (GiB)".
    func title(_ name: String) -> String {
        titleUnit.isEmpty ? name : "\(name) (\(titleUnit))"
    }

    /// Ticks for a linear or logarithmic axis over data in `lower...upper` (already finite, and
    /// positive for a logarithmic axis), with at most `maxLabels` labels before overlap thinning.
    static func make(lower: Double, upper: Double, quantity: Quantity, logarithmic: Bool, maxLabels: Int) -> AxisTicks {
        logarithmic
            ? LogTicks.make(lower: lower, upper: upper, quantity: quantity, maxLabels: maxLabels)
            : LinearTicks.make(lower: lower, upper: upper, quantity: quantity, maxTicks: maxLabels)
    }
}
