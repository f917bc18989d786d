import Synchronization

/// The numbers behind `GET /metrics`. Requests, durations and connections are reported by whoever
/// carries requests to the service (its transport knows when a connection opens and how long a
/// response took to write); the cache's numbers are read from the cache itself.
public final class ServiceMetrics: Sendable {
    struct RequestKey: Hashable, Sendable {
        var route: String
        var method: String
        var status: Int
    }

    private struct RequestStatistics: Sendable {
        var counts: [RequestKey: Int] = [:]
        var durations: [String: DurationHistogram] = [:]
    }

    private let requests = Mutex(RequestStatistics())
    private let openConnections = Atomic<Int>(0)
    let cache: ResultCache

    init(cache: ResultCache) {
        self.cache = cache
    }

    /// Counts one answered request under its route pattern (never the raw path, which would let
    /// clients create unbounded series). Methods outside the standard set are counted as `OTHER`.
    public func recordRequest(method: String, routePattern: String, status: Int, durationSeconds: Double) {
        let key = RequestKey(route: routePattern, method: Self.boundedMethod(method), status: status)
        requests.withLock { statistics in
            statistics.counts[key, default: 0] += 1
            statistics.durations[routePattern, default: DurationHistogram()].observe(durationSeconds)
        }
    }

    public func connectionOpened() {
        openConnections.wrappingAdd(1, ordering: .relaxed)
    }

    public func connectionClosed() {
        openConnections.wrappingSubtract(1, ordering: .relaxed)
    }

    /// The Prometheus text exposition format, version 0.0.4, series sorted so output is stable.
    func prometheusText() -> String {
        let (counts, durations) = requests.withLock { ($0.counts, $0.durations) }
        let cacheStatistics = cache.statistics
        var text = PrometheusText()

        text.family("abacus_http_requests_total", type: "counter", help: "HTTP requests answered, by route pattern, method and status.")
        for (key, count) in counts.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            text.sample("abacus_http_requests_total", labels: [("route", key.route), ("method", key.method), ("status", String(key.status))], value: count)
        }

        text.family("abacus_http_request_duration_seconds", type: "histogram", help: "Time from a request's arrival to its response, by route pattern.")
        for (route, histogram) in durations.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (position, count) in histogram.bucketCounts.enumerated() {
                cumulative += count
                let bound = position < DurationHistogram.upperBounds.count
                    ? PrometheusText.format(DurationHistogram.upperBounds[position]) : "+Inf"
                text.sample("abacus_http_request_duration_seconds_bucket", labels: [("route", route), ("le", bound)], value: cumulative)
            }
            text.sample("abacus_http_request_duration_seconds_sum", labels: [("route", route)], value: histogram.sum)
            text.sample("abacus_http_request_duration_seconds_count", labels: [("route", route)], value: histogram.count)
        }

        text.family("abacus_cache_hits_total", type: "counter", help: "Estimates answered from the result cache.")
        text.sample("abacus_cache_hits_total", value: cacheStatistics.hits)
        text.family("abacus_cache_misses_total", type: "counter", help: "Estimates computed because the result cache did not hold them.")
        text.sample("abacus_cache_misses_total", value: cacheStatistics.misses)
        text.family("abacus_cache_evictions_total", type: "counter", help: "Results evicted from the cache to keep it within its bounds.")
        text.sample("abacus_cache_evictions_total", value: cacheStatistics.evictions)
        text.family("abacus_cache_entries", type: "gauge", help: "Results held in the cache.")
        text.sample("abacus_cache_entries", value: cacheStatistics.entries)
        text.family("abacus_cache_bytes", type: "gauge", help: "Bytes of encoded results held in the cache.")
        text.sample("abacus_cache_bytes", value: cacheStatistics.bytes)
        text.family("abacus_open_connections", type: "gauge", help: "Client connections open now.")
        text.sample("abacus_open_connections", value: openConnections.load(ordering: .relaxed))
        return text.output
    }

    private static let standardMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"]

    private static func boundedMethod(_ method: String) -> String {
        standardMethods.contains(method) ? method : "OTHER"
    }
}
