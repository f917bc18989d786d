/// Which models fit on which accelerators: a grid with a row per model and a column per accelerator.
///
/// Each cell says in words and a symbol whether the model fits (✓ fits, ! tight, ✗ no fit, – n/a)
/// and by how much (free or short memory), so the grid reads without colour; the fill repeats it in
/// colour, with a hatch on cells that do not fit. "Tight" means it fits with less than
/// `tightFraction` of the usable memory free. A cell whose numbers are negative or not finite, or a
/// row with fewer cells than accelerators, shows "n/a". Past `ChartLimits.gridRows` rows and
/// `ChartLimits.gridColumns` columns the rest are left out and counted.
public struct FitsGrid: SVGChart, RenderableChart, Hashable {
    public enum Cell: Hashable, Sendable {
        /// Memory one GPU needs against what is usable on it (after headroom).
        case memory(requiredBytes: Double, usableBytes: Double)
        /// No estimate, and why ("tensor degree does not divide the heads").
        case unavailable(reason: String)
    }

    public struct Row: Hashable, Sendable {
        public var model: String
        /// One cell per accelerator, in the order of `accelerators`.
        public var cells: [Cell]

        public init(model: String, cells: [Cell]) {
            self.model = model
            self.cells = cells
        }
    }

    public var title: String
    /// Column headings.
    public var accelerators: [String]
    public var rows: [Row]
    /// Fits with less than this fraction of usable memory free count as tight; 0...1, default 0.1.
    /// A value outside (or not finite) is clamped into it (NaN reads as the default).
    public var tightFraction: Double

    public init(title: String, accelerators: [String], rows: [Row], tightFraction: Double = 0.1) {
        self.title = title
        self.accelerators = accelerators
        self.rows = rows
        self.tightFraction = tightFraction
    }

    public func svg() -> String {
        rendered(idScope: "").markup
    }

    func rendered(idScope: String) -> RenderedSVG {
        FitsGridRendering(self).rendered(idScope: idScope)
    }
}
