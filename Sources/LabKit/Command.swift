// Running external commands for every lab (the interop tests, `transit-bgp lab`, the benchmarks):
// bounded in time, output captured, errors descriptive. The one posix_spawn of the package.
//
// Commands are started with posix_spawn, not Foundation's Process: on Linux, Process learns that a
// child ended from a socket the child inherits, so a daemon that forks (bgpd -d) and keeps that
// descriptor makes its launcher look alive forever. posix_spawn here also gives the child a clean
// signal mask and default dispositions (the test runner's threads block or ignore some signals, and
// both are inherited across exec), and closes every descriptor above 2.
// Output goes to files rather than pipes, for the same forking daemons.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Everything that can go wrong in the lab harness. The descriptions are written for a CI log.
public struct LabError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The outcome of one finished (or killed) command.
public struct CommandResult: Sendable, CustomStringConvertible {
    public let arguments: [String]
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// True when the command outlived its timeout and was killed.
    public let timedOut: Bool
    public let elapsed: Duration
    /// User + system CPU seconds the child used (from `wait4`); 0 when it was not reaped here.
    public let cpuSeconds: Double

    public var succeeded: Bool { status == 0 && !timedOut }

    /// stdout followed by stderr.
    public var output: String { stdout + stderr }

    public var description: String {
        var text = "`\(LabCommand.shellQuoted(arguments))` "
        text += timedOut ? "timed out after \(elapsed)" : "exited \(status) after \(elapsed)"
        if !stdout.isEmpty { text += "\n--- stdout\n" + LabCommand.clip(stdout) }
        if !stderr.isEmpty { text += "\n--- stderr\n" + LabCommand.clip(stderr) }
        return text
    }

    /// Returns self when the command succeeded, throws a `LabError` with the whole result otherwise.
    @discardableResult
    public func check() throws -> CommandResult {
        guard succeeded else { throw LabError("command failed: \(self)") }
        return self
    }
}

/// Runs commands and finds the executables the lab needs.
public enum LabCommand {
    /// Runs `arguments[0]` (an absolute path) with the remaining arguments, waits at most `timeout`,
    /// then kills it (SIGKILL). Never throws for a non-zero exit: see `CommandResult.check()`.
    public static func run(_ arguments: [String], timeout: Duration = .seconds(30)) throws -> CommandResult {
        let scratch = "\(Lab.tempRoot)/tbgp-cmd-\(getpid())-\(UUID().uuidString.prefix(8))"
        let outPath = scratch + ".out"
        let errPath = scratch + ".err"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let pid = try spawn(arguments, stdoutPath: outPath, stderrPath: errPath)
        var timedOut = false
        var ended = reap(pid, deadline: start + timeout)
        if ended == nil {
            timedOut = true
            kill(pid, SIGKILL)
            ended = reap(pid, deadline: clock.now + .seconds(5))
        }
        let elapsed = clock.now - start
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return CommandResult(
            arguments: arguments, status: ended?.status ?? -1, stdout: stdout, stderr: stderr,
            timedOut: timedOut, elapsed: elapsed, cpuSeconds: ended?.cpuSeconds ?? 0
        )
    }

    /// Starts `arguments` (absolute path first) with stdin from /dev/null and stdout/stderr appended
    /// to the given files (/dev/null when nil; one file when both paths are equal). The child gets an
    /// empty signal mask, default signal dispositions, its own process group, and no descriptor
    /// above 2. The caller reaps it (`waitForExit`).
    public static func spawn(_ arguments: [String], stdoutPath: String?, stderrPath: String?) throws -> pid_t {
        precondition(!arguments.isEmpty, "LabCommand.spawn: empty command")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let outFlags = O_WRONLY | O_CREAT | O_APPEND
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath ?? "/dev/null", outFlags, 0o644)
        if let stderrPath, stderrPath != stdoutPath {
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath, outFlags, 0o644)
        } else if stderrPath == nil {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", outFlags, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP)
        )

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw LabError("cannot start `\(shellQuoted(arguments))`: \(String(cString: strerror(status)))")
        }
        return pid
    }

    /// glibc ≥ 2.34's `posix_spawn_file_actions_addclosefrom_np`, which the Glibc module does not
    /// export; looked up at run time. Nil on an older libc (descriptors are then mostly CLOEXEC anyway).
    private static let closeFromAction: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(
            symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self
        )
    }()

    /// Reaps a child started by `spawn`: its exit status (128 + N when killed by signal N), or nil
    /// if it is still running at `deadline`.
    public static func waitForExit(_ pid: pid_t, deadline: ContinuousClock.Instant) -> Int32? {
        reap(pid, deadline: deadline)?.status
    }

    /// `waitForExit` plus the child's user + system CPU seconds (`wait4`).
    public static func reap(_ pid: pid_t, deadline: ContinuousClock.Instant) -> (status: Int32, cpuSeconds: Double)? {
        let clock = ContinuousClock()
        var pause: UInt32 = 500
        while true {
            var status: Int32 = 0
            var usage = rusage()
            let result = wait4(pid, &status, WNOHANG, &usage)
            if result == pid {
                let signal = status & 0x7f
                let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                    + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
                return (signal == 0 ? (status >> 8) & 0xff : 128 + signal, cpu)
            }
            if result < 0 && errno != EINTR { return (-1, 0) }  // not our child, or reaped elsewhere
            if clock.now >= deadline { return nil }
            usleep(pause)  // poll interval (backoff to 10 ms); the loop ends at `deadline`
            pause = min(pause * 2, 10_000)
        }
    }

    /// The first executable among `candidates` (absolute paths), then `name` on `$PATH`.
    /// `environmentOverride`, when set in the environment, wins (for unusual installs).
    public static func locate(_ name: String, candidates: [String], environmentOverride: String? = nil) throws -> String {
        let fileManager = FileManager.default
        if let key = environmentOverride, let path = ProcessInfo.processInfo.environment[key], !path.isEmpty {
            guard fileManager.isExecutableFile(atPath: path) else {
                throw LabError("\(key)=\(path) is not an executable file")
            }
            return path
        }
        for path in candidates where fileManager.isExecutableFile(atPath: path) {
            return path
        }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in searchPath.split(separator: ":") {
            let path = "\(directory)/\(name)"
            if fileManager.isExecutableFile(atPath: path) { return path }
        }
        throw LabError(
            "\(name) not found (looked in \(candidates.joined(separator: ", ")) and $PATH); "
                + "install the lab dependencies with `bash Tests/lab/install-deps.sh` (as root)"
        )
    }

    /// Stops a process by pid: SIGCONT + SIGTERM, SIGKILL after `grace`; reaps it when it is our
    /// child. Bounded; never signals pid 0 or below (that would reach our own process group).
    public static func stop(_ pid: pid_t, grace: Duration = .seconds(5)) {
        guard pid > 0, Lab.isAlive(pid) else {
            if pid > 0 { _ = reap(pid, deadline: ContinuousClock().now) }
            return
        }
        kill(pid, SIGCONT)
        kill(pid, SIGTERM)
        if !waitEnded(pid, within: grace) {
            kill(pid, SIGKILL)
            _ = waitEnded(pid, within: .seconds(3))
        }
    }

    /// Polls until `pid` is gone, reaping it when it is our child. False at the deadline.
    private static func waitEnded(_ pid: pid_t, within period: Duration) -> Bool {
        let deadline = ContinuousClock().now + period
        while true {
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
            if !Lab.isAlive(pid) { return true }
            if ContinuousClock().now >= deadline { return false }
            usleep(10_000)  // 10 ms poll; the loop ends at `deadline`
        }
    }

    /// Removes the output files (`tbgp-cmd-<pid>-…`) of commands whose process died while they ran.
    @discardableResult
    public static func sweepStaleOutputFiles() -> [String] {
        var removed: [String] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: Lab.tempRoot)) ?? [] where entry.hasPrefix("tbgp-cmd-") {
            let parts = entry.split(separator: "-")
            if parts.count >= 4, let pid = Int32(parts[2]), pid != getpid(), !Lab.isAlive(pid) {
                unlink("\(Lab.tempRoot)/\(entry)")
                removed.append("\(Lab.tempRoot)/\(entry)")
            }
        }
        return removed
    }

    /// `ip` from iproute2.
    public static func ipPath() throws -> String {
        try locate("ip", candidates: ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"])
    }

    public static func shellQuoted(_ arguments: [String]) -> String {
        arguments.map { argument in
            let plain = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@+%".contains($0) }
            if plain && !argument.isEmpty { return argument }
            return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    /// The last `limit` characters of a long text, so a failure message stays readable.
    public static func clip(_ text: String, limit: Int = 4000) -> String {
        text.count <= limit ? text : "…" + String(text.suffix(limit))
    }

    /// The last `lines` lines of a file, or a note saying why there are none.
    public static func tail(ofFile path: String, lines: Int = 40) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no file \(path))" }
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        return all.suffix(lines).joined(separator: "\n")
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`, for Dispatch and Foundation APIs.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// Milliseconds with one decimal, for timing reports.
    public var milliseconds: Double {
        (timeInterval * 10_000).rounded() / 10
    }
}
