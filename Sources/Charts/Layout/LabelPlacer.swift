/// Places labels greedily: each takes the first of its candidate boxes that stays inside the bounds
/// and overlaps nothing placed (or reserved) before it. A label with no free candidate is left out;
/// the mark it would name keeps its tooltip and its entry in the chart's description.
struct LabelPlacer {
    let bounds: Box
    private(set) var occupied: [Box] = []

    init(bounds: Box) {
        self.bounds = bounds
    }

    /// Marks `box` as taken (a marker, a line label) without drawing anything.
    mutating func reserve(_ box: Box) {
        occupied.append(box)
    }

    /// The index of the first free candidate, now taken; nil when none is free.
    mutating func place(_ candidates: [Box]) -> Int? {
        for (index, box) in candidates.enumerated()
        where bounds.contains(box) && !occupied.contains(where: { $0.intersects(box) }) {
            occupied.append(box)
            return index
        }
        return nil
    }
}
