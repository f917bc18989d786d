import Dispatch

/// Monotonic nanoseconds (uptime), the unit every deadline is kept in.
enum MonotonicClock {
    static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }
}

extension Duration {
    /// Whole nanoseconds, clamped to zero for negative durations and saturating on overflow.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let (total, overflow2) = whole.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000))
        return overflow2 ? .max : total
    }

    init(nanoseconds: UInt64) {
        self = .nanoseconds(Int64(clamping: nanoseconds))
    }
}

extension UInt64 {
    /// `self + duration`, saturating, for deadlines.
    func adding(_ duration: Duration) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(duration.nanoseconds)
        return overflow ? .max : sum
    }
}
