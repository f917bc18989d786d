/// Proactive negotiation (RFC 9110 §12): which of the offered representations a client prefers
/// (`Accept`), and whether it takes gzip (`Accept-Encoding`). One list syntax and one weight parser
/// serve both.
public enum ContentNegotiation {
    /// The index in `offers` of the representation the client prefers: the highest weight, each
    /// offer weighed by the most specific range that matches it (`text/plain` over `text/*` over
    /// `*/*`), ties going to the earlier offer. No header (or an empty one) accepts every offer
    /// alike, so the first wins; nil when the client accepts none of them.
    public static func preferredOffer(_ offers: [MediaType], accept: String?) -> Int? {
        guard let accept, !accept.utf8.allSatisfy(isOptionalWhitespace) else { return offers.isEmpty ? nil : 0 }
        let ranges = listElements(accept).compactMap(MediaRange.init)
        var best: (index: Int, weight: Int)?
        for (index, offer) in offers.enumerated() {
            let weight = weight(of: offer, in: ranges)
            if weight > 0, weight > best?.weight ?? 0 { best = (index, weight) }
        }
        return best?.index
    }

    /// True when `Accept-Encoding` allows gzip: `gzip`/`x-gzip` with a weight above 0, or `*` above
    /// 0 with gzip not listed; `gzip;q=0` refuses it even when `*` is allowed.
    public static func acceptsGzip(_ acceptEncoding: String?) -> Bool {
        guard let acceptEncoding else { return false }
        var gzipWeight: Int?
        var wildcardWeight: Int?
        for element in listElements(acceptEncoding) {
            let parts = element.split(separator: ";", omittingEmptySubsequences: false)
            guard let weight = weight(parameters: parts.dropFirst()) else { continue }
            let coding = trimmingOptionalWhitespace(parts[0])
            if asciiCaseInsensitiveEquals(coding, "gzip") || asciiCaseInsensitiveEquals(coding, "x-gzip") {
                gzipWeight = max(gzipWeight ?? 0, weight)
            } else if coding == "*" {
                wildcardWeight = weight
            }
        }
        if let gzipWeight { return gzipWeight > 0 }
        return (wildcardWeight ?? 0) > 0
    }

    /// The weight of the most specific range matching `offer`; 0 when none does.
    private static func weight(of offer: MediaType, in ranges: [MediaRange]) -> Int {
        var best = (specificity: 0, weight: 0)
        for range in ranges {
            let specificity: Int
            if asciiCaseInsensitiveEquals(range.type, offer.type) && asciiCaseInsensitiveEquals(range.subtype, offer.subtype) {
                specificity = 3
            } else if asciiCaseInsensitiveEquals(range.type, offer.type) && range.subtype == "*" {
                specificity = 2
            } else if range.type == "*" && range.subtype == "*" {
                specificity = 1
            } else {
                continue
            }
            if specificity > best.specificity { best = (specificity, range.weight) }
        }
        return best.weight
    }

    /// The `q` parameter in thousandths (RFC 9110 §12.4.2: `0[.ddd]` or `1[.000]`): 1000 when absent,
    /// nil when malformed, which drops the element, as if the client had not listed it.
    static func weight(parameters: ArraySlice<Substring>) -> Int? {
        for parameter in parameters {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, asciiCaseInsensitiveEquals(trimmingOptionalWhitespace(pair[0]), "q") else { continue }
            return qualityValue(trimmingOptionalWhitespace(pair[1]).utf8)
        }
        return 1000
    }

    private static func qualityValue(_ text: Substring.UTF8View) -> Int? {
        guard let first = text.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else { return nil }
        let rest = text.dropFirst()
        guard let dot = rest.first else { return first == UInt8(ascii: "1") ? 1000 : 0 }
        let digits = rest.dropFirst()
        guard dot == UInt8(ascii: "."), digits.count <= 3,
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        if first == UInt8(ascii: "1") { return digits.allSatisfy { $0 == UInt8(ascii: "0") } ? 1000 : nil }
        var thousandths = 0
        var scale = 100
        for digit in digits {
            thousandths += Int(digit - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return thousandths
    }

    /// One element of `Accept`: `type/subtype` and its weight.
    private struct MediaRange {
        var type: Substring
        var subtype: Substring
        var weight: Int

        init?(_ element: Substring) {
            let parts = element.split(separator: ";", omittingEmptySubsequences: false)
            let names = trimmingOptionalWhitespace(parts[0]).split(separator: "/", omittingEmptySubsequences: false)
            guard names.count == 2, !names[0].isEmpty, !names[1].isEmpty,
                let weight = ContentNegotiation.weight(parameters: parts.dropFirst())
            else { return nil }
            type = names[0]
            subtype = names[1]
            self.weight = weight
        }
    }
}
