/// The kind of every layer, in order, kept run-length encoded so that a 96-layer model stays a few
/// entries long: an entry is a list of runs (`count` consecutive layers of one kind) repeated
/// `repeats` times. Gemma 3 27B's 62 layers are two entries: ten times (5 sliding, 1 full), then 2
/// sliding.
///
/// The form is canonical: whatever entries describe a sequence of kinds, `init(entries:)` expands
/// them and compresses them again the one way `init(_:)` does, so two layouts of the same layers
/// are equal (and their JSON hashes alike). Compression is greedy from the first layer: at each
/// position it takes the repetition (of a pattern of up to `maxPatternLength` layers) that covers
/// the most layers, a plain run when nothing repeats, and the shortest pattern on a tie.
///
/// Consumers iterate `runs` (consecutive layers of one kind, blocks expanded) or `distinctKinds`
/// (each kind once, with its total count), and never need the per-layer expansion.
public struct LayerLayout: Hashable, Sendable {
    /// `count` consecutive layers of one kind.
    public struct Run: Hashable, Sendable {
        public var kind: LayerKind
        public var count: Int

        public init(_ kind: LayerKind, count: Int) {
            self.kind = kind
            self.count = count
        }
    }

    /// `runs`, `repeats` times over. Canonically either one run (`repeats` 1) or a pattern of at
    /// least two runs repeated at least twice.
    public struct Entry: Hashable, Sendable {
        public var repeats: Int
        public var runs: [Run]

        public init(repeats: Int = 1, runs: [Run]) {
            self.repeats = repeats
            self.runs = runs
        }

        var layers: Int { repeats * runs.reduce(0) { $0 + $1.count } }
    }

    /// The canonical run-length form.
    public private(set) var entries: [Entry]
    /// Layers described.
    public private(set) var layers: Int
    /// Each kind once, in the order it first appears, with how many layers are of it. Kept beside
    /// `entries` (it follows from them) because every estimate asks for it many times.
    public private(set) var distinctKinds: [Run]

    /// Layers a layout can describe, as `ModelSpec.layers` allows.
    public static let maxLayers = 10_000
    /// Longest repeated pattern the compression looks for (nemotron_h's is 9 layers).
    static let maxPatternLength = 32

    /// The canonical layout of `kinds`, first layer first.
    public init(_ kinds: [LayerKind]) {
        entries = Self.compress(kinds)
        layers = kinds.count
        distinctKinds = Self.distinctKinds(of: entries, in: 0..<kinds.count)
    }

    /// `layers` layers of one kind.
    public init(uniform kind: LayerKind, layers: Int) {
        entries = layers > 0 ? [Entry(runs: [Run(kind, count: layers)])] : []
        self.layers = Swift.max(0, layers)
        distinctKinds = layers > 0 ? [Run(kind, count: layers)] : []
    }

    /// Any run-length description, made canonical. Refuses a repeat or count below 1, an empty
    /// entry, or more than `maxLayers` layers in all, naming the entry (`layout[2].layers[0].count`).
    public init(entries given: [Entry]) throws(EstimationError) {
        var check = FieldValidation()
        var total = 0
        for (index, entry) in given.enumerated() {
            let field = "layout[\(index)]"
            let repeatsValid = check.require(entry.repeats, in: 1...Self.maxLayers, field: "\(field).repeat")
            if entry.runs.isEmpty { check.fail("\(field).layers", "must list at least one run of layers") }
            var entryLayers = 0
            for (position, run) in entry.runs.enumerated()
            where check.require(run.count, in: 1...Self.maxLayers, field: "\(field).layers[\(position)].count") {
                entryLayers += run.count
            }
            // Both factors are at most maxLayers² here, far inside Int.
            if repeatsValid { total += Swift.min(entry.repeats * entryLayers, Self.maxLayers + 1) }
            if total > Self.maxLayers {
                check.fail("layout", "describes more than \(Self.maxLayers) layers")
                break
            }
        }
        try check.check()
        var kinds: [LayerKind] = []
        kinds.reserveCapacity(total)
        for entry in given {
            for _ in 0..<entry.repeats {
                for run in entry.runs { kinds.append(contentsOf: repeatElement(run.kind, count: run.count)) }
            }
        }
        self.init(kinds)
    }

    /// Consecutive layers of one kind, first layer first, repeated patterns spelled out.
    public var runs: [Run] {
        var result: [Run] = []
        for entry in entries {
            for _ in 0..<entry.repeats {
                for run in entry.runs {
                    if let last = result.last, last.kind == run.kind {
                        result[result.count - 1].count += run.count
                    } else {
                        result.append(run)
                    }
                }
            }
        }
        return result
    }

    /// Like `distinctKinds`, for the layers whose indices are in `range` (a pipeline stage).
    public func distinctKinds(in range: Range<Int>) -> [Run] {
        Self.distinctKinds(of: entries, in: range)
    }

    /// Walks the entries as they are (spelling out `runs` would allocate on every call).
    private static func distinctKinds(of entries: [Entry], in range: Range<Int>) -> [Run] {
        var result: [Run] = []
        var start = 0
        for entry in entries {
            for _ in 0..<entry.repeats {
                for run in entry.runs {
                    guard start < range.upperBound else { return result }
                    let overlap = Swift.min(range.upperBound, start + run.count) - Swift.max(range.lowerBound, start)
                    start += run.count
                    guard overlap > 0 else { continue }
                    if let index = result.firstIndex(where: { $0.kind == run.kind }) {
                        result[index].count += overlap
                    } else {
                        result.append(Run(run.kind, count: overlap))
                    }
                }
            }
        }
        return result
    }

    /// Whether any layer satisfies `predicate`.
    public func contains(where predicate: (LayerKind) -> Bool) -> Bool {
        entries.contains { $0.runs.contains { predicate($0.kind) } }
    }

    /// How many layers satisfy `predicate`.
    public func count(where predicate: (LayerKind) -> Bool) -> Int {
        distinctKinds.reduce(0) { $0 + (predicate($1.kind) ? $1.count : 0) }
    }

    /// The same layout with every kind transformed (and compressed again, as kinds may merge).
    public func map(_ transform: (LayerKind) -> LayerKind) -> LayerLayout {
        var kinds: [LayerKind] = []
        kinds.reserveCapacity(layers)
        for run in runs { kinds.append(contentsOf: repeatElement(transform(run.kind), count: run.count)) }
        return LayerLayout(kinds)
    }

    // MARK: - Compression

    private static func compress(_ kinds: [LayerKind]) -> [Entry] {
        // Compare small integers rather than kinds: a model has a handful of distinct kinds.
        var table: [LayerKind] = []
        let ids = kinds.map { kind in
            if let index = table.firstIndex(of: kind) { return index }
            table.append(kind)
            return table.count - 1
        }
        var entries: [Entry] = []
        var start = 0
        while start < ids.count {
            let run = runLength(ids, from: start)
            var best = (period: 1, repeats: run, covered: run)
            let longest = Swift.min(maxPatternLength, (ids.count - start) / 2)
            if longest >= 2 {
                for period in 2...longest {
                    let repeats = repetitions(ids, from: start, period: period)
                    if repeats >= 2, period * repeats > best.covered {
                        best = (period, repeats, period * repeats)
                    }
                }
            }
            if best.period == 1 {
                entries.append(Entry(runs: [Run(table[ids[start]], count: run)]))
            } else {
                var pattern: [Run] = []
                var position = start
                while position < start + best.period {
                    let length = Swift.min(runLength(ids, from: position), start + best.period - position)
                    pattern.append(Run(table[ids[position]], count: length))
                    position += length
                }
                entries.append(Entry(repeats: best.repeats, runs: pattern))
            }
            start += best.covered
        }
        return entries
    }

    private static func runLength(_ ids: [Int], from start: Int) -> Int {
        var end = start + 1
        while end < ids.count, ids[end] == ids[start] { end += 1 }
        return end - start
    }

    /// How many times the `period` layers from `start` occur back to back.
    private static func repetitions(_ ids: [Int], from start: Int, period: Int) -> Int {
        var repeats = 1
        outer: while start + (repeats + 1) * period <= ids.count {
            let copy = start + repeats * period
            for offset in 0..<period where ids[copy + offset] != ids[start + offset] { break outer }
            repeats += 1
        }
        return repeats
    }
}

extension LayerLayout {
    /// The layout a native spec without `layout` means, from the fields that said it before layouts
    /// existed: every layer attends (`sliding` when there is a window; with `globalAttentionEvery`
    /// `n > 0`, layer `i` is `full` when `(i + 1) % n == 0`), and holds the experts when there are
    /// any, but for the first `denseLayers` dense ones. Refuses `global_attention_every` outside
    /// 0…10 000 or without a window, and `moe.dense_layers` outside 0…`layers − 1`, naming them.
    public static func implied(
        layers: Int, slidingWindow: Int?, globalAttentionEvery: Int, moe: Bool, denseLayers: Int
    ) throws(EstimationError) -> LayerLayout {
        var check = FieldValidation()
        if check.require(globalAttentionEvery, in: 0...maxLayers, field: "global_attention_every"),
            globalAttentionEvery > 0, slidingWindow == nil
        {
            check.fail("global_attention_every", "only means something with a sliding_window; set one or use 0")
        }
        if moe {
            check.require(denseLayers, in: 0...Swift.max(0, Swift.min(layers, maxLayers) - 1), field: "moe.dense_layers")
        }
        try check.check()
        let slots = Swift.min(Swift.max(layers, 0), maxLayers)
        return LayerLayout((0..<slots).map { index in
            let global = slidingWindow == nil || (globalAttentionEvery > 0 && (index + 1) % globalAttentionEvery == 0)
            return LayerKind(attention: global ? .full : .sliding, mlp: moe && index >= denseLayers ? .moe : .dense)
        })
    }
}
