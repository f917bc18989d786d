import EstimationAPI
import HTTPServer
import ServiceHost

/// Every `abacus serve` setting. Defaults are the libraries' own, so they are stated once.
enum ServeSettings {
    private static let server = HTTPServerConfiguration()
    private static let service = ServiceConfiguration()

    static let host = Setting.text(
        "host", "Address to bind: an IP address (:: for every IPv6 and IPv4 address) or a host name such as localhost, resolved at start.",
        default: server.host, expectation: "an IP address or a host name")
    static let port = Setting.integer(
        "port", "TCP port to listen on; 0 picks a free one (the line `abacus listening on HOST:PORT` tells which).",
        default: server.port, range: 0...65_535)
    static let backlog = Setting.integer(
        "backlog", "Connections the kernel queues before they are accepted.", default: server.backlog, range: 1...65_535)
    static let maxConnections = Setting.integer(
        "max-connections", "Open connections beyond this are answered 503 and closed.",
        default: server.maxConnections, range: 1...1_000_000)
    static let maxBodyBytes = Setting.integer(
        "max-body-bytes", "Largest request body; larger is answered 413.", default: server.maxBodyBytes, range: 1...(1 << 30))
    static let maxBodyMemory = Setting.integer(
        "max-body-memory", "Bytes of request bodies all connections together may hold; a body that would go past it is answered 503 before it is read.",
        default: server.maxBodyMemoryBytes, range: 1...(1 << 40))
    static let maxHeaderBytes = Setting.integer(
        "max-header-bytes", "Largest request header section; larger is answered 431.",
        default: server.maxHeaderBytes, range: 256...(1 << 20))
    static let maxHeaderCount = Setting.integer(
        "max-header-count", "Most header fields in a request; more is answered 431.",
        default: server.maxHeaderCount, range: 1...10_000)
    static let maxRequestLineBytes = Setting.integer(
        "max-request-line-bytes", "Longest request line; longer is answered 414.",
        default: server.maxRequestLineBytes, range: 64...(1 << 20))
    static let headerTimeout = Setting.seconds(
        "header-timeout", "Time allowed from a request's first byte to the end of its headers (408 after).",
        default: server.headerTimeout)
    static let bodyTimeout = Setting.seconds(
        "body-timeout", "Time allowed from the end of the headers to the end of the body (408 after).",
        default: server.bodyTimeout)
    static let idleTimeout = Setting.seconds(
        "idle-timeout", "How long a keep-alive connection may wait for its next request.", default: server.idleTimeout)
    static let writeTimeout = Setting.seconds(
        "write-timeout", "How long a response may wait for the client to read it.", default: server.writeTimeout)
    static let shutdownGrace = Setting.seconds(
        "shutdown-grace", "On SIGTERM/SIGINT, how long in-flight requests may take to finish.",
        default: server.shutdownGracePeriod)
    static let cacheEntries = Setting.integer(
        "cache-entries", "Most results the cache holds; 0 turns caching off.",
        default: service.cacheMaxEntries, range: 0...10_000_000)
    static let cacheBytes = Setting.integer(
        "cache-bytes", "Most bytes of results the cache holds.", default: service.cacheMaxBytes, range: 0...(1 << 40))
    static let compressionLevel = Setting.integer(
        "compression-level", "gzip level for large responses to clients that accept it; 0 turns it off.",
        default: server.compressionLevel, range: 0...9)
    static let workers = Setting.integer(
        "workers", "Event-loop threads serving connections.",
        default: server.workerCount, defaultText: "one per core", range: 1...1024)
    static let corsOrigins = Setting.origins(
        "cors-origin", "A browser origin allowed to call the API (https://dash.example), or * for any; repeat the flag (or separate with commas in the variable) for several. Off when unset.")
    static let tlsCert = Setting.path("tls-cert", "PEM certificate (chain); with --tls-key, serves HTTPS.")
    static let tlsKey = Setting.path("tls-key", "PEM private key for --tls-cert.")
    static let authTokenFile = Setting.path(
        "auth-token-file",
        "File holding a bearer token that every /v1/ request must send (/healthz, /metrics stay open). ABACUS_AUTH_TOKEN may hold the token itself instead.")
    static let logLevel = Setting.choice(
        "log-level", "error, warning, info (adds an access-log line per request) or debug (adds connections); to stderr.",
        default: LogLevel.info)
}
