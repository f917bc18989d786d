/// A fill that differs from its neighbours in colour and in texture, so stacked segments and their
/// legend swatches can be told apart in greyscale or by a colour-blind reader.
struct FillPattern: Hashable, Sendable {
    /// Position among the fills of a chart; picks colour and texture.
    var index: Int

    /// Textures in order of use (none, diagonal, dots, horizontal, cross-hatch, vertical, back
    /// diagonal); seven against eight colours, so the first 56 fills are all distinct.
    private static let textures: [String?] = [
        nil,
        diagonalHatch,
        "M3 3L5 3L5 5L3 5Z",
        "M0 2L8 2M0 6L8 6",
        "M0 0L8 8M8 0L0 8",
        "M2 0L2 8M6 0L6 8",
        "M-2 6L2 10M0 0L8 8M6 -2L10 2",
    ]

    /// Diagonal lines across an 8 × 8 tile, continuing into the neighbouring tiles.
    static let diagonalHatch = "M-2 2L2 -2M0 8L8 0M6 10L10 6"

    var colour: String { Palette.fills[index % Palette.fills.count].colour }

    /// The local id of the `<pattern>` element.
    var id: String { "fill-\(index)" }

    /// Writes the `<pattern>` into a `<defs>` block.
    func define(into svg: inout SVGWriter, ids: ChartIDs) {
        let fill = Palette.fills[index % Palette.fills.count]
        svg.open("pattern", [("id", ids(id)), ("width", "8"), ("height", "8"), ("patternUnits", "userSpaceOnUse")])
        svg.rect(x: 0, y: 0, width: 8, height: 8, [("fill", fill.colour)])
        if let texture = Self.textures[index % Self.textures.count] {
            svg.empty("path", [
                ("d", texture), ("stroke", fill.texture), ("stroke-width", "1.2"), ("stroke-opacity", "0.6"),
                ("fill", fill.texture), ("fill-opacity", "0.6"),
            ])
        }
        svg.close("pattern")
    }
}
