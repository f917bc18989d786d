/// A chart that renders itself as a standalone SVG document (`image/svg+xml`). Rendering is a pure
/// function of the value: the same value gives the same bytes, so a response can carry an ETag
/// computed from them and be cached like the JSON.
public protocol SVGChart: Sendable {
    /// The SVG document, UTF-8 text without an XML declaration.
    func svg() -> String
}
