/// A legend: entries flowing left to right and wrapping onto further rows, each a swatch drawn like
/// the marks it names and a label.
struct Legend {
    enum Swatch {
        /// A square filled with a `<pattern>` (by its local id), as stacked segments and hatched
        /// cells are drawn.
        case pattern(id: String)
        /// A square of a plain colour with a border.
        case solid(colour: String)
        /// A short line with an optional marker, as series and roofs are drawn.
        case line(colour: String, dash: String?, marker: MarkerShape?)
        /// A marker alone, as roofline operators are drawn.
        case marker(MarkerShape, colour: String)
    }

    struct Entry {
        var label: String
        var swatch: Swatch
    }

    var entries: [Entry]
    /// The width entries flow within.
    var width: Double

    static let rowHeight = 20.0
    private static let swatchWidth = 22.0
    private static let swatchGap = 6.0
    private static let entryGap = 18.0

    /// Top-left corner of each entry, relative to the legend's origin.
    private var origins: [(x: Double, y: Double)] {
        var result: [(x: Double, y: Double)] = []
        var x = 0.0, y = 0.0
        for entry in entries {
            let entryWidth = Self.entryWidth(entry)
            if x > 0 && x + entryWidth > width {
                x = 0
                y += Self.rowHeight
            }
            result.append((x, y))
            x += entryWidth + Self.entryGap
        }
        return result
    }

    /// The height the legend takes; 0 when it has no entries.
    var height: Double {
        guard let last = origins.last else { return 0 }
        return last.y + Self.rowHeight
    }

    func draw(x: Double, y: Double, into svg: inout SVGWriter, ids: ChartIDs) {
        guard !entries.isEmpty else { return }
        svg.open("g", [("class", "legend")])
        for (entry, origin) in zip(entries, origins) {
            let left = x + origin.x, middle = y + origin.y + Self.rowHeight / 2
            Self.drawSwatch(entry.swatch, x: left, middle: middle, into: &svg, ids: ids)
            let label = TextMetrics.truncated(entry.label, toWidth: width - Self.swatchWidth - Self.swatchGap, fontSize: ChartStyle.legendSize)
            svg.text(label, x: left + Self.swatchWidth + Self.swatchGap, y: middle + ChartStyle.legendSize * 0.35, [("class", "legend")])
        }
        svg.close("g")
    }

    private static func entryWidth(_ entry: Entry) -> Double {
        swatchWidth + swatchGap + TextMetrics.width(of: entry.label, fontSize: ChartStyle.legendSize)
    }

    private static func drawSwatch(_ swatch: Swatch, x: Double, middle: Double, into svg: inout SVGWriter, ids: ChartIDs) {
        switch swatch {
        case .pattern(let id):
            svg.rect(x: x + 4, y: middle - 7, width: 14, height: 14, [
                ("fill", ids.url(id)), ("stroke", ChartStyle.ink), ("stroke-width", "0.5"),
            ])
        case .solid(let colour):
            svg.rect(x: x + 4, y: middle - 7, width: 14, height: 14, [
                ("fill", colour), ("stroke", ChartStyle.muted), ("stroke-width", "0.5"),
            ])
        case .line(let colour, let dash, let marker):
            var attributes: SVGWriter.Attributes = [("stroke", colour), ("stroke-width", "2")]
            if let dash { attributes.append(("stroke-dasharray", dash)) }
            svg.line(x1: x, y1: middle, x2: x + swatchWidth, y2: middle, attributes)
            marker?.draw(x: x + swatchWidth / 2, y: middle, size: 8, colour: colour, into: &svg)
        case .marker(let shape, let colour):
            shape.draw(x: x + swatchWidth / 2, y: middle, size: 9, colour: colour, into: &svg)
        }
    }
}
