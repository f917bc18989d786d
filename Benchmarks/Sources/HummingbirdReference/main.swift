import EstimationAPI
import Hummingbird
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// `hummingbird-reference [--host 127.0.0.1] [--port 8081] [--backlog 4096] [--threads N]`: the
/// Abacus service behind Hummingbird 2, the reference transport of Benchmarks/run.sh. `--threads`
/// sizes the event-loop group (default: NIO's singleton, one thread per core); run.sh gives it one
/// thread when the server is pinned to one CPU, as it gives `abacus serve` one queue. Prints
/// `hummingbird-reference listening on HOST:PORT` once bound, like `abacus serve`.
struct Options {
    var host = "127.0.0.1"
    var port = 8081
    var backlog = 4096
    var threads: Int?

    init(arguments: [String]) throws {
        var rest = arguments.makeIterator()
        while let flag = rest.next() {
            guard let value = rest.next() else { throw UsageError(message: "\(flag) needs a value") }
            switch flag {
            case "--host": host = value
            case "--port": port = try Self.integer(value, flag)
            case "--backlog": backlog = try Self.integer(value, flag)
            case "--threads": threads = try Self.integer(value, flag)
            default: throw UsageError(message: "unknown option \(flag)")
            }
        }
    }

    private static func integer(_ text: String, _ flag: String) throws -> Int {
        guard let value = Int(text), (0...65_535).contains(value), flag == "--port" || value > 0 else {
            throw UsageError(message: "\(flag) wants an integer in \(flag == "--port" ? 0 : 1)...65535, got \(text)")
        }
        return value
    }
}

struct UsageError: Error, CustomStringConvertible {
    var message: String
    var description: String {
        "usage: hummingbird-reference [--host H] [--port P] [--backlog N] [--threads N]: \(message)"
    }
}

let options: Options
do {
    options = try Options(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    let message = "\(error)\n"
    _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(64)
}

let responder = ServiceResponder(service: EstimationService(), maxBodyBytes: 1 << 20)
let host = options.host
let app = Application(
    responder: responder,
    configuration: ApplicationConfiguration(
        address: .hostname(options.host, port: options.port), serverName: "hummingbird-reference",
        backlog: options.backlog),
    onServerRunning: { channel in
        print("hummingbird-reference listening on \(host):\(channel.localAddress?.port ?? -1)")
        fflush(nil)
    },
    eventLoopGroupProvider: options.threads.map { .shared(MultiThreadedEventLoopGroup(numberOfThreads: $0)) } ?? .singleton
)
try await app.runService()
