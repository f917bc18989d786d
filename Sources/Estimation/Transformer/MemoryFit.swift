/// Whether an estimate fits in an accelerator's memory once a headroom fraction is set aside (for
/// the framework, allocator fragmentation and the CUDA context).
public struct MemoryFit: Hashable, Sendable {
    public var fits: Bool
    /// Bytes the estimate needs.
    public var requiredBytes: Int
    /// The accelerator's memory.
    public var memoryBytes: Int
    /// Fraction of `memoryBytes` set aside, 0 to 0.99.
    public var headroom: Double
    /// `memoryBytes` less the headroom (rounded up to whole bytes).
    public var usableBytes: Int
    /// `usableBytes − requiredBytes` when it fits, else 0.
    public var freeBytes: Int
    /// `requiredBytes − usableBytes` when it does not fit, else 0.
    public var shortBytes: Int

    /// Throws when `headroom` is outside 0...0.99 (field `headroom`).
    public init(requiredBytes: Int, memoryBytes: Int, headroom: Double) throws(EstimationError) {
        let usable = try MemoryFit.usableBytes(memoryBytes: memoryBytes, headroom: headroom)
        self.requiredBytes = requiredBytes
        self.memoryBytes = memoryBytes
        self.headroom = headroom
        self.usableBytes = usable
        // Both are non-negative, so their difference cannot overflow.
        fits = requiredBytes <= usable
        freeBytes = fits ? usable - requiredBytes : 0
        shortBytes = fits ? 0 : requiredBytes - usable
    }

    /// Throws unless `headroom` is within 0...0.99 (field `headroom`).
    public static func validate(headroom: Double) throws(EstimationError) {
        var validation = FieldValidation()
        validation.require(headroom, in: OptionLimits.headroom, field: "headroom")
        try validation.check()
    }

    /// `memoryBytes` less `ceil(memoryBytes × headroom)`; computing the reserve rather than the
    /// usable part keeps the Double far from `Int.max`, where converting back would trap.
    static func usableBytes(memoryBytes: Int, headroom: Double) throws(EstimationError) -> Int {
        var validation = FieldValidation()
        validation.include { () throws(EstimationError) in try validate(headroom: headroom) }
        validation.require(memoryBytes, in: 1...Int.max, field: "hardware.memory_bytes")
        try validation.check()
        return memoryBytes - Int((Double(memoryBytes) * headroom).rounded(.up))
    }
}
