/// Layer names to positions while a spec is resolved: an open-addressing table of indices into the
/// spec's layers, hashed with FNV-1a. Resolving hashes every name once and looks up every
/// explicit input; with `Dictionary<String, Int>` (SipHash) that was a fifth of resolving ResNet-50.
struct LayerNames {
    private var slots: [Int32]
    private let mask: Int

    /// Room for `capacity` names at most half full.
    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The position of the layer called `name` among those inserted, or nil.
    func index(of name: String, in layers: UnsafeBufferPointer<NetworkLayer>) -> Int? {
        var slot = Self.hash(name) & mask
        while slots[slot] >= 0 {
            let index = Int(slots[slot])
            if layers[index].name == name { return index }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Inserts `layers[index]`'s name; returns the earlier position holding the same name instead,
    /// when there is one.
    mutating func insert(_ index: Int, in layers: UnsafeBufferPointer<NetworkLayer>) -> Int? {
        let name = layers[index].name
        var slot = Self.hash(name) & mask
        while slots[slot] >= 0 {
            let other = Int(slots[slot])
            if layers[other].name == name { return other }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(index)
        return nil
    }

    private static func hash(_ name: String) -> Int {
        // Over the contiguous bytes: iterating the UTF-8 view costs several times more per byte.
        var name = name
        let hash = name.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return hash
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
