/// The root of every chart: the `<svg>` element with its size, its accessible name (`<title>`) and
/// text alternative (`<desc>`), the stylesheet, pattern definitions and the white card.
struct ChartDocument {
    var width: Double
    var height: Double
    var title: String
    /// The text alternative: what the chart shows, in words and numbers.
    var description: String

    /// The markup, with element ids unique to the content: the body is drawn once with a fixed id
    /// prefix, hashed, and drawn again with the hash as prefix. Equal inputs give equal bytes, and two
    /// different charts inlined in one HTML page do not share ids (whose `url(#…)` references would
    /// otherwise cross between them).
    /// `idScope` tells apart equal charts drawn into one document (a `Figure`'s parts): it joins
    /// the hash, so their ids differ.
    func render(idScope: String = "", _ body: (inout SVGWriter, ChartIDs) -> Void) -> RenderedSVG {
        let draft = markup(ChartIDs(prefix: "chart"), body)
        return RenderedSVG(
            markup: markup(ChartIDs(prefix: "c" + StableHash.hex(of: idScope + draft)), body), width: width, height: height,
            title: title, description: description)
    }

    private func markup(_ ids: ChartIDs, _ body: (inout SVGWriter, ChartIDs) -> Void) -> String {
        var svg = SVGWriter()
        let w = SVGWriter.number(width), h = SVGWriter.number(height)
        svg.open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("width", w), ("height", h), ("viewBox", "0 0 \(w) \(h)"),
            ("role", "img"), ("aria-labelledby", "\(ids("title")) \(ids("desc"))"),
        ])
        svg.element("title", [("id", ids("title"))], text: title)
        svg.element("desc", [("id", ids("desc"))], text: description)
        svg.element("style", [], text: ChartStyle.stylesheet)
        svg.rect(x: 0.5, y: 0.5, width: width - 1, height: height - 1, [
            ("rx", "6"), ("fill", ChartStyle.card), ("stroke", ChartStyle.cardBorder),
        ])
        body(&svg, ids)
        svg.close("svg")
        return svg.markup
    }
}

/// A drawn chart with its size and text alternative, which a `Figure` needs to stack charts.
struct RenderedSVG {
    var markup: String
    var width: Double
    var height: Double
    var title: String
    var description: String
}

/// A chart that a `Figure` can hold: every chart of this target.
protocol RenderableChart {
    /// `idScope`: empty for a chart alone, distinct for each chart drawn into one document.
    func rendered(idScope: String) -> RenderedSVG
}

/// Element ids of one chart, all sharing its content-derived prefix.
struct ChartIDs {
    let prefix: String

    func callAsFunction(_ local: String) -> String { "\(prefix)-\(local)" }

    /// `url(#…)` for a fill or clip-path attribute.
    func url(_ local: String) -> String { "url(#\(self(local)))" }
}

/// 64-bit FNV-1a: small, fixed and seedless (Swift's `Hasher` is seeded per process, so it would
/// give different ids on every run).
enum StableHash {
    static func hex(of text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
