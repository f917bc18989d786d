/// An axis-aligned rectangle in pixels (y grows downwards, as in SVG).
struct Box: Hashable, Sendable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    func intersects(_ other: Box) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    func contains(_ other: Box) -> Bool {
        other.x >= x && other.maxX <= maxX && other.y >= y && other.maxY <= maxY
    }

    /// The box shrunk by `margin` on every side (grown when it is negative).
    func inset(by margin: Double) -> Box {
        Box(x: x + margin, y: y + margin, width: width - 2 * margin, height: height - 2 * margin)
    }

    /// The box a one-line text occupies, from its anchor point (the baseline) and font size.
    static func text(_ string: String, x: Double, baseline: Double, anchor: TextAnchor, fontSize: Double, bold: Bool = false) -> Box {
        let width = TextMetrics.width(of: string, fontSize: fontSize, bold: bold)
        let left: Double = switch anchor {
        case .start: x
        case .middle: x - width / 2
        case .end: x - width
        }
        return Box(x: left, y: baseline - fontSize * 0.8, width: width, height: fontSize)
    }
}
