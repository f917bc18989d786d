/// Colours from Okabe and Ito's palette ("Color Universal Design", 2008), which stays distinguishable
/// under the common colour-vision deficiencies. No chart relies on colour alone: fills also differ in
/// texture, lines in dash and marker, and states carry words.
enum Palette {
    /// For lines and markers, in order of use. Yellow is left out: at 1.6:1 on white it is too faint
    /// for a thin line.
    static let lines = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    /// For filled areas, in order of use, each with the ink its texture is drawn in (dark on light
    /// fills, white on dark ones).
    static let fills: [(colour: String, texture: String)] = [
        ("#0072B2", "#ffffff"), ("#E69F00", "#1f2328"), ("#009E73", "#ffffff"), ("#CC79A7", "#1f2328"),
        ("#56B4E9", "#1f2328"), ("#D55E00", "#ffffff"), ("#F0E442", "#1f2328"), ("#999999", "#1f2328"),
    ]

    /// Compute-bound operators on a roofline.
    static let computeBound = "#0072B2"
    /// Memory-bound operators on a roofline.
    static let memoryBound = "#D55E00"
}
