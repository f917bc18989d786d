/// The one light theme: dark ink on an opaque white card with a thin border, so a chart reads the
/// same on a white page and on a dark dashboard. Text colours keep WCAG AA contrast (4.5:1 or more)
/// against the card.
enum ChartStyle {
    static let card = "#ffffff"
    static let cardBorder = "#d0d7de"
    /// 15.8:1 on white.
    static let ink = "#1f2328"
    /// Tick labels, notes and axis lines: 6.4:1 on white.
    static let muted = "#57606a"
    static let grid = "#e3e7eb"
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"

    static let titleSize = 16.0
    static let axisTitleSize = 13.0
    static let tickSize = 12.0
    static let legendSize = 12.0
    static let labelSize = 11.0
    static let noteSize = 11.0

    /// Outer padding of the card.
    static let padding = 16.0

    /// The stylesheet every chart carries. Classes, not inherited attributes, set fonts and text
    /// colours: a dashboard's page CSS cannot reach into an SVG loaded by `<img>` or `<object>`.
    static let stylesheet = """
        text{font-family:\(fontFamily);fill:\(ink)}\
        .title{font-size:\(fmt(titleSize))px;font-weight:600}\
        .subtitle{font-size:\(fmt(axisTitleSize))px;fill:\(muted)}\
        .axis-title{font-size:\(fmt(axisTitleSize))px}\
        .tick{font-size:\(fmt(tickSize))px;fill:\(muted)}\
        .legend{font-size:\(fmt(legendSize))px}\
        .label{font-size:\(fmt(labelSize))px}\
        .label-strong{font-size:\(fmt(labelSize))px;font-weight:600}\
        .cell-head{font-size:\(fmt(tickSize))px;font-weight:600}\
        .note{font-size:\(fmt(noteSize))px;fill:\(muted)}\
        .grid{stroke:\(grid);stroke-width:1}\
        .axis{stroke:\(muted);stroke-width:1}
        """

    private static func fmt(_ value: Double) -> String { SVGWriter.number(value) }
}
