import Estimation

/// `GET /`: the capacity-planning page, one HTML document with its CSS and script inline, built
/// once at start-up from `PlannerPageTemplate` and the catalogues (so its choices are exactly the
/// presets and options this build accepts). It loads nothing from elsewhere; its script calls the
/// service's own endpoints (docs/page.md).
enum PlannerPage {
    static func html() -> [UInt8] {
        var page = PlannerPageTemplate.html
        let replacements: [(String, String)] = [
            ("{{MODEL_OPTIONS}}", options(ModelPresets.all.map { ($0.name, "\($0.displayName) (\($0.name))") })),
            ("{{HARDWARE_OPTIONS}}", options(HardwareCatalogue.all.map { ($0.name, "\($0.displayName) (\($0.name))") })),
            ("{{NETWORK_OPTIONS}}", options(NetworkPresets.all.map { ($0.name, "\($0.displayName) (\($0.name))") })),
            ("{{OPTIMIZER_OPTIONS}}", options(OptimizerScheme.allCases.map { ($0.rawValue, $0.rawValue) })),
            ("{{RECOMPUTE_OPTIONS}}", options(ActivationRecompute.allCases.map { ($0.rawValue, $0.rawValue) })),
            ("{{DTYPE_OPTIONS}}", options(DataType.allCases.map { ($0.rawValue, $0.rawValue) })),
        ]
        for (placeholder, value) in replacements {
            page = page.replacingOccurrences(of: placeholder, with: value)
        }
        return Array(page.utf8)
    }

    private static func options(_ items: [(value: String, label: String)]) -> String {
        items.map { "<option value=\"\(escaped($0.value))\">\(escaped($0.label))</option>" }.joined(separator: "\n")
    }

    private static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

private extension String {
    /// Foundation-free: the page is built once, so a plain split-and-join is enough.
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
