/// The drawing of a `FitsGrid` (see its documentation for the rules).
struct FitsGridRendering {
    private static let columnWidth = 120.0
    private static let rowHeight = 42.0
    private static let maxRowHeaderWidth = 200.0
    private static let minimumWidth = 480.0

    /// A cell's state and what its second line says.
    private struct Verdict {
        enum State: CaseIterable {
            case fits, tight, noFit, unavailable

            var symbol: String {
                switch self {
                case .fits: "✓"
                case .tight: "!"
                case .noFit: "✗"
                case .unavailable: "–"
                }
            }

            var word: String {
                switch self {
                case .fits: "fits"
                case .tight: "tight"
                case .noFit: "no fit"
                case .unavailable: "n/a"
                }
            }

            /// Light tints of the palette's bluish green, orange, vermillion and grey: dark text on
            /// them keeps more than 10:1 contrast.
            var tint: String {
                switch self {
                case .fits: "#cdebe0"
                case .tight: "#fbe5b6"
                case .noFit: "#f7d0bc"
                case .unavailable: "#eceff1"
                }
            }

            /// The local id of the cell's fill pattern: only cells that do not fit carry a hatch.
            var patternID: String? { self == .noFit ? "no-fit" : nil }
        }

        var state: State
        /// "12.3 GiB free", "20.1 GiB short", or why there is no estimate.
        var detail: String
    }

    private let title: String
    private let columns: [String]
    private let rows: [(model: String, cells: [Verdict])]
    private let omittedRows: Int
    private let omittedColumns: Int
    private let tightFraction: Double

    init(_ grid: FitsGrid) {
        title = grid.title
        let tight = grid.tightFraction.isNaN ? 0.1 : Swift.min(Swift.max(grid.tightFraction, 0), 1)
        tightFraction = tight
        let columns = grid.accelerators.prefix(ChartLimits.gridColumns).map {
            TextMetrics.capped($0, characters: ChartLimits.labelCharacters)
        }
        self.columns = columns
        omittedColumns = grid.accelerators.count - columns.count
        omittedRows = Swift.max(grid.rows.count - ChartLimits.gridRows, 0)
        rows = grid.rows.prefix(ChartLimits.gridRows).map { row in
            let cells = columns.indices.map { index in
                index < row.cells.count
                    ? Self.verdict(row.cells[index], tightFraction: tight) : Verdict(state: .unavailable, detail: "no estimate")
            }
            return (TextMetrics.capped(row.model, characters: ChartLimits.labelCharacters), cells)
        }
    }

    private static func verdict(_ cell: FitsGrid.Cell, tightFraction: Double) -> Verdict {
        switch cell {
        case .unavailable(let reason):
            return Verdict(state: .unavailable, detail: TextMetrics.capped(reason, characters: ChartLimits.labelCharacters))
        case .memory(let required, let usable):
            guard required.isDrawable, usable.isDrawable, required >= 0, usable > 0 else {
                return Verdict(state: .unavailable, detail: "invalid numbers")
            }
            if required > usable { return Verdict(state: .noFit, detail: "\(Quantity.bytes.text(required - usable)) short") }
            let free = usable - required
            return Verdict(state: free < tightFraction * usable ? .tight : .fits, detail: "\(Quantity.bytes.text(free)) free")
        }
    }

    func rendered(idScope: String) -> RenderedSVG {
        let rowHeaderWidth = Swift.min(
            (rows.map { TextMetrics.width(of: $0.model, fontSize: ChartStyle.labelSize, bold: true) }.max() ?? 0) + 12, Self.maxRowHeaderWidth)
        let headers = CategoryLabels(columns, band: Self.columnWidth, fontSize: ChartStyle.labelSize, bold: true)
        let headerHeight = headers.height + 10
        let gridWidth = rowHeaderWidth + Double(columns.count) * Self.columnWidth
        let width = Swift.max(Self.minimumWidth, gridWidth + 2 * ChartStyle.padding + Swift.max(headers.overhang - Self.columnWidth / 2, 0))
        let frame = ChartFrame(width: width, title: title, legend: legend, notes: notes)
        let grid = Box(x: frame.contentLeft + rowHeaderWidth, y: frame.contentTop + 4 + headerHeight,
                       width: Double(columns.count) * Self.columnWidth, height: Double(rows.count) * Self.rowHeight)
        let height = grid.maxY + 8 + frame.bottomHeight
        let document = ChartDocument(width: width, height: height, title: frame.title, description: description)
        return document.render(idScope: idScope) { svg, ids in
            frame.draw(height: height, into: &svg, ids: ids)
            svg.open("defs")
            svg.open("pattern", [("id", ids("no-fit")), ("width", "8"), ("height", "8"), ("patternUnits", "userSpaceOnUse")])
            svg.rect(x: 0, y: 0, width: 8, height: 8, [("fill", Verdict.State.noFit.tint)])
            svg.empty("path", [("d", FillPattern.diagonalHatch), ("stroke", Palette.memoryBound), ("stroke-width", "1"), ("stroke-opacity", "0.35")])
            svg.close("pattern")
            svg.close("defs")
            drawHeaders(headers, grid: grid, into: &svg)
            drawCells(grid: grid, into: &svg, ids: ids)
        }
    }

    private var legend: [Legend.Entry] {
        let percent = NumberText.fixed(tightFraction * 100, decimals: 1)
        let present = Verdict.State.allCases.filter { state in rows.contains { $0.cells.contains { $0.state == state } } }
        return present.map { state in
            let label: String = switch state {
            case .fits: "✓ fits (\(percent)% or more of usable memory free)"
            case .tight: "! tight (less than \(percent)% free)"
            case .noFit: "✗ does not fit"
            case .unavailable: "– no estimate"
            }
            return Legend.Entry(label: label, swatch: state.patternID.map { .pattern(id: $0) } ?? .solid(colour: state.tint))
        }
    }

    private var notes: [String] {
        var notes: [String] = []
        if rows.isEmpty || columns.isEmpty { notes.append("Nothing to draw.") }
        if omittedRows > 0 { notes.append("\(ItemList.count(omittedRows, "more model", "more models")) not drawn (at most \(ChartLimits.gridRows)).") }
        if omittedColumns > 0 {
            notes.append("\(ItemList.count(omittedColumns, "more accelerator", "more accelerators")) not drawn (at most \(ChartLimits.gridColumns)).")
        }
        return notes
    }

    private func cellText(_ model: String, _ column: String, _ verdict: Verdict) -> String {
        "\(model) on \(column): \(verdict.state.word)\(verdict.detail.isEmpty ? "" : ", \(verdict.detail)")"
    }

    private var description: String {
        var text = "Grid of which models fit on which accelerators: \(ItemList.count(rows.count, "model", "models")) "
            + "by \(ItemList.count(columns.count, "accelerator", "accelerators")) (\(columns.joined(separator: ", ")))."
        let items = rows.flatMap { row in zip(columns, row.cells).map { cellText(row.model, $0, $1) } }
        if !items.isEmpty { text += " " + ItemList.joined(items) + "." }
        return ([text] + notes).joined(separator: " ")
    }

    private func drawHeaders(_ headers: CategoryLabels, grid: Box, into svg: inout SVGWriter) {
        svg.open("g", [("class", "headers")])
        for index in columns.indices {
            let centre = grid.x + (Double(index) + 0.5) * Self.columnWidth
            headers.draw(index, centre: centre, edge: grid.y - 8, side: .above, attributes: [("class", "label-strong")], into: &svg)
        }
        for (index, row) in rows.enumerated() {
            let text = TextMetrics.truncated(row.model, toWidth: Self.maxRowHeaderWidth - 12, fontSize: ChartStyle.labelSize, bold: true)
            svg.text(text, x: grid.x - 10, y: grid.y + (Double(index) + 0.5) * Self.rowHeight + 4, anchor: .end, [("class", "label-strong")])
        }
        svg.close("g")
    }

    private func drawCells(grid: Box, into svg: inout SVGWriter, ids: ChartIDs) {
        svg.open("g", [("class", "cells")])
        for (rowIndex, row) in rows.enumerated() {
            for (columnIndex, verdict) in row.cells.enumerated() {
                let cell = Box(x: grid.x + Double(columnIndex) * Self.columnWidth, y: grid.y + Double(rowIndex) * Self.rowHeight,
                               width: Self.columnWidth, height: Self.rowHeight).inset(by: 1)
                svg.open("g", [("class", "cell")])
                let fill = verdict.state.patternID.map(ids.url) ?? verdict.state.tint
                svg.rect(x: cell.x, y: cell.y, width: cell.width, height: cell.height, [("fill", fill), ("rx", "3")],
                         tooltip: cellText(row.model, columns[columnIndex], verdict))
                svg.text("\(verdict.state.symbol) \(verdict.state.word)", x: cell.x + 8, y: cell.y + 16, [("class", "cell-head")])
                let detail = TextMetrics.truncated(verdict.detail, toWidth: cell.width - 16, fontSize: ChartStyle.labelSize)
                svg.text(detail, x: cell.x + 8, y: cell.y + 32, [("class", "label")])
                svg.close("g")
            }
        }
        svg.close("g")
    }
}
