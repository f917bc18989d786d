/// Picks the representation of a result from an `Accept` header (RFC 9110 §12.5.1): the text table
/// only when the client rates `text/plain` strictly above JSON; JSON otherwise, including when the
/// header is absent or accepts neither (answering in the default beats a 406 for a tool that
/// forgot the header).
enum ContentNegotiation {
    static func representation(accept: String?) -> Representation {
        guard let accept, !accept.isEmpty else { return .json }
        let ranges = accept.split(separator: ",").compactMap(MediaRange.init)
        let text = quality(of: "text", "plain", in: ranges)
        let json = quality(of: "application", "json", in: ranges)
        return text > json ? .text : .json
    }

    /// The q-value of the most specific range matching `type/subtype`; 0 when none matches.
    private static func quality(of type: String, _ subtype: String, in ranges: [MediaRange]) -> Double {
        var best: (specificity: Int, quality: Double) = (0, 0)
        for range in ranges {
            let specificity: Int
            if range.type == type && range.subtype == subtype {
                specificity = 3
            } else if range.type == type && range.subtype == "*" {
                specificity = 2
            } else if range.type == "*" && range.subtype == "*" {
                specificity = 1
            } else {
                continue
            }
            if specificity > best.specificity { best = (specificity, range.quality) }
        }
        return best.quality
    }

    private struct MediaRange {
        var type: Substring
        var subtype: Substring
        var quality = 1.0

        init?(_ text: Substring) {
            let parts = text.split(separator: ";")
            guard let mediaType = parts.first else { return nil }
            let names = mediaType.trimmingSpaces().lowercased().split(separator: "/")
            guard names.count == 2 else { return nil }
            type = names[0]
            subtype = names[1]
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingSpaces().split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].lowercased() == "q", let value = Double(pair[1]), (0...1).contains(value) {
                    quality = value
                }
            }
        }
    }
}
