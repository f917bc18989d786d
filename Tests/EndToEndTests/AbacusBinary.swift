import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The built `abacus` executable, found beside the test bundle (SwiftPM builds every product of
/// the package before testing), run as a child process.
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

    /// A running child with its stdout and stderr piped.
    final class Child {
        let process = Process()
        private let stdout = Pipe()
        private let stderr = Pipe()

        init(_ url: URL, arguments: [String], environment: [String: String]) throws {
            process.executableURL = url
            process.arguments = arguments
            process.environment = environment
            process.standardOutput = stdout
            process.standardError = stderr
            try process.run()
        }

        /// Reads stdout until a line contains `marker` or `timeout` passes; returns that line.
        func waitForLine(containing marker: String, timeout: Duration = .seconds(20)) -> String? {
            let fd = stdout.fileHandleForReading.fileDescriptor
            let deadline = ContinuousClock.now + timeout
            var text = ""
            while ContinuousClock.now < deadline {
                if let line = text.split(separator: "\n").first(where: { $0.contains(marker) }) { return String(line) }
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, 100) >= 0 else { return nil }
                guard descriptor.revents != 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                guard count > 0 else { return nil }
                text += String(decoding: buffer[..<count], as: UTF8.self)
            }
            return nil
        }

        /// Waits for exit up to `timeout`; nil when it is still running (it is then sent SIGKILL).
        func waitForExit(timeout: Duration = .seconds(20)) -> Int32? {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
            guard !process.isRunning else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
        }

        /// What the child wrote to stderr (after it exited).
        var standardError: String {
            String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }

        var standardOutput: String {
            String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
    }

    /// The current environment without any `ABACUS_` variable, plus `extra`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ABACUS_") }.merging(extra) { $1 }
    }

    func start(_ arguments: [String], environment: [String: String] = AbacusBinary.environment()) throws -> Child {
        try Child(url, arguments: arguments, environment: environment)
    }

    /// Runs to completion: exit status, stdout, stderr.
    func run(_ arguments: [String], environment: [String: String] = AbacusBinary.environment()) throws
        -> (status: Int32?, stdout: String, stderr: String)
    {
        let child = try start(arguments, environment: environment)
        // Outputs are a few kilobytes, far below a pipe's buffer, so waiting first cannot block
        // the child; a child that does not exit in time is stopped and reported as nil.
        let status = child.waitForExit()
        return (status, child.standardOutput, child.standardError)
    }
}
