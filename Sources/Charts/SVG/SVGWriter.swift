/// Writes SVG markup, one element per line. Every attribute value and text node passes through
/// `XMLText.escaped` here, so no caller can emit unescaped text; every coordinate passes through
/// `SVGWriter.number`, so none is NaN, ∞ or printed in a locale's format.
struct SVGWriter {
    typealias Attributes = [(String, String)]

    private(set) var markup = ""

    /// A coordinate or length: one decimal place (a tenth of a pixel), trailing zeros dropped.
    static func number(_ value: Double) -> String { NumberText.fixed(value, decimals: 1) }

    mutating func open(_ name: String, _ attributes: Attributes = []) {
        markup += "<\(name)\(Self.attributeText(attributes))>\n"
    }

    mutating func close(_ name: String) {
        markup += "</\(name)>\n"
    }

    /// `<name …/>`, or `<name …><title>tooltip</title></name>` when there is a tooltip: a `title`
    /// child is what browsers show on hover and what screen readers announce for the mark.
    mutating func empty(_ name: String, _ attributes: Attributes, tooltip: String? = nil) {
        if let tooltip {
            markup += "<\(name)\(Self.attributeText(attributes))><title>\(XMLText.escaped(tooltip))</title></\(name)>\n"
        } else {
            markup += "<\(name)\(Self.attributeText(attributes))/>\n"
        }
    }

    /// `<name …>text</name>`.
    mutating func element(_ name: String, _ attributes: Attributes, text: String) {
        markup += "<\(name)\(Self.attributeText(attributes))>\(XMLText.escaped(text))</\(name)>\n"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, _ attributes: Attributes = [], tooltip: String? = nil) {
        empty("rect", [
            ("x", Self.number(x)), ("y", Self.number(y)),
            ("width", Self.number(Swift.max(width, 0))), ("height", Self.number(Swift.max(height, 0))),
        ] + attributes, tooltip: tooltip)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, _ attributes: Attributes) {
        empty("line", [
            ("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)),
        ] + attributes)
    }

    mutating func path(_ data: PathData, _ attributes: Attributes, tooltip: String? = nil) {
        empty("path", [("d", data.text)] + attributes, tooltip: tooltip)
    }

    /// A whole chart that another `SVGWriter` wrote (a `Figure`'s part): already escaped and
    /// formatted, so it is copied as it is.
    mutating func nest(_ chart: RenderedSVG) {
        markup += chart.markup
    }

    /// A one-line text at (x, y), y being the baseline.
    mutating func text(_ string: String, x: Double, y: Double, anchor: TextAnchor = .start, _ attributes: Attributes = []) {
        var all: Attributes = [("x", Self.number(x)), ("y", Self.number(y))]
        if anchor != .start { all.append(("text-anchor", anchor.rawValue)) }
        element("text", all + attributes, text: string)
    }

    private static func attributeText(_ attributes: Attributes) -> String {
        var text = ""
        for (name, value) in attributes { text += " \(name)=\"\(XMLText.escaped(value))\"" }
        return text
    }
}

/// SVG's `text-anchor`.
enum TextAnchor: String {
    case start, middle, end
}

/// Path data built from finite coordinates only: a point that is not finite is skipped, and the first
/// command is always a move, so `d` is always valid.
struct PathData {
    private(set) var text = ""

    mutating func move(_ x: Double, _ y: Double) { command("M", x, y) }
    mutating func line(_ x: Double, _ y: Double) { command("L", x, y) }
    mutating func close() { text += "Z" }

    var isEmpty: Bool { text.isEmpty }

    private mutating func command(_ letter: String, _ x: Double, _ y: Double) {
        guard x.isFinite, y.isFinite else { return }
        let letter = text.isEmpty ? "M" : letter
        text += "\(letter)\(SVGWriter.number(x)) \(SVGWriter.number(y))"
    }
}
