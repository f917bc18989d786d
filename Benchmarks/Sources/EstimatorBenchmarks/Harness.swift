#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small, rigorous micro-benchmark loop: a timed warm-up that also calibrates a batch size (so a
/// sample lasts at least `minimumSampleNanoseconds` and the clock's own ~25 ns stays under a
/// few percent), then thousands of samples, each the mean time of one batch, summarised by
/// percentiles. Operations of a microsecond or more run one per sample, so their percentiles are
/// per-operation percentiles.
struct Harness {
    var warmupNanoseconds: UInt64 = 300_000_000
    var measureNanoseconds: UInt64 = 2_000_000_000
    var maximumSamples = 50_000
    var minimumSampleNanoseconds: Double = 1_000

    func measure(_ name: String, _ operation: () -> Void) -> Summary {
        let warmupStart = Self.now()
        var warmupOperations = 0
        while Self.now() - warmupStart < warmupNanoseconds {
            operation()
            warmupOperations += 1
        }
        let estimate = Double(Self.now() - warmupStart) / Double(max(1, warmupOperations))
        let batch = max(1, Int((minimumSampleNanoseconds / max(estimate, 1)).rounded(.up)))

        var samples: [Double] = []
        samples.reserveCapacity(maximumSamples)
        let measureStart = Self.now()
        while samples.count < maximumSamples, Self.now() - measureStart < measureNanoseconds {
            let start = Self.now()
            for _ in 0..<batch { operation() }
            samples.append(Double(Self.now() - start) / Double(batch))
        }
        return Summary(name: name, batch: batch, nanosecondsPerOperation: samples)
    }

    /// CLOCK_MONOTONIC in nanoseconds (a vDSO call, no syscall).
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// Percentiles of one benchmark's samples, in nanoseconds per operation.
struct Summary {
    var name: String
    var batch: Int
    var samples: Int
    var minimum: Double
    var p50: Double
    var p90: Double
    var p99: Double
    var maximum: Double
    var mean: Double

    init(name: String, batch: Int, nanosecondsPerOperation: [Double]) {
        let sorted = nanosecondsPerOperation.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            let rank = Int((p / 100 * Double(sorted.count - 1)).rounded())
            return sorted[min(sorted.count - 1, max(0, rank))]
        }
        self.name = name
        self.batch = batch
        samples = sorted.count
        minimum = sorted.first ?? .nan
        p50 = percentile(50)
        p90 = percentile(90)
        p99 = percentile(99)
        maximum = sorted.last ?? .nan
        mean = sorted.isEmpty ? .nan : sorted.reduce(0, +) / Double(sorted.count)
    }

    static let tableHeader = """
        | benchmark | p50 µs | p90 µs | p99 µs | min µs | mean µs | samples × batch |
        |---|---:|---:|---:|---:|---:|---:|
        """

    var tableRow: String {
        "| \(name) | \(Self.micro(p50)) | \(Self.micro(p90)) | \(Self.micro(p99)) | \(Self.micro(minimum)) | \(Self.micro(mean)) | \(samples) × \(batch) |"
    }

    /// Nanoseconds as microseconds with three decimals.
    private static func micro(_ nanoseconds: Double) -> String {
        let thousandths = Int((nanoseconds).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}

/// Keeps a value alive so the optimiser cannot drop the computation that produced it.
@inline(never) @_optimize(none)
func blackHole<T>(_ value: T) {}
