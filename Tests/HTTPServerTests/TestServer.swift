import Foundation
@testable import HTTPCore
@testable import HTTPServer
import HTTPTestSupport

/// A server on an ephemeral port with a small set of routes the tests drive, torn down by `stop()`.
final class TestServer: Sendable {
    let server: HTTPServer
    let port: Int

    /// Configuration defaults for tests: two workers; short timeouts can be set per test.
    convenience init(
        observer: (any HTTPServerObserver)? = nil,
        configure: (inout HTTPServerConfiguration) -> Void = { _ in },
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse = TestServer.routes
    ) throws {
        try self.init(observer: observer, configure: configure, responder: ClosureResponder(handler))
    }

    init(
        observer: (any HTTPServerObserver)? = nil, configure: (inout HTTPServerConfiguration) -> Void = { _ in },
        responder: any HTTPResponder
    ) throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.workerCount = 2
        configure(&configuration)
        server = HTTPServer(configuration: configuration, responder: responder, observer: observer)
        port = try server.start()
    }

    func client(readTimeoutMilliseconds: Int = 5000) throws -> HTTPConnection {
        try HTTPConnection(port: port, timeoutMilliseconds: readTimeoutMilliseconds)
    }

    /// Shuts down and waits; returns whether it stopped within `timeout`.
    @discardableResult
    func stop(timeout: Duration = .seconds(5)) -> Bool {
        server.shutdown(gracePeriod: .milliseconds(500))
        return server.waitUntilStopped(timeout: timeout)
    }

    /// A JSON document large enough to be worth compressing (about 4 KB).
    static let largeJSON: [UInt8] = Array(("[" + (0..<200).map { #"{"layer":\#($0),"ok":true}"# }.joined(separator: ",") + "]").utf8)

    /// GET routes answer HEAD as well, as a route table would (`answeredAs`).
    static let routes: @Sendable (HTTPRequest) -> HTTPResponse = { request in
        switch (request.method.answeredAs.rawValue, request.path) {
        case ("GET", "/hello"):
            return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("hello".utf8), routePattern: "/hello")
        case ("GET", "/healthz"):
            return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("ok".utf8), routePattern: "/healthz")
        case ("GET", "/large"):
            return HTTPResponse(
                status: 200, headers: ["Content-Type": "application/json", "ETag": "\"large-v1\""], body: largeJSON,
                routePattern: "/large")
        case ("GET", "/image"):
            return HTTPResponse(status: 200, headers: ["Content-Type": "image/png"], body: largeJSON, routePattern: "/image")
        case ("GET", "/method"):
            return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("method=\(request.method)".utf8), routePattern: "/method")
        case ("GET", let path) where path.hasPrefix("/n/"):
            // Echoes the path so pipelining tests can check order.
            return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array(path.utf8), routePattern: "/n/{id}")
        case ("GET", "/slow"):
            usleep(300_000)
            return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("slow".utf8), routePattern: "/slow")
        case ("POST", "/echo"):
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: request.body, routePattern: "/echo")
        case ("GET", "/v1/secret"):
            return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("secret".utf8), routePattern: "/v1/secret")
        case (_, "/hello"), (_, "/echo"):
            return HTTPResponse(status: 405, headers: ["Allow": request.path == "/echo" ? "POST" : "GET, HEAD"], routePattern: request.path)
        default:
            return HTTPResponse(status: 404, routePattern: nil)
        }
    }
}

/// Counts open descriptors of this process.
func openDescriptorCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}

/// Counts this process's descriptors that are accepted connections of the server on `port`: sockets
/// whose local port is `port` and that are not listening. Unlike `openDescriptorCount()`, it cannot
/// be disturbed by the descriptors of tests running beside the caller.
func acceptedConnectionDescriptorCount(port: Int) -> Int {
    let listen = "0A"
    var inodes: Set<String> = []
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        // Read to the end: procfs reports no size, and a single read stops after one page.
        guard let data = try? FileHandle(forReadingFrom: URL(fileURLWithPath: table)).readToEnd(),
            let text = String(data: data, encoding: .utf8)
        else { continue }
        // Columns: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
        for line in text.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: " ")
            guard columns.count > 9, let local = columns[1].split(separator: ":").last,
                Int(local, radix: 16) == port, columns[3] != listen
            else { continue }
            inodes.insert(String(columns[9]))
        }
    }
    let directory = "/proc/self/fd"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.count { name in
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(name)"),
            target.hasPrefix("socket:["), target.hasSuffix("]")
        else { return false }
        return inodes.contains(String(target.dropFirst("socket:[".count).dropLast()))
    }
}

/// Records observer calls, for the access-log and metrics rules. (An NSLock rather than `Mutex`:
/// ThreadSanitizer understands pthread mutexes, so TSan runs of this suite stay clean.)
final class RecordingObserver: HTTPServerObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var counts = (opened: 0, closed: 0)
    private var recorded: [AccessLogEntry] = []

    func connectionOpened() { lock.withLock { counts.opened += 1 } }
    func connectionClosed() { lock.withLock { counts.closed += 1 } }
    func requestCompleted(_ entry: AccessLogEntry) { lock.withLock { recorded.append(entry) } }

    var opened: Int { lock.withLock { counts.opened } }
    var closed: Int { lock.withLock { counts.closed } }
    var entries: [AccessLogEntry] { lock.withLock { recorded } }
}

/// Polls until `condition` holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(3), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}
