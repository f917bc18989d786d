/// Labels in the right margin of a plot, each beside the end of a horizontal line (a capacity, a fit
/// line, a roof): outside the plot they never cover data, and they are pushed apart vertically so
/// that they never cover each other. Their order follows the lines', top to bottom.
struct MarginLabels {
    struct Label {
        /// The pixel row of the line it names.
        var y: Double
        /// The second line (the figure) is set bold, the others regular.
        var lines: [String]
    }

    /// Labels are cut to this width.
    static let maxWidth = 120.0
    private static let lineHeight = ChartStyle.labelSize + 3
    private static let gap = 8.0

    var labels: [Label]

    /// Width the margin needs: the widest line and the gap before it; 0 without labels.
    var width: Double {
        let widest = labels.flatMap(\.lines).map {
            Swift.min(TextMetrics.width(of: $0, fontSize: ChartStyle.labelSize, bold: true), Self.maxWidth)
        }.max()
        return widest.map { $0 + Self.gap + 4 } ?? 0
    }

    /// Draws the labels left-aligned at `x`, from the top down, each centred on its line unless that
    /// would overlap the label above it (then it moves down) or start above `top`.
    func draw(x: Double, top: Double, into svg: inout SVGWriter) {
        var floor = top
        for label in labels.sorted(by: { $0.y < $1.y }) {
            let height = Double(label.lines.count) * Self.lineHeight
            let start = Swift.max(label.y - height / 2, floor)
            for (row, line) in label.lines.enumerated() {
                let bold = row == 1
                svg.text(
                    TextMetrics.truncated(line, toWidth: Self.maxWidth, fontSize: ChartStyle.labelSize, bold: bold),
                    x: x + Self.gap, y: start + Double(row) * Self.lineHeight + ChartStyle.labelSize * 0.85,
                    [("class", bold ? "label-strong" : "label")])
            }
            floor = start + height + 4
        }
    }
}
