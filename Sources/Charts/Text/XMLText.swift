/// Text made safe for XML 1.0 character data and attribute values.
enum XMLText {
    /// Escapes the five markup characters and replaces what XML 1.0 forbids even as a reference
    /// (control characters other than tab, line feed and carriage return; U+FFFE, U+FFFF) with U+FFFD.
    /// Tabs and line breaks become spaces: labels are one line, and attribute normalisation would
    /// otherwise turn them into spaces anyway.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result += " "
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
