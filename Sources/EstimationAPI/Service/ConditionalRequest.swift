/// `If-None-Match` (RFC 9110 §13.1.2): `*` or a list of entity tags, compared weakly (the `W/`
/// prefix is ignored on both sides).
enum ConditionalRequest {
    static func matches(ifNoneMatch: String?, etag: String) -> Bool {
        guard let ifNoneMatch else { return false }
        let ours = opaqueTag(Substring(etag))
        for candidate in ifNoneMatch.split(separator: ",") {
            let tag = candidate.trimmingSpaces()
            if tag == "*" || opaqueTag(tag) == ours { return true }
        }
        return false
    }

    private static func opaqueTag(_ tag: Substring) -> Substring {
        tag.hasPrefix("W/") ? tag.dropFirst(2) : tag
    }
}
