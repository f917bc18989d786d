/// Labels of categories side by side (bars, grid columns), each centred on its band: on one line
/// when all fit, else wrapped at spaces onto up to four lines, else (a word wider than the band)
/// rotated and cut to `rotatedWidth`.
struct CategoryLabels {
    static let maxLines = 4
    static let rotation = 35.0
    static let rotatedWidth = 220.0

    /// Where the labels sit relative to the edge they are drawn against.
    enum Side {
        /// Under an axis: text starts at the edge and runs down.
        case below
        /// Over a grid: text ends at the edge.
        case above
    }

    private let texts: [String]
    private let fontSize: Double
    private let bold: Bool
    /// Lines per label when wrapped; nil when the labels are rotated.
    private let wrapped: [[String]]?

    init(_ texts: [String], band: Double, fontSize: Double, bold: Bool) {
        self.texts = texts
        self.fontSize = fontSize
        self.bold = bold
        let width = band - 6
        let lines = texts.map { TextMetrics.wrapped($0, toWidth: width, fontSize: fontSize, bold: bold, maxLines: Self.maxLines) }
        // Wrapping is kept only when it cut nothing.
        let whole = zip(texts, lines).allSatisfy { text, lines in
            lines.joined(separator: " ") == text.split(separator: " ").joined(separator: " ")
        }
        wrapped = whole ? lines : nil
    }

    private var lineHeight: Double { fontSize + 3 }

    /// The height the labels take from the edge.
    var height: Double {
        if let wrapped {
            return Double(wrapped.map(\.count).max() ?? 0) * lineHeight
        }
        let widest = texts.map { TextMetrics.width(of: $0, fontSize: fontSize, bold: bold) }.max() ?? 0
        return Swift.min(widest, Self.rotatedWidth) * sin(Self.rotation * .pi / 180) + fontSize
    }

    /// How far rotated labels reach right of their band's centre (0 when not rotated): the space a
    /// grid needs beside its last column.
    var overhang: Double {
        guard wrapped == nil else { return 0 }
        let widest = texts.map { TextMetrics.width(of: $0, fontSize: fontSize, bold: bold) }.max() ?? 0
        return Swift.min(widest, Self.rotatedWidth) * cos(Self.rotation * .pi / 180)
    }

    func draw(_ index: Int, centre: Double, edge: Double, side: Side, attributes: SVGWriter.Attributes, into svg: inout SVGWriter) {
        if let wrapped {
            let lines = wrapped[index]
            for (row, line) in lines.enumerated() {
                let baseline = switch side {
                case .below: edge + fontSize * 0.85 + Double(row) * lineHeight
                case .above: edge - Double(lines.count - 1 - row) * lineHeight
                }
                svg.text(line, x: centre, y: baseline, anchor: .middle, attributes)
            }
            return
        }
        let text = TextMetrics.truncated(texts[index], toWidth: Self.rotatedWidth, fontSize: fontSize, bold: bold)
        let (x, y, anchor) = switch side {
        case .below: (centre + 4, edge + fontSize * 0.85, TextAnchor.end)
        case .above: (centre - 4, edge, TextAnchor.start)
        }
        svg.element("text", [
            ("transform", "translate(\(SVGWriter.number(x)) \(SVGWriter.number(y))) rotate(-\(SVGWriter.number(Self.rotation)))"),
            ("text-anchor", anchor.rawValue),
        ] + attributes, text: text)
    }
}
