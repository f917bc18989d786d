/// A media type (RFC 9110 §8.3.1): `type/subtype`, lower case, with the parameters a response
/// states after it (`charset=utf-8`).
public struct MediaType: Hashable, Sendable, CustomStringConvertible {
    public let type: String
    public let subtype: String
    /// What follows the first `;` in a Content-Type this type is sent with, e.g. `charset=utf-8`.
    public let parameters: String?
    /// The Content-Type value: `type/subtype` and its parameters, spelled once.
    public let description: String

    public init(_ type: String, _ subtype: String, parameters: String? = nil) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
        description = parameters.map { "\(type)/\(subtype); \($0)" } ?? "\(type)/\(subtype)"
    }

    public static let json = MediaType("application", "json")
    public static let problemJSON = MediaType("application", "problem+json")
    public static let plainText = MediaType("text", "plain", parameters: "charset=utf-8")
    public static let html = MediaType("text", "html", parameters: "charset=utf-8")
    public static let svg = MediaType("image", "svg+xml")
    public static let yaml = MediaType("application", "yaml")
    public static let onnx = MediaType("application", "onnx")
    public static let octetStream = MediaType("application", "octet-stream")

    /// Whether a Content-Type value names this type, parameters aside, in any letter case.
    /// Compared byte by byte: it runs on every POST.
    public func matches(contentType: String?) -> Bool {
        guard var contentType else { return false }
        return contentType.withUTF8 { bytes in
            let essence = Self.essence(bytes)
            let expectedCount = type.utf8.count + 1 + subtype.utf8.count
            guard essence.count == expectedCount else { return false }
            let slash = type.utf8.count
            return essence[slash] == UInt8(ascii: "/")
                && asciiCaseInsensitiveEquals(essence[..<slash], type.utf8)
                && asciiCaseInsensitiveEquals(essence[(slash + 1)...], subtype.utf8)
        }
    }

    /// Text-like types compress well; images (but SVG) and archives are compressed already.
    public static func isCompressible(contentType: String?) -> Bool {
        guard var contentType else { return false }
        return contentType.withUTF8 { bytes in
            let essence = essence(bytes)
            func hasPrefix(_ prefix: String) -> Bool {
                essence.count >= prefix.utf8.count && asciiCaseInsensitiveEquals(essence.prefix(prefix.utf8.count), prefix.utf8)
            }
            func hasSuffix(_ suffix: String) -> Bool {
                essence.count >= suffix.utf8.count && asciiCaseInsensitiveEquals(essence.suffix(suffix.utf8.count), suffix.utf8)
            }
            if hasPrefix("text/") || hasSuffix("+json") || hasSuffix("+xml") { return true }
            return compressibleTypes.contains {
                $0.utf8.count == essence.count && asciiCaseInsensitiveEquals(essence, $0.utf8)
            }
        }
    }

    private static let compressibleTypes = [
        "application/json", "application/xml", "application/javascript", "application/yaml",
        "application/x-yaml", "application/openmetrics-text",
    ]

    /// `type/subtype` of a Content-Type value: before any `;`, without surrounding whitespace.
    private static func essence(_ bytes: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
        var start = 0
        while start < end, isOptionalWhitespace(bytes[start]) { start += 1 }
        while end > start, isOptionalWhitespace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }
}
