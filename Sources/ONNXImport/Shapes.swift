/// Shape arithmetic with ONNX's rules, checked: every count that could overflow says so with nil.
enum Shapes {
    /// The largest dimension any tensor may have (as `NetworkLimits.size`).
    static let largestDimension = 1 << 30
    static let largestRank = 8

    /// The number of values, nil past `Int.max`.
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    /// numpy's broadcasting, aligned at the last dimension; nil when the shapes disagree.
    static func broadcast(_ shapes: [[Int]]) -> [Int]? {
        var result: [Int] = []
        for shape in shapes {
            let rank = max(result.count, shape.count)
            guard rank > 0 else { continue }
            var combined = [Int](repeating: 1, count: rank)
            for offset in 1...rank {
                let x = offset <= result.count ? result[result.count - offset] : 1
                let y = offset <= shape.count ? shape[shape.count - offset] : 1
                guard x == y || x == 1 || y == 1 else { return nil }
                combined[rank - offset] = x == 1 ? y : x
            }
            result = combined
        }
        return result
    }

    /// An axis counted from the end when negative, if it is one of `rank`'s.
    static func axis(_ axis: Int, rank: Int) -> Int? {
        let resolved = axis < 0 ? axis + rank : axis
        return (0..<rank).contains(resolved) ? resolved : nil
    }

    /// The shape a network spec gives a value computed for one sample: the graph's own shape (at
    /// batch 1) without a leading 1, the batch. A value whose batch dimension an op moved inward (an
    /// attention's `[tokens, batch, features]`) keeps every dimension: with a batch of 1 the values
    /// and every count are the same.
    static func perSample(_ full: [Int]) -> [Int] {
        full.count >= 2 && full[0] == 1 ? Array(full.dropFirst()) : (full.isEmpty ? [1] : full)
    }

    /// Whether `perSample` drops the first dimension of `full`.
    static func dropsBatch(_ full: [Int]) -> Bool { full.count >= 2 && full[0] == 1 }
}

/// A problem found before the node or field it belongs to is known: the caller says where.
struct Problem: Error {
    let message: String

    init(_ message: String) { self.message = message }
}
