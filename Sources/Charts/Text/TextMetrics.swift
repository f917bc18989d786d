/// Estimated text widths, without a font engine: enough to keep tick labels apart, to wrap a title
/// and to shorten a long label before it runs into its neighbour. The estimate follows DejaVu Sans,
/// the wide fallback font of Linux desktops and headless browsers, so that the usual sans-serif fonts
/// (Segoe UI, Roboto, San Francisco, Arial) come out narrower than estimated, never wider.
enum TextMetrics {
    /// Bold text is this much wider.
    static let boldFactor = 1.1

    /// Width in pixels of `text` set at `fontSize`.
    static func width(of text: String, fontSize: Double, bold: Bool = false) -> Double {
        var ems = 0.0
        for character in text { ems += em(character) }
        return ems * fontSize * (bold ? boldFactor : 1)
    }

    /// `text` cut to fit `maxWidth`, ending in "…" when cut; at least one character and the ellipsis
    /// are kept, so a label never vanishes. Cuts between characters, never inside one.
    static func truncated(_ text: String, toWidth maxWidth: Double, fontSize: Double, bold: Bool = false) -> String {
        guard width(of: text, fontSize: fontSize, bold: bold) > maxWidth else { return text }
        let scale = fontSize * (bold ? boldFactor : 1)
        let budget = maxWidth - em("…") * scale
        var result = ""
        var used = 0.0
        for character in text {
            let next = em(character) * scale
            if used + next > budget && !result.isEmpty { break }
            result.append(character)
            used += next
        }
        return result + "…"
    }

    /// `text` broken at spaces into lines that fit `maxWidth`, at most `maxLines` of them, the last
    /// one truncated if the text is longer still. A word wider than a line is truncated on its own.
    static func wrapped(_ text: String, toWidth maxWidth: Double, fontSize: Double, bold: Bool = false, maxLines: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        for (index, word) in words.enumerated() {
            let candidate = current.isEmpty ? String(word) : "\(current) \(word)"
            if current.isEmpty || width(of: candidate, fontSize: fontSize, bold: bold) <= maxWidth {
                current = candidate
                continue
            }
            if lines.count == maxLines - 1 {
                let rest = ([current] + words[index...].map(String.init)).joined(separator: " ")
                return lines + [truncated(rest, toWidth: maxWidth, fontSize: fontSize, bold: bold)]
            }
            lines.append(truncated(current, toWidth: maxWidth, fontSize: fontSize, bold: bold))
            current = String(word)
        }
        if !current.isEmpty { lines.append(truncated(current, toWidth: maxWidth, fontSize: fontSize, bold: bold)) }
        return lines
    }

    /// `text` cut to at most `limit` characters and `4 × limit` UTF-8 bytes, ending in "…" when cut:
    /// the cap on every input label. The byte budget bounds labels made of long grapheme clusters
    /// (a letter with a thousand combining marks is one character); a first character over it
    /// keeps only its first scalar.
    static func capped(_ text: String, characters limit: Int) -> String {
        let budget = 4 * limit
        guard text.count > limit || text.utf8.count > budget else { return text }
        var result = ""
        var bytes = 0
        for character in text {
            let size = character.utf8.count
            if result.count == limit - 1 || bytes + size > budget - 3 { break }
            result.append(character)
            bytes += size
        }
        if result.isEmpty, let first = text.unicodeScalars.first { result.unicodeScalars.append(first) }
        return result + "…"
    }

    /// Advance widths in em, rounded up from DejaVu Sans: narrow punctuation and i, l, t, f, j, r;
    /// wide m, w, M, W; other capitals; other Latin letters and digits; wide scripts (CJK, emoji).
    private static func em(_ character: Character) -> Double {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        switch scalar {
        case " ", ".", ",", ":", ";", "'", "|", "!", "i", "l", "j", "t", "f", "r", "I", "(", ")", "[", "]": return 0.4
        case "m", "w", "M", "W", "%", "@": return 0.95
        case "A"..."Z": return 0.74
        case _ where scalar.value >= 0x1100: return 1.0
        default: return 0.64
        }
    }
}
