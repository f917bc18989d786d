import Foundation
import HTTPCore

/// Paths to a PEM certificate (chain) and its private key; setting them turns TLS on.
public struct TLSConfiguration: Sendable, Equatable {
    public var certificatePath: String
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }
}

/// Every limit, timeout and policy the server keeps. The defaults suit a JSON API on a small machine.
///
/// Timeouts are totals from the moment a phase starts, not per read, and are checked by each
/// worker's sweep (granularity: a quarter of the shortest timeout, between 10 ms and 1 s).
public struct HTTPServerConfiguration: Sendable {
    /// Address to bind: an IP literal (IPv4, or IPv6 such as `::`) or a name such as `localhost`,
    /// resolved once at start (the first address that binds is used).
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks an ephemeral port, which `HTTPServer.start()` returns.
    public var port: Int = 8080
    public var backlog: Int = 1024
    /// Connections beyond this are answered 503 and closed at once.
    public var maxConnections: Int = 10_000
    /// Request line including CRLF; longer → 414.
    public var maxRequestLineBytes: Int = 8 * 1024
    /// Header section (and, separately, chunked trailers); larger → 431.
    public var maxHeaderBytes: Int = 16 * 1024
    /// Header fields (and, separately, trailer fields); more → 431.
    public var maxHeaderCount: Int = 100
    /// Request body after chunked decoding; larger → 413.
    public var maxBodyBytes: Int = 1024 * 1024
    /// Limits in place of `maxBodyBytes` for bodies of these media types (an uploaded model); each
    /// body still reserves its bytes against `maxBodyMemoryBytes`, which should hold the largest.
    public var maxBodyBytesByMediaType: [MediaType: Int] = [:]
    /// Request bodies all connections together may hold in memory; a body that would go past it is
    /// refused with 503 (and `Retry-After`) before it is read.
    public var maxBodyMemoryBytes: Int = 64 * 1024 * 1024
    /// From the first byte of a request to the end of its header section (slowloris) → 408, close.
    public var headerTimeout: Duration = .seconds(10)
    /// From the end of the header section to the end of the body → 408, close.
    public var bodyTimeout: Duration = .seconds(30)
    /// How long a keep-alive connection may wait for its next request → silent close.
    public var idleTimeout: Duration = .seconds(60)
    /// How long a response may wait for the client to read it → close.
    public var writeTimeout: Duration = .seconds(30)
    /// A responder cannot be preempted. When it returns after this long, its response is still sent
    /// (the work is done), but with `Connection: close`, so a slow route never holds a connection.
    public var handlerTimeout: Duration = .seconds(10)
    /// How long `shutdown` lets in-flight requests finish before closing everything.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// Bodies shorter than this are never compressed (gzip's overhead outweighs the gain).
    public var gzipMinimumBytes: Int = 1024
    /// zlib level 1 (fastest) … 9 (smallest); 0 turns compression off.
    public var compressionLevel: Int = 6
    /// Off (nil) by default.
    public var tls: TLSConfiguration?
    /// When set, requests under `protectedPathPrefix` need `Authorization: Bearer <token>`.
    public var bearerToken: String?
    public var protectedPathPrefix: String = "/v1/"
    /// Browser origins (`https://dash.example`) allowed to call the API, or `["*"]` for any; empty
    /// (the default) turns CORS off.
    public var corsOrigins: [String] = []
    /// The `Server` header's value.
    public var serverName: String = "abacus"
    /// Event-loop threads, each owning the connections it accepts; defaults to one per core.
    public var workerCount: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    public init() {}

    var parserLimits: HTTPParserLimits {
        HTTPParserLimits(
            maxRequestLineBytes: maxRequestLineBytes, maxHeaderBytes: maxHeaderBytes,
            maxHeaderCount: maxHeaderCount, maxBodyBytes: maxBodyBytes, maxBodyBytesByMediaType: maxBodyBytesByMediaType
        )
    }

    /// The sweep's period: fine enough for the shortest timeout, never busier than 100 Hz.
    var sweepInterval: Duration {
        let shortest = [headerTimeout, bodyTimeout, idleTimeout, writeTimeout, shutdownGracePeriod].min() ?? .seconds(1)
        return min(max(shortest / 4, .milliseconds(10)), .seconds(1))
    }

    /// The policies every request passes, in order: CORS first, since a browser's preflight carries
    /// no credentials, then the bearer token.
    var policies: [any HTTPPolicy] {
        var policies: [any HTTPPolicy] = []
        if !corsOrigins.isEmpty { policies.append(CORSPolicy(allowedOrigins: corsOrigins)) }
        if let bearerToken { policies.append(BearerAuthPolicy(token: bearerToken, protectedPrefix: protectedPathPrefix)) }
        return policies
    }

    /// What each connection's state machine is configured with; `budget` is the server's one.
    func connectionConfiguration(budget: BodyBudget) -> ConnectionStateMachine.Configuration {
        ConnectionStateMachine.Configuration(
            limits: parserLimits, headerTimeout: headerTimeout, bodyTimeout: bodyTimeout, idleTimeout: idleTimeout,
            writeTimeout: writeTimeout, handlerTimeout: handlerTimeout, policies: policies,
            compressionMinimumBytes: compressionLevel > 0 ? gzipMinimumBytes : nil, bodyBudget: budget)
    }
}
