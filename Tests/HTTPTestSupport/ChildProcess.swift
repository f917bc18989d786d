import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, its stdout and stderr on pipes, stdin on
/// /dev/null or a file. The tests spawn many of these beside socket-heavy tests in one process, so every
/// descriptor here is close-on-exec and closed exactly once, by its owner. It replaces Foundation's
/// `Process` after a CI run saw a concurrent test's socket fail with EBADF: `Process` was the one
/// part of the test process whose descriptor handling around a spawn we did not control, and it
/// has had double-close bugs under concurrency (swiftlang/swift#57827).
public final class ChildProcess {
    public let pid: pid_t
    private let output: (stdout: OutputPipe, stderr: OutputPipe)
    private var exitStatus: Int32?

    /// Starts `executable` (a path) with `arguments` (not including argv[0]) and exactly
    /// `environment`, reading `standardInput` (a path) as its stdin.
    public init(
        executable: String, arguments: [String], environment: [String: String], standardInput: String = "/dev/null"
    ) throws {
        // Pipes become close-on-exec one call after they exist (Glibc's pipe2 is not imported), so
        // no other spawn may run in between.
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        let stdout = try OutputPipe()
        let stderr = try OutputPipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, standardInput, O_RDONLY, 0)
        // dup2 clears close-on-exec on the copies; the originals close at exec.
        posix_spawn_file_actions_adddup2(&actions, stdout.writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr.writeEnd, 2)

        let argv = CStringArray([executable] + arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" })
        var spawned = pid_t()
        let result = posix_spawn(&spawned, executable, &actions, nil, argv.pointers, envp.pointers)
        guard result == 0 else { throw HTTPTestFailure("posix_spawn \(executable): error \(result)", errorNumber: result) }
        pid = spawned
        stdout.closeWriteEnd()
        stderr.closeWriteEnd()
        output = (stdout, stderr)
    }

    private static let spawnLock = NSLock()

    /// Runs `executable` to completion (see `finish`).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String],
        timeout: Duration = .seconds(20)
    ) throws -> (status: Int32?, stdout: String, stderr: String) {
        try ChildProcess(executable: executable, arguments: arguments, environment: environment).finish(timeout: timeout)
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            _ = reap(blocking: true)
        }
    }

    public func signal(_ number: Int32) {
        kill(pid, number)
    }

    /// What the child has written to stdout so far (all of it after `finish`).
    public var standardOutput: String { output.stdout.text }

    /// What the child has written to stderr so far (all of it after `finish`).
    public var standardError: String { output.stderr.text }

    /// `finish(timeout:)`'s status.
    public func waitForExit(timeout: Duration = .seconds(20)) -> Int32? {
        finish(timeout: timeout).status
    }

    /// Reads stdout until a line contains `marker` (returned) or `timeout` passes (nil).
    public func waitForLine(containing marker: String, timeout: Duration = .seconds(20)) -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = output.stdout.text.split(separator: "\n").first(where: { $0.contains(marker) }) {
                return String(line)
            }
            guard ContinuousClock.now < deadline, output.stdout.readAvailable(waitingMilliseconds: 100) else { return nil }
        }
    }

    /// Reads both outputs to their end and waits for the exit, up to `timeout` in all; a child
    /// still running then is killed. Status: the exit code, 128 + the signal, or nil on timeout.
    public func finish(timeout: Duration = .seconds(20)) -> (status: Int32?, stdout: String, stderr: String) {
        let deadline = ContinuousClock.now + timeout
        while !(output.stdout.atEnd && output.stderr.atEnd), ContinuousClock.now < deadline {
            var descriptors = [output.stdout, output.stderr].filter { !$0.atEnd }
                .map { pollfd(fd: $0.readEnd, events: Int16(POLLIN), revents: 0) }
            guard poll(&descriptors, nfds_t(descriptors.count), 100) >= 0 || errno == EINTR else { break }
            for descriptor in descriptors where descriptor.revents != 0 {
                if descriptor.fd == output.stdout.readEnd { _ = output.stdout.readAvailable(waitingMilliseconds: 0) }
                if descriptor.fd == output.stderr.readEnd { _ = output.stderr.readAvailable(waitingMilliseconds: 0) }
            }
        }
        var status = reap(blocking: false)
        while status == nil, ContinuousClock.now < deadline {
            usleep(10_000)
            status = reap(blocking: false)
        }
        if status == nil {
            kill(pid, SIGKILL)
            _ = reap(blocking: true)
        }
        return (status, output.stdout.text, output.stderr.text)
    }

    /// The exit status once the child has exited (and is reaped), else nil.
    private func reap(blocking: Bool) -> Int32? {
        if let exitStatus { return exitStatus }
        var raw: Int32 = 0
        var result: pid_t
        repeat {
            result = waitpid(pid, &raw, blocking ? 0 : WNOHANG)
        } while result < 0 && errno == EINTR
        guard result == pid else { return nil }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out: Glibc's macros are not imported.
        let signal = raw & 0x7f
        exitStatus = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        return exitStatus
    }
}

/// One close-on-exec pipe whose read end the parent keeps, accumulating what arrives. Made only
/// under `ChildProcess.spawnLock`.
private final class OutputPipe {
    let readEnd: Int32
    private(set) var writeEnd: Int32
    private(set) var atEnd = false
    private var bytes: [UInt8] = []

    var text: String { String(decoding: bytes, as: UTF8.self) }

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw HTTPTestFailure("pipe: errno \(errno)", errorNumber: errno) }
        readEnd = ends[0]
        writeEnd = ends[1]
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
    }

    deinit {
        close(readEnd)
        closeWriteEnd()
    }

    func closeWriteEnd() {
        if writeEnd >= 0 {
            close(writeEnd)
            writeEnd = -1
        }
    }

    /// Waits up to `waitingMilliseconds` for data, reads what is there; false at the end.
    func readAvailable(waitingMilliseconds: Int32) -> Bool {
        guard !atEnd else { return false }
        var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, waitingMilliseconds) > 0 else { return true }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
        if count > 0 {
            bytes += chunk[..<count]
        } else if count == 0 || errno != EINTR {
            atEnd = true
        }
        return !atEnd
    }
}

/// A NULL-terminated array of C strings that lives as long as this value.
private final class CStringArray {
    let pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }
}

/// Runs one test of this test binary in a child process, with `variable` set in its environment
/// (which the test checks to know it is the child): for scenarios that change or end the whole
/// process (exhausting descriptors, a signal), so they cannot disturb the tests beside them.
public enum ChildTest {
    public static func run(
        filter: String, variable: String, timeout: Duration = .seconds(60)
    ) throws -> (status: Int32?, stdout: String, stderr: String) {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return try ChildProcess.run(
            executable, ["--testing-library", "swift-testing", "--filter", filter],
            environment: ProcessInfo.processInfo.environment.merging([variable: "1"]) { $1 }, timeout: timeout)
    }

    /// Whether this process is the child `run` started with `variable`.
    public static func isChild(_ variable: String) -> Bool {
        ProcessInfo.processInfo.environment[variable] != nil
    }
}
