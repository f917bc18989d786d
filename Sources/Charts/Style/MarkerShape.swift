/// The shape of a point marker: series and operator kinds differ in shape as well as colour.
enum MarkerShape: Int, CaseIterable, Sendable {
    case circle, square, triangle, diamond, triangleDown, plus

    /// The shape of the `index`-th series.
    static func nth(_ index: Int) -> MarkerShape {
        allCases[index % allCases.count]
    }

    /// Draws the marker centred on (x, y), about `size` pixels across, with an optional tooltip.
    func draw(x: Double, y: Double, size: Double, colour: String, tooltip: String? = nil, into svg: inout SVGWriter) {
        let r = size / 2
        var path = PathData()
        switch self {
        case .circle:
            svg.empty("circle", [
                ("cx", SVGWriter.number(x)), ("cy", SVGWriter.number(y)), ("r", SVGWriter.number(r)),
                ("fill", colour), ("stroke", ChartStyle.card), ("stroke-width", "1"),
            ], tooltip: tooltip)
            return
        case .square:
            path.move(x - r * 0.85, y - r * 0.85); path.line(x + r * 0.85, y - r * 0.85)
            path.line(x + r * 0.85, y + r * 0.85); path.line(x - r * 0.85, y + r * 0.85)
        case .triangle:
            path.move(x, y - r * 1.1); path.line(x + r, y + r * 0.75); path.line(x - r, y + r * 0.75)
        case .diamond:
            path.move(x, y - r * 1.15); path.line(x + r, y); path.line(x, y + r * 1.15); path.line(x - r, y)
        case .triangleDown:
            path.move(x, y + r * 1.1); path.line(x + r, y - r * 0.75); path.line(x - r, y - r * 0.75)
        case .plus:
            let t = r * 0.35
            path.move(x - t, y - r); path.line(x + t, y - r); path.line(x + t, y - t); path.line(x + r, y - t)
            path.line(x + r, y + t); path.line(x + t, y + t); path.line(x + t, y + r); path.line(x - t, y + r)
            path.line(x - t, y + t); path.line(x - r, y + t); path.line(x - r, y - t); path.line(x - t, y - t)
        }
        path.close()
        svg.path(path, [("fill", colour), ("stroke", ChartStyle.card), ("stroke-width", "1")], tooltip: tooltip)
    }
}

/// Dash patterns of lines, in order of use: series differ in dash as well as colour and marker.
enum DashPattern {
    static let all: [String?] = [nil, "7 4", "2 3", "9 3 2 3"]

    static func nth(_ index: Int) -> String? { all[index % all.count] }
}
