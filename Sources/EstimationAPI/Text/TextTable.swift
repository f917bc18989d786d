/// A table for terminals, like torchinfo's summary: a header row, a rule, and one row per entry;
/// text columns left-aligned, numeric columns right-aligned, two spaces between columns.
struct TextTable {
    struct Column {
        var header: String
        var numeric: Bool
    }

    let columns: [Column]
    private var rows: [[String]] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    /// One row, a cell per column.
    mutating func append(_ cells: [String]) {
        rows.append(cells)
    }

    var lines: [String] {
        let widths = columns.indices.map { column in
            rows.reduce(columns[column].header.count) { max($0, $1[column].count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if column > 0 { text += "  " }
                text += columns[column].numeric ? padding + cell : cell + (column == cells.count - 1 ? "" : padding)
            }
            return text
        }
        let header = line(columns.map(\.header))
        return [header, String(repeating: "-", count: header.count)] + rows.map(line)
    }
}
