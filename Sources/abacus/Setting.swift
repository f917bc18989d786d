import ArgumentParser
import Foundation

/// One `serve` setting: a flag, the environment variable behind it (`--max-body-bytes` →
/// `ABACUS_MAX_BODY_BYTES`), what a valid value looks like, and the default. The flag beats the
/// variable, which beats the default; both are parsed by the same code, so both are held to the
/// same range, and an invalid value is an error naming where it came from.
struct Setting<Value: Sendable>: Sendable {
    let flag: String
    let summary: String
    /// What a valid value is, for help and errors: "an integer from 0 to 65535".
    let expectation: String
    /// The placeholder in `--help` (`--port <port>`).
    let valueName: String
    let defaultValue: Value
    let defaultText: String
    /// Nil when the text is not a valid value.
    let parse: @Sendable (String) -> Value?

    var environmentVariable: String {
        "ABACUS_" + String(flag.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    var help: ArgumentHelp {
        ArgumentHelp("\(summary) Env: \(environmentVariable). Default: \(defaultText).", valueName: valueName)
    }

    /// The flag's value, else the environment variable's (an empty variable counts as unset), else
    /// the default.
    func resolve(_ flagValue: String?, environment: [String: String]) throws -> Value {
        let given: (source: String, text: String)?
        if let flagValue {
            given = ("--\(flag)", flagValue)
        } else if let text = environment[environmentVariable], !text.isEmpty {
            given = (environmentVariable, text)
        } else {
            given = nil
        }
        guard let given else { return defaultValue }
        guard let value = parse(given.text) else {
            throw ConfigurationError("\(given.source) \"\(given.text)\" is invalid: expected \(expectation).")
        }
        return value
    }

    /// The flag's last word: `--max-body-bytes <bytes>`.
    static func lastWord(_ flag: String) -> String {
        flag.split(separator: "-").last.map(String.init) ?? flag
    }
}

extension Setting where Value == Int {
    /// `defaultText` describes a default that depends on the machine (`one per core`).
    static func integer(
        _ flag: String, _ summary: String, default value: Int, defaultText: String? = nil, range: ClosedRange<Int>
    ) -> Setting {
        Setting(
            flag: flag, summary: summary,
            expectation: "an integer from \(range.lowerBound) to \(range.upperBound)", valueName: lastWord(flag),
            defaultValue: value, defaultText: defaultText ?? String(value),
            parse: { text in strictInteger(text).flatMap { range.contains($0) ? $0 : nil } })
    }

    /// Decimal digits only: Swift's `Int("+5")` is 5 and `Int(" 5")` nil; neither surprise here.
    private static func strictInteger(_ text: String) -> Int? {
        guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int(text)
    }
}

extension Setting where Value == Duration {
    /// A duration given in seconds, fractions allowed (`0.5`).
    static func seconds(_ flag: String, _ summary: String, default value: Duration) -> Setting {
        let range = 0.001...86_400.0
        return Setting(
            flag: flag, summary: summary,
            expectation: "seconds from \(secondsText(range.lowerBound)) to \(secondsText(range.upperBound))",
            valueName: "seconds",
            defaultValue: value, defaultText: secondsText(Double(value.components.seconds)
                + Double(value.components.attoseconds) / 1e18),
            parse: { text in
                guard text.utf8.count <= 32, let seconds = Double(text), seconds.isFinite, range.contains(seconds) else {
                    return nil
                }
                return .nanoseconds(Int64((seconds * 1e9).rounded()))
            })
    }

    private static func secondsText(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) + " s" : String(seconds) + " s"
    }
}

extension Setting where Value == String {
    /// Any non-empty text; what it means (an address) is checked where it is used.
    static func text(_ flag: String, _ summary: String, default value: String, expectation: String) -> Setting {
        Setting(
            flag: flag, summary: summary, expectation: expectation, valueName: lastWord(flag), defaultValue: value, defaultText: value,
            parse: { $0.isEmpty ? nil : $0 })
    }
}

extension Setting where Value == String? {
    /// A file path with no default.
    static func path(_ flag: String, _ summary: String) -> Setting {
        Setting(
            flag: flag, summary: summary, expectation: "a file path", valueName: "path", defaultValue: nil, defaultText: "none",
            parse: { $0.isEmpty ? nil : .some($0) })
    }
}

extension Setting where Value: CaseIterable & RawRepresentable, Value.RawValue == String {
    static func choice(_ flag: String, _ summary: String, default value: Value) -> Setting {
        let names = Value.allCases.map(\.rawValue)
        return Setting(
            flag: flag, summary: summary, expectation: "one of \(names.joined(separator: ", "))", valueName: lastWord(flag),
            defaultValue: value, defaultText: value.rawValue,
            parse: { Value(rawValue: $0.lowercased()) })
    }
}

extension Setting where Value == [String] {
    /// CORS origins: `*`, or `http(s)://host[:port]` each, as a browser sends them in `Origin`.
    static func origins(_ flag: String, _ summary: String) -> Setting {
        Setting(
            flag: flag, summary: summary, expectation: "* or origins such as https://dash.example:8443, separated by commas",
            valueName: "origin", defaultValue: [], defaultText: "none",
            parse: { text in
                let origins = text.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) }
                return !origins.isEmpty && origins.allSatisfy(isOrigin) ? origins : nil
            })
    }

    private static func isOrigin(_ text: String) -> Bool {
        if text == "*" { return true }
        guard let schemeEnd = text.range(of: "://"), ["http", "https"].contains(text[..<schemeEnd.lowerBound].lowercased())
        else { return false }
        let authority = text[schemeEnd.upperBound...]
        return !authority.isEmpty && !authority.contains("/") && !authority.contains(where: \.isWhitespace)
    }
}
