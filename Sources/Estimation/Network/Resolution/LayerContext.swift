/// A layer's output shape and counts.
struct LayerResolution {
    var shape: [Int]
    var tally: LayerTally
}

/// One layer being resolved: its place, the shapes of its inputs, and where its issues go.
struct LayerContext {
    let index: Int
    let name: String
    /// The first (usually only) input's shape.
    let input: [Int]
    /// The other inputs' shapes (sums, products and concatenations).
    let others: [[Int]]

    /// Every input's shape, in order.
    var inputs: [[Int]] { [input] + others }

    /// An issue naming `layers[i].field` (or the layer itself), the message prefixed by the layer's name.
    func issue(_ field: String?, _ message: String) -> EstimationError {
        let path = field.map { "layers[\(index)].\($0)" } ?? "layers[\(index)]"
        return EstimationError(field: path, message: "layer \"\(name)\": \(message)")
    }

    /// The input's shape when it has `rank` dimensions (`what` says what they are).
    func input(rank: Int, _ what: String) throws(EstimationError) -> [Int] {
        guard input.count == rank else {
            throw issue("inputs", "needs a \(what) input (\(rank) dimensions without the batch), got \(Self.describe(input))")
        }
        return input
    }

    /// `dim` as an index into a shape of `rank` dimensions, negative counting from the end.
    func dimension(_ dim: Int, rank: Int, field: String) throws(EstimationError) -> Int {
        let resolved = dim < 0 ? dim + rank : dim
        guard (0..<rank).contains(resolved) else {
            throw issue(field, "must be a dimension of the \(rank)-dimensional input (from \(-rank) to \(rank - 1)), got \(dim)")
        }
        return resolved
    }

    /// A value that must be positive.
    func positive(_ value: Int, field: String) throws(EstimationError) {
        guard NetworkLimits.size.contains(value) else {
            throw issue(field, "must be an integer from 1 to \(NetworkLimits.size.upperBound), got \(value)")
        }
    }

    func nonNegative(_ value: Int, field: String) throws(EstimationError) {
        guard (0...NetworkLimits.size.upperBound).contains(value) else {
            throw issue(field, "must be an integer from 0 to \(NetworkLimits.size.upperBound), got \(value)")
        }
    }

    /// `[3, 224, 224]`.
    static func describe(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }
}
