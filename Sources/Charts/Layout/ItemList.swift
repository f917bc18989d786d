/// Lists in words for descriptions and notes, bounded by `ChartLimits.describedItems`.
enum ItemList {
    /// "a; b; c" or, past the cap, "a; b; … and 12 more".
    static func joined(_ items: [String], limit: Int = ChartLimits.describedItems) -> String {
        var text = items.prefix(limit).joined(separator: "; ")
        if items.count > limit { text += "; and \(items.count - limit) more" }
        return text
    }

    /// "1 operator" / "3 operators".
    static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }
}
