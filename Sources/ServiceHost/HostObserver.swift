import EstimationAPI
import HTTPServer

/// Feeds the server's connection and request events into the service's metrics (always) and the
/// log (when the level allows): access lines at `info`, connection lines at `debug`.
struct HostObserver: HTTPServerObserver {
    let metrics: ServiceMetrics
    let logLevel: LogLevel
    let log: LogLines

    func connectionOpened() {
        metrics.connectionOpened()
        if logLevel >= .debug { log.append("connection opened\n") }
    }

    func connectionClosed() {
        metrics.connectionClosed()
        if logLevel >= .debug { log.append("connection closed\n") }
    }

    func requestCompleted(_ entry: AccessLogEntry) {
        let seconds = Double(entry.duration.components.seconds)
            + Double(entry.duration.components.attoseconds) / 1e18
        metrics.recordRequest(
            method: entry.method, routePattern: entry.routePattern, status: entry.status.code, durationSeconds: seconds)
        if logLevel >= .info { log.append(AccessLogWriter.line(for: entry)) }
    }
}
