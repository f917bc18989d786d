/// Several charts in one SVG document, stacked top to bottom under one title: what one answer
/// shows when it has more than one thing to draw (an inference estimate's roofline, its batch
/// sweep and its context curves), since an HTTP answer is one image.
///
/// Each part keeps its own title, legend, axes and notes, drawn exactly as it is alone; the figure
/// is as wide as its widest part. The figure's text alternative is its title followed by every
/// part's, so a screen reader, which reads the whole image as one, hears all of them. Past
/// `ChartLimits.figureParts` parts the rest are left out and counted in a note.
public struct Figure: SVGChart, Hashable {
    public enum Part: Hashable, Sendable {
        case memory(MemoryBreakdownChart)
        case roofline(RooflineChart)
        case lines(LineChart)
        case fits(FitsGrid)

        fileprivate var chart: any RenderableChart {
            switch self {
            case .memory(let chart): chart
            case .roofline(let chart): chart
            case .lines(let chart): chart
            case .fits(let chart): chart
            }
        }
    }

    public var title: String
    public var parts: [Part]

    public init(title: String, parts: [Part]) {
        self.title = title
        self.parts = parts
    }

    public func svg() -> String {
        FigureRendering(self).rendered().markup
    }
}

/// The drawing of a `Figure`: its title, then each part inset on the figure's card.
private struct FigureRendering {
    /// Between the figure's edge and its parts, and between parts.
    private static let gap = 8.0

    private let title: String
    private let parts: [RenderedSVG]
    private let omitted: Int

    init(_ figure: Figure) {
        title = figure.title
        parts = figure.parts.prefix(ChartLimits.figureParts).enumerated().map { index, part in
            part.chart.rendered(idScope: "part \(index)")
        }
        omitted = figure.parts.count - parts.count
    }

    func rendered() -> RenderedSVG {
        let notes = omitted > 0
            ? ["\(ItemList.count(omitted, "more chart", "more charts")) not drawn (at most \(ChartLimits.figureParts))."] : []
        let width = (parts.map(\.width).max() ?? ChartFrame.standardWidth) + 2 * Self.gap
        let frame = ChartFrame(width: width, title: title, notes: notes)
        var tops: [Double] = []
        var y = frame.contentTop
        for part in parts {
            tops.append(y)
            y += part.height + Self.gap
        }
        let height = y + frame.bottomHeight
        let description = ([title + "."] + parts.map { "\($0.title): \($0.description)" } + notes).joined(separator: " ")
        let document = ChartDocument(width: width, height: height, title: frame.title, description: description)
        return document.render { svg, ids in
            frame.draw(height: height, into: &svg, ids: ids)
            for (part, top) in zip(parts, tops) {
                svg.open("g", [("class", "part"), ("transform", "translate(\(SVGWriter.number(Self.gap)) \(SVGWriter.number(top)))")])
                svg.nest(part)
                svg.close("g")
            }
        }
    }
}
