/// The two roofs of a roofline: peak compute and memory bandwidth. Their ratio is the ridge point,
/// the arithmetic intensity (FLOP per byte) at which an operator stops being memory-bound.
/// docs/networks.md says what the roofline assumes.
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
            seconds: max(flops / peakFlopsPerSecond, bytes / bandwidthBytesPerSecond))
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
    /// `max(flops / π, bytes / β)`: the time at the roofs, with compute and memory traffic overlapped.
    public var seconds: Double
}
