/// A plain-text rendering of a result: titled sections of aligned rows, each row a label, an exact
/// value and a human-readable note (`12.55 GiB`, `6.74 B`), or of a table's lines. Columns are
/// aligned per section.
struct TextReport {
    private struct Row {
        var label: String
        var value: String
        var note: String
        /// Numbers are right-aligned in their column; words start where the numbers do.
        var isNumeric: Bool

        init(label: String, value: String, note: String, asWords: Bool) {
            self.label = label
            self.value = value
            self.note = note
            let first = value.first
            isNumeric = !asWords && first.map { $0.isNumber || ($0 == "-" && value.count > 1) } ?? false
        }
    }

    private var sections: [(title: String, rows: [Row], lines: [String])] = []

    mutating func section(_ title: String) {
        sections.append((title, [], []))
    }

    /// A section of its own holding a table, laid out already (`TextTable`).
    mutating func table(_ title: String, _ table: TextTable) {
        sections.append((title, [], table.lines))
    }

    mutating func row(_ label: String, _ value: String, _ note: String = "") {
        append(Row(label: label, value: value, note: note, asWords: false))
    }

    /// A row whose value is read as words even when it starts with a digit (`3`, `8,192` beside
    /// `adamw-16`), so that a column of settings lines up on the left.
    mutating func words(_ label: String, _ value: String) {
        append(Row(label: label, value: value, note: "", asWords: true))
    }

    private mutating func append(_ row: Row) {
        if sections.isEmpty { section("") }
        sections[sections.count - 1].rows.append(row)
    }

    /// An exact count with thousands separators, and its magnitude in words.
    mutating func count(_ label: String, _ value: Int) {
        row(label, Self.grouped(value), Self.magnitude(Double(value)))
    }

    /// Exact bytes, and the same in binary units.
    mutating func bytes(_ label: String, _ value: Int) {
        row(label, Self.grouped(value) + " B", Self.binaryBytes(value))
    }

    /// FLOPs in scientific notation (they are often beyond 2^53).
    mutating func flops(_ label: String, _ value: Double) {
        row(label, Self.scientific(value), "FLOPs")
    }

    /// Labels in one column; numbers right-aligned in the next, words left-aligned where numbers
    /// start; notes after the numbers.
    var text: String {
        var output = ""
        for (position, section) in sections.enumerated() {
            if position > 0 { output += "\n" }
            let indent = section.title.isEmpty ? "" : "  "
            if !section.title.isEmpty { output += section.title + "\n" }
            for line in section.lines { output += indent + line + "\n" }
            let labelWidth = section.rows.map(\.label.count).max() ?? 0
            let numberWidth = section.rows.filter(\.isNumeric).map(\.value.count).max() ?? 0
            for row in section.rows {
                var line = indent + row.label + String(repeating: " ", count: labelWidth - row.label.count + 2)
                if row.isNumeric {
                    line += String(repeating: " ", count: numberWidth - row.value.count)
                }
                line += row.value
                if !row.note.isEmpty { line += "  " + row.note }
                // A heading row (no value) ends at its label.
                while line.last == " " { line.removeLast() }
                output += line + "\n"
            }
        }
        return output
    }

    // MARK: - Number formatting

    /// `6738415616` → `6,738,415,616`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (position, digit) in digits.enumerated() {
            if position > 0 && (digits.count - position) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// `6.74 B`, `124.44 M`: counts in decimal thousands, as model sizes are quoted.
    static func magnitude(_ value: Double) -> String {
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
        for (scale, unit) in units where Swift.abs(value) >= scale {
            return fixed(value / scale, places: 2) + " " + unit
        }
        return ""
    }

    /// `1073741824` → `1.00 GiB`.
    static func binaryBytes(_ value: Int) -> String {
        let units: [(Double, String)] = [(0x1p40, "TiB"), (0x1p30, "GiB"), (0x1p20, "MiB"), (0x1p10, "KiB")]
        let amount = Double(value)
        for (scale, unit) in units where Swift.abs(amount) >= scale {
            return fixed(amount / scale, places: 2) + " " + unit
        }
        return ""
    }

    /// `12.55 GiB`, or `512 B` below a kibibyte: bytes in a sentence.
    static func readableBytes(_ value: Int) -> String {
        let binary = binaryBytes(value)
        return binary.isEmpty ? grouped(value) + " B" : binary
    }

    /// `1.23e+14`, three significant digits.
    static func scientific(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return value.isFinite ? "0" : "n/a" }
        var exponent = 0
        var mantissa = Swift.abs(value)
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        while mantissa < 1 { mantissa *= 10; exponent -= 1 }
        // Rounding to two places can carry into a new digit (9.996 → 10.00).
        if (mantissa * 100).rounded() >= 1000 { mantissa /= 10; exponent += 1 }
        let sign = value < 0 ? "-" : ""
        let exponentSign = exponent < 0 ? "-" : "+"
        let exponentDigits = String(Swift.abs(exponent))
        return sign + fixed(mantissa, places: 2) + "e" + exponentSign + (exponentDigits.count < 2 ? "0" : "") + exponentDigits
    }

    /// A fixed-point rendering without Foundation's formatters; `places` from 0 to 6.
    static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "n/a" }
        let places = Swift.min(Swift.max(places, 0), 6)
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = (Swift.abs(value) * Double(scale)).rounded()
        // Beyond 2^53 the digits are not exact anyway; the shortest round-trip form says as much.
        guard scaled < 9e15 else { return value.description }
        let units = Int(scaled)
        let sign = value < 0 && units != 0 ? "-" : ""
        let whole = String(units / scale)
        guard places > 0 else { return sign + whole }
        let fraction = String(units % scale)
        return sign + whole + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}
