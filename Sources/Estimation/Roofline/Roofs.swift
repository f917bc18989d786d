/// The two roofs of a roofline: peak compute and memory bandwidth. Their ratio is the ridge point,
/// the arithmetic intensity (FLOP per byte) at which an operator stops being memory-bound.
/// docs/inference.md says what the roofline assumes (seeds 003 and 004).
public struct Roofs: Hashable, Sendable {
    public var peakFlopsPerSecond: Double
    public var bandwidthBytesPerSecond: Double

    public init(peakFlopsPerSecond: Double, bandwidthBytesPerSecond: Double) {
        self.peakFlopsPerSecond = peakFlopsPerSecond
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
    }

    /// An accelerator's dense peak for `precision` and its bandwidth; throws, naming `field`, when
    /// the accelerator has no peak for that precision.
    public init(_ accelerator: Accelerator, precision: Precision, field: String = "precision") throws(EstimationError) {
        guard let peak = accelerator.peak(precision) else {
            let known = Precision.allCases.filter { accelerator.peak($0) != nil }.map(\.rawValue)
            throw EstimationError(
                field: field,
                message: "\(accelerator.displayName) has no \(precision.rawValue) peak; it has \(known.joined(separator: ", "))")
        }
        self.init(peakFlopsPerSecond: peak, bandwidthBytesPerSecond: accelerator.bandwidthBytesPerSecond)
    }

    /// The roofs an accelerator was measured to reach for `precision`: its measured peak and
    /// bandwidth where it has them, the spec sheet's where it does not; nil when nothing was
    /// measured, so that measured roofs are never the spec sheet's under another name.
    public static func measured(_ accelerator: Accelerator, precision: Precision) -> Roofs? {
        let measured = accelerator.measured
        let peak = measured.peakFlopsPerSecond[precision]
        guard peak != nil || measured.bandwidthBytesPerSecond != nil,
            let chosenPeak = peak ?? accelerator.peak(precision)
        else { return nil }
        return Roofs(
            peakFlopsPerSecond: chosenPeak,
            bandwidthBytesPerSecond: measured.bandwidthBytesPerSecond ?? accelerator.bandwidthBytesPerSecond)
    }

    /// `π / β`: FLOP per byte at which the two roofs meet.
    public var ridgeIntensity: Double { peakFlopsPerSecond / bandwidthBytesPerSecond }

    /// Where an operator of `flops` floating-point operations that moves `bytes` bytes sits:
    /// attainable `min(π, I·β)`, time `max(flops / π, bytes / β)`. Both counts must be finite and
    /// non-negative; an operator that moves no bytes has infinite intensity and is compute-bound.
    public func place(flops: Double, bytes: Double) -> RooflinePoint {
        let intensity = bytes > 0 ? flops / bytes : (flops > 0 ? Double.infinity : 0)
        let attainable = min(peakFlopsPerSecond, intensity * bandwidthBytesPerSecond)
        return RooflinePoint(
            intensity: intensity,
            bound: intensity < ridgeIntensity ? .memory : .compute,
            attainableFlopsPerSecond: attainable,
            fractionOfPeak: attainable / peakFlopsPerSecond,
            computeSeconds: flops / peakFlopsPerSecond, memorySeconds: bytes / bandwidthBytesPerSecond)
    }

    /// An operator whose work runs on two units: `matrixFlops` on the matrix units at `π`, and
    /// `vectorFlops` (exponentials, norms, additions) on the vector units at `vectorPeak`, one
    /// after the other, overlapped with its `bytes` of traffic. Its compute time is
    /// `matrix/π + vector/π_vector`; it is compute-bound when that is at least `bytes/β`. With no
    /// vector work this is `place(flops:bytes:)`. Counts must be finite and non-negative, and
    /// `bytes` positive.
    public func place(
        matrixFlops: Double, vectorFlops: Double, vectorPeakFlopsPerSecond: Double, bytes: Double
    ) -> RooflinePoint {
        let flops = matrixFlops + vectorFlops
        let computeSeconds = matrixFlops / peakFlopsPerSecond + vectorFlops / vectorPeakFlopsPerSecond
        let memorySeconds = bytes / bandwidthBytesPerSecond
        let seconds = max(computeSeconds, memorySeconds)
        let attainable = seconds > 0 ? flops / seconds : 0
        return RooflinePoint(
            intensity: flops / bytes, bound: computeSeconds < memorySeconds ? .memory : .compute,
            attainableFlopsPerSecond: attainable, fractionOfPeak: attainable / peakFlopsPerSecond,
            computeSeconds: computeSeconds, memorySeconds: memorySeconds)
    }
}

/// Which roof limits an operator: below the ridge point, bandwidth; at or above it, compute.
public enum RooflineBound: String, Hashable, Sendable {
    case memory, compute
}

/// One operator on the roofline.
public struct RooflinePoint: Hashable, Sendable {
    /// FLOP per byte moved.
    public var intensity: Double
    public var bound: RooflineBound
    /// `min(π, I·β)`.
    public var attainableFlopsPerSecond: Double
    /// `attainable / π`.
    public var fractionOfPeak: Double
    /// The time its work takes at the compute roof, and its traffic at the memory roof.
    public var computeSeconds: Double
    public var memorySeconds: Double
    /// `max(flops / π, bytes / β)`: the time at the roofs, with compute and memory traffic overlapped.
    public var seconds: Double { max(computeSeconds, memorySeconds) }
}
