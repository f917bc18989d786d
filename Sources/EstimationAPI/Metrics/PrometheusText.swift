/// Builds Prometheus text exposition (format 0.0.4): `# HELP`/`# TYPE` lines, then samples with
/// escaped label values.
struct PrometheusText {
    private(set) var output = ""

    mutating func family(_ name: String, type: String, help: String) {
        output += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, labels: [(String, String)] = [], value: Int) {
        line(name, labels: labels, value: String(value))
    }

    mutating func sample(_ name: String, labels: [(String, String)] = [], value: Double) {
        line(name, labels: labels, value: Self.format(value))
    }

    /// Go's float syntax, which Prometheus parses: Swift's shortest form is a subset of it.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return value.description
    }

    private mutating func line(_ name: String, labels: [(String, String)], value: String) {
        output += name
        if !labels.isEmpty {
            output += "{"
            output += labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
            output += "}"
        }
        output += " \(value)\n"
    }

    private static func escape(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
