/// What every chart draws around its plot: the title at the top, the legend below it and notes
/// (what was left out and why, how to read the marks) at the bottom.
struct ChartFrame {
    /// Charts are 720 pixels wide (the fits grid grows with its columns); the SVG scales with its
    /// `viewBox` when embedded smaller or larger.
    static let standardWidth = 720.0
    private static let noteLineHeight = 15.0
    private static let maxNotes = 5

    var width: Double
    var title: String
    /// A line under the title in smaller type: the device, the setting.
    var subtitle: String?
    var legendEntries: [Legend.Entry]
    var notes: [String]

    init(
        width: Double = ChartFrame.standardWidth, title: String, subtitle: String? = nil,
        legend: [Legend.Entry] = [], notes: [String] = []
    ) {
        self.width = width
        self.title = TextMetrics.capped(title, characters: ChartLimits.titleCharacters)
        self.subtitle = subtitle.map { TextMetrics.capped($0, characters: ChartLimits.titleCharacters) }
        self.legendEntries = legend
        self.notes = Array(notes.prefix(Self.maxNotes))
    }

    private var legend: Legend {
        Legend(entries: legendEntries, width: width - 2 * ChartStyle.padding)
    }

    private static let titleLineHeight = ChartStyle.titleSize + 5

    /// The title, wrapped onto at most two lines.
    private var titleLines: [String] {
        TextMetrics.wrapped(title, toWidth: contentWidth, fontSize: ChartStyle.titleSize, bold: true, maxLines: 2)
    }

    private var titleHeight: Double { Double(Swift.max(titleLines.count, 1)) * Self.titleLineHeight }

    private var subtitleBaseline: Double { ChartStyle.padding + titleHeight + ChartStyle.axisTitleSize * 0.8 }

    private var legendTop: Double {
        ChartStyle.padding + titleHeight + 5 + (subtitle == nil ? 0 : ChartStyle.axisTitleSize + 6)
    }

    /// Where the chart's own content may begin.
    var contentTop: Double {
        let legendHeight = legend.height
        return legendTop + legendHeight + (legendHeight > 0 ? 10 : 0)
    }

    /// Height the notes take at the bottom, padding included.
    var bottomHeight: Double {
        ChartStyle.padding + Double(notes.count) * Self.noteLineHeight + (notes.isEmpty ? 0 : 4)
    }

    /// The left edge of content, and its width.
    var contentLeft: Double { ChartStyle.padding }
    var contentWidth: Double { width - 2 * ChartStyle.padding }

    func draw(height: Double, into svg: inout SVGWriter, ids: ChartIDs) {
        for (index, line) in titleLines.enumerated() {
            let baseline = ChartStyle.padding + ChartStyle.titleSize * 0.8 + Double(index) * Self.titleLineHeight
            svg.text(line, x: ChartStyle.padding, y: baseline, [("class", "title")])
        }
        if let subtitle {
            let shown = TextMetrics.truncated(subtitle, toWidth: contentWidth, fontSize: ChartStyle.axisTitleSize)
            svg.text(shown, x: ChartStyle.padding, y: subtitleBaseline, [("class", "subtitle")])
        }
        legend.draw(x: ChartStyle.padding, y: legendTop, into: &svg, ids: ids)
        var baseline = height - ChartStyle.padding - Double(notes.count - 1) * Self.noteLineHeight - 3
        for note in notes {
            svg.text(TextMetrics.truncated(note, toWidth: contentWidth, fontSize: ChartStyle.noteSize),
                     x: ChartStyle.padding, y: baseline, [("class", "note")])
            baseline += Self.noteLineHeight
        }
    }
}
