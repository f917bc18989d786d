import ArgumentParser

@main
struct Abacus: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimates what a transformer costs: parameters, training memory, FLOPs, training time, KV cache.",
        discussion: """
            `abacus serve` runs the HTTP/1.1 JSON service; `abacus estimate` prints the same answer in a \
            terminal without a server; `abacus healthcheck` asks a running server whether it is alive.
            """,
        subcommands: [Serve.self, Estimate.self, Healthcheck.self])
}
