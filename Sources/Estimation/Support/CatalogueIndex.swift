/// Name lookup shared by the model and hardware catalogues: case, spaces, underscores and dots fold
/// into hyphens (`Llama_3.1_405B` finds `llama-3.1-405b`), and a mistyped name gets suggestions.
struct CatalogueIndex<Item: Sendable>: Sendable {
    /// Longer inputs cannot be a catalogue name; bounding them bounds the edit-distance work a
    /// hostile name can cause.
    static var maximumNameLength: Int { 64 }

    private let names: [(key: String, name: String)]
    private let byKey: [String: Item]
    /// By the name as the catalogue spells it, which is how clients usually send it: found without
    /// folding (a name with a dot, `llama-3.1-405b`, is not its own key).
    private let byName: [String: Item]

    init(_ items: [Item], name: (Item) -> String) {
        names = items.map { (Self.key(name($0)), name($0)) }
        byKey = Dictionary(items.map { (Self.key(name($0)), $0) }, uniquingKeysWith: { first, _ in first })
        byName = Dictionary(items.map { (name($0), $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func key(_ name: String) -> String {
        // Every catalogue name is ASCII, and so is nearly every request: fold those byte by byte
        // (what `lowercased()` does to ASCII) rather than through Unicode case mapping.
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else {
            return String(name.lowercased().map { $0 == "_" || $0 == "." || $0 == " " ? "-" : $0 })
        }
        return String(unsafeUninitializedCapacity: name.utf8.count) { folded in
            for (index, byte) in name.utf8.enumerated() {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): folded[index] = byte + 0x20
                case UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: " "): folded[index] = UInt8(ascii: "-")
                default: folded[index] = byte
                }
            }
            return name.utf8.count
        }
    }

    func named(_ name: String) -> Item? {
        guard name.utf8.count <= Self.maximumNameLength else { return nil }
        // A catalogue name folds to its own item's key, so an exact hit is the item the folded
        // lookup would find.
        return byName[name] ?? byKey[Self.key(name)]
    }

    /// Names close to `name`, best first, for "did you mean" messages: the names that start with it,
    /// then those containing it; only when there are none, those within an edit distance of
    /// max(2, a third of its length).
    func closeMatches(to name: String, limit: Int) -> [String] {
        guard limit > 0, name.utf8.count <= Self.maximumNameLength else { return [] }
        let query = Self.key(name)
        guard !query.isEmpty else { return [] }
        let containing = names.compactMap { entry -> (rank: Int, name: String)? in
            if entry.key.hasPrefix(query) { return (0, entry.name) }
            return entry.key.contains(query) ? (1, entry.name) : nil
        }
        let ranked: [(rank: Int, name: String)]
        if containing.isEmpty {
            let queryCharacters = Array(query)
            let tolerance = max(2, queryCharacters.count / 3)
            ranked = names.compactMap { entry in
                let distance = Self.editDistance(queryCharacters, Array(entry.key))
                return distance <= tolerance ? (distance, entry.name) : nil
            }
        } else {
            ranked = containing
        }
        return ranked.sorted { ($0.rank, $0.name) < ($1.rank, $1.name) }.prefix(limit).map(\.name)
    }

    /// Levenshtein distance with one rolling row.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            current.reserveCapacity(b.count + 1)
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
