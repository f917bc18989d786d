/// One accelerator (or CPU) as the estimates see it: memory, bandwidth and dense peak rates.
/// Presets live in `HardwareCatalogue`; `overriding` turns one into custom hardware.
public struct Accelerator: Hashable, Sendable {
    /// Catalogue key, lower-case with hyphens (`h100-sxm`); "custom" names a caller's own.
    public var name: String
    public var displayName: String
    /// Device memory in bytes: for a preset, the total the device's own tool reports (nvidia-smi,
    /// rocm-smi, XLA), not the rounded figure in its name. Nothing is set aside for the runtime; a
    /// fit's `headroom` does that.
    public var memoryBytes: Int
    /// Peak memory bandwidth, bytes per second.
    public var bandwidthBytesPerSecond: Double
    /// Dense (no 2:4 sparsity) peak FLOP/s per precision (ops/s for int8); a precision the device
    /// does not support or whose figure is unpublished is absent.
    public var peakFlopsPerSecond: [Precision: Double]
    /// Micro-benchmarks' figures beside the spec sheet's (empty when none were measured).
    public var measured: MeasuredRoofs
    /// The link tensor parallelism's all-reduces cross; nil when the device has none to speak of.
    public var interconnect: Interconnect?
    /// Where the figures come from and which one was picked when sources conflict.
    public var notes: String

    public init(
        name: String, displayName: String, memoryBytes: Int, bandwidthBytesPerSecond: Double,
        peakFlopsPerSecond: [Precision: Double], measured: MeasuredRoofs = MeasuredRoofs(),
        interconnect: Interconnect? = nil, notes: String = ""
    ) {
        self.name = name
        self.displayName = displayName
        self.memoryBytes = memoryBytes
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
        self.peakFlopsPerSecond = peakFlopsPerSecond
        self.measured = measured
        self.interconnect = interconnect
        self.notes = notes
    }

    /// Dense peak for `precision`, nil when unsupported.
    public func peak(_ precision: Precision) -> Double? { peakFlopsPerSecond[precision] }

    /// Caller-described hardware; throws unless every figure is a positive, finite number.
    public static func custom(
        displayName: String = "custom", memoryBytes: Int, bandwidthBytesPerSecond: Double,
        peakFlopsPerSecond: [Precision: Double], measured: MeasuredRoofs = MeasuredRoofs(),
        interconnectBytesPerSecond: Double? = nil
    ) throws(EstimationError) -> Accelerator {
        try Accelerator(
            name: "custom", displayName: displayName, memoryBytes: memoryBytes,
            bandwidthBytesPerSecond: bandwidthBytesPerSecond, peakFlopsPerSecond: peakFlopsPerSecond,
            measured: measured,
            interconnect: interconnectBytesPerSecond.map { Interconnect(kind: .custom, bandwidthBytesPerSecond: $0) },
            notes: "figures given by the caller"
        ).validated()
    }

    /// This accelerator with some figures replaced (peaks, measured ones included, are merged: a
    /// given precision replaces that one only), renamed "custom" when anything changed. Throws
    /// like `validated()`.
    public func overriding(
        memoryBytes: Int? = nil, bandwidthBytesPerSecond: Double? = nil,
        peakFlopsPerSecond: [Precision: Double] = [:], measured: MeasuredRoofs = MeasuredRoofs(),
        interconnectBytesPerSecond: Double? = nil
    ) throws(EstimationError) -> Accelerator {
        var custom = self
        custom.memoryBytes = memoryBytes ?? self.memoryBytes
        custom.bandwidthBytesPerSecond = bandwidthBytesPerSecond ?? self.bandwidthBytesPerSecond
        custom.peakFlopsPerSecond.merge(peakFlopsPerSecond) { _, given in given }
        custom.measured = self.measured.merging(measured)
        if let interconnectBytesPerSecond {
            custom.interconnect = Interconnect(
                kind: interconnect?.kind ?? .custom, bandwidthBytesPerSecond: interconnectBytesPerSecond)
        }
        if custom != self {
            custom.name = "custom"
            custom.notes = "custom figures based on \(displayName)"
        }
        return try custom.validated()
    }

    /// Self, when memory is positive and every rate (bandwidths, peaks, measured or not) lies from
    /// 1 to 10^21 per second; otherwise the issues, named after the request's fields
    /// (`hardware.memory_bytes`, `hardware.peak_flops_per_second.<precision>`,
    /// `hardware.measured.bandwidth_bytes_per_second`, …).
    public func validated() throws(EstimationError) -> Accelerator {
        var validation = FieldValidation()
        validation.require(memoryBytes, in: 1...Int.max, field: "hardware.memory_bytes")
        validation.require(
            bandwidthBytesPerSecond, in: Accelerator.rates,
            field: "hardware.bandwidth_bytes_per_second")
        for precision in Precision.allCases {
            if let peak = peakFlopsPerSecond[precision] {
                validation.require(
                    peak, in: Accelerator.rates, field: "hardware.peak_flops_per_second.\(precision.rawValue)")
            }
            if let peak = measured.peakFlopsPerSecond[precision] {
                validation.require(
                    peak, in: Accelerator.rates,
                    field: "hardware.measured.peak_flops_per_second.\(precision.rawValue)")
            }
        }
        if let measuredBandwidth = measured.bandwidthBytesPerSecond {
            validation.require(
                measuredBandwidth, in: Accelerator.rates, field: "hardware.measured.bandwidth_bytes_per_second")
        }
        if let interconnect {
            validation.require(
                interconnect.bandwidthBytesPerSecond, in: Accelerator.rates,
                field: "hardware.interconnect_bandwidth_bytes_per_second")
        }
        try validation.check()
        return self
    }

    /// Up to 10^21 per second: a thousand times any device that exists, and far from Double's
    /// limits. From 1 per second: a subnormal rate would make times overflow to infinity.
    static let rates: ClosedRange<Double> = 1...1e21
}
