import ArgumentParser
import Foundation

@main
struct Abacus: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimates what a model costs: parameters, training memory, FLOPs, training time, KV cache.",
        discussion: """
            `abacus serve` runs the HTTP/1.1 JSON service. Every estimate route has a command that prints \
            the same answer in a terminal without a server (the route is named in its summary), and the \
            catalogues (`models`, `hardware`, `networks`) list what the routes accept by name. \
            `abacus healthcheck` asks a running server whether it is alive.

            Exit status: 0 success; 1 a failure at run time (cannot serve, unhealthy); 2 the input is \
            wrong (a flag, a file, an environment variable, or a request the service refuses); 3 \
            --require-fit was given and the run does not fit.
            """,
        subcommands: [Serve.self] + EndpointCommands.all + [
            ModelsCommand.self, HardwareCommand.self, NetworksCommand.self, Healthcheck.self,
        ])

    /// ArgumentParser's own `main`, with the usage errors it exits 64 for (EX_USAGE) mapped to 2 with
    /// every other input error, so that a script needs to know one status for "my input is wrong".
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard error is ConfigurationError || exitCode(for: error) == .validationFailure else {
                exit(withError: error)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.input.rawValue)
        }
    }
}

/// The statuses `abacus` exits with beyond 0 and 1 (see `Abacus.configuration`'s discussion).
enum ExitStatus {
    static let input = ExitCode(2)
    static let doesNotFit = ExitCode(3)
}
