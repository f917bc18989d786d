/// Decides whether a response body is worth gzipping for this client.
enum ContentNegotiation {
    /// True when `Accept-Encoding` allows gzip: `gzip`/`x-gzip` with q > 0, or `*` with q > 0 and
    /// gzip not listed. `gzip;q=0` forbids it even when `*` is allowed.
    static func acceptsGzip(_ acceptEncoding: [String]) -> Bool {
        var gzipWeight: Double?
        var wildcardWeight: Double?
        for element in acceptEncoding.flatMap(listElements) {
            let parts = element.split(separator: ";", omittingEmptySubsequences: false)
            let coding = trimmingOptionalWhitespace(parts[0]).lowercased()
            let weight = qualityValue(parts.dropFirst())
            switch coding {
            case "gzip", "x-gzip": gzipWeight = max(gzipWeight ?? 0, weight)
            case "*": wildcardWeight = weight
            default: continue
            }
        }
        if let gzipWeight { return gzipWeight > 0 }
        return (wildcardWeight ?? 0) > 0
    }

    /// The `q` parameter (RFC 9110 §12.4.2): 1 when absent, 0 when malformed (be conservative).
    private static func qualityValue(_ parameters: ArraySlice<Substring>) -> Double {
        for parameter in parameters {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, trimmingOptionalWhitespace(pair[0]).lowercased() == "q" else { continue }
            let text = trimmingOptionalWhitespace(pair[1])
            guard text.utf8.count <= 5, text.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || ($0 >= 48 && $0 <= 57) }),
                  let value = Double(text), value <= 1
            else { return 0 }
            return value
        }
        return 1
    }

    /// Text-like media types that compress well; images and archives are already compressed.
    static func isCompressible(contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = trimmingOptionalWhitespace(contentType.split(separator: ";", maxSplits: 1).first ?? "").lowercased()
        if mediaType.hasPrefix("text/") || mediaType.hasSuffix("+json") || mediaType.hasSuffix("+xml") { return true }
        return [
            "application/json", "application/xml", "application/javascript", "application/yaml",
            "application/x-yaml", "application/openmetrics-text",
        ].contains(mediaType)
    }
}
