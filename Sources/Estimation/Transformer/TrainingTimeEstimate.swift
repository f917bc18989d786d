/// Wall-clock time to train on a number of tokens.
public struct TrainingTimeEstimate: Hashable, Sendable {
    public enum FlopsKind: String, Hashable, Sendable {
        /// `3 ×` forward: what MFU is defined against.
        case model
        /// Model FLOPs plus recompute: what an achieved hardware rate counts.
        case hardware
    }

    public struct Duration: Hashable, Sendable {
        public var seconds: Double
        public var days: Double
        public var gpuHours: Double

        public init(seconds: Double, days: Double, gpuHours: Double) {
            self.seconds = seconds
            self.days = days
            self.gpuHours = gpuHours
        }
    }

    public struct UtilisationRange: Hashable, Sendable {
        /// At MFU 0.35.
        public var low: Duration
        /// At MFU 0.5.
        public var high: Duration

        public init(low: Duration, high: Duration) {
            self.low = low
            self.high = high
        }
    }

    /// The point estimate.
    public var seconds: Double
    public var days: Double
    public var gpuHours: Double
    /// Model FLOPs at the seed's utilisation range, 0.35 (slower) to 0.5 (faster); nil when the
    /// accelerator has no peak for the precision (possible only with an achieved rate).
    public var range: UtilisationRange?
    /// FLOPs the point estimate divides by the rate, whole run.
    public var flops: Double
    public var flopsKind: FlopsKind
    /// FLOPs of that kind per token.
    public var flopsPerToken: Double
    /// Peak FLOP/s of one GPU at the precision, when known.
    public var peakFlopsPerSecond: Double?
    /// Model FLOPs utilisation: as given, or implied by an achieved rate (nil without a peak).
    public var mfu: Double?

    public init(
        duration: Duration, range: UtilisationRange?, flops: Double,
        flopsKind: FlopsKind, flopsPerToken: Double, peakFlopsPerSecond: Double?, mfu: Double?
    ) {
        seconds = duration.seconds
        days = duration.days
        gpuHours = duration.gpuHours
        self.range = range
        self.flops = flops
        self.flopsKind = flopsKind
        self.flopsPerToken = flopsPerToken
        self.peakFlopsPerSecond = peakFlopsPerSecond
        self.mfu = mfu
    }
}
