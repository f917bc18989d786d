/// How much the host writes to stderr. Each level includes the ones before it.
public enum LogLevel: String, CaseIterable, Comparable, Sendable {
    /// Only failures that stop the server.
    case error
    /// Also problems it survives (none are logged per request).
    case warning
    /// Also one access-log line per request: `method route status bytes duration`.
    case info
    /// Also connection opened/closed lines.
    case debug

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
