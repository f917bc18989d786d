import Foundation
import HTTPTestSupport

/// The built `abacus` executable, found beside the test bundle (SwiftPM builds every product of
/// the package before testing), run as a child process (`ChildProcess`, not Foundation's `Process`).
struct AbacusBinary {
    let url: URL

    /// Nil only when the executable is genuinely not in the build products directory.
    static let built: AbacusBinary? = {
        var directories = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        for directory in directories {
            let candidate = directory.appendingPathComponent("abacus")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return AbacusBinary(url: candidate) }
        }
        return nil
    }()

    /// The current environment without any `ABACUS_` variable, plus `extra`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ABACUS_") }.merging(extra) { $1 }
    }

    func start(
        _ arguments: [String], environment: [String: String] = AbacusBinary.environment(), standardInput: String = "/dev/null"
    ) throws -> ChildProcess {
        try ChildProcess(executable: url.path, arguments: arguments, environment: environment, standardInput: standardInput)
    }

    /// Runs to completion: exit status (nil if it had to be killed after 20 s), stdout, stderr.
    func run(
        _ arguments: [String], environment: [String: String] = AbacusBinary.environment(), standardInput: String = "/dev/null"
    ) throws -> (status: Int32?, stdout: String, stderr: String) {
        try start(arguments, environment: environment, standardInput: standardInput).finish()
    }
}
