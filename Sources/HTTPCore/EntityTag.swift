/// Entity tags (RFC 9110 §8.8.3) as conditional requests compare them.
public enum EntityTag {
    /// Whether `If-None-Match` names the current representation: `*`, or one of its listed tags
    /// equal to `etag` by the weak comparison (a `W/` prefix ignored on both sides). A GET that
    /// matches is answered 304.
    public static func matches(ifNoneMatch: String?, etag: String) -> Bool {
        guard let ifNoneMatch else { return false }
        let ours = opaqueTag(Substring(etag))
        for candidate in listElements(ifNoneMatch) where candidate == "*" || opaqueTag(candidate) == ours {
            return true
        }
        return false
    }

    /// The weak form of a strong tag (`"x"` → `W/"x"`); a weak one is returned as it is.
    public static func weakened(_ etag: String) -> String {
        etag.utf8.starts(with: "W/".utf8) ? etag : "W/" + etag
    }

    private static func opaqueTag(_ tag: Substring) -> Substring {
        tag.utf8.starts(with: "W/".utf8) ? tag.dropFirst(2) : tag
    }
}
