// Running external commands for the interop lab: bounded in time, output captured, errors descriptive.
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
struct LabError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The outcome of one finished (or killed) command.
struct CommandResult: Sendable, CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stdout: String
    let stderr: String
    /// True when the command outlived its timeout and was killed.
    let timedOut: Bool
    let elapsed: Duration

    var succeeded: Bool { status == 0 && !timedOut }

    var description: String {
        var text = "`\(LabCommand.shellQuoted(arguments))` "
        text += timedOut ? "timed out after \(elapsed)" : "exited \(status) after \(elapsed)"
        if !stdout.isEmpty { text += "\n--- stdout\n" + LabCommand.clip(stdout) }
        if !stderr.isEmpty { text += "\n--- stderr\n" + LabCommand.clip(stderr) }
        return text
    }

    /// Returns self when the command succeeded, throws a `LabError` with the whole result otherwise.
    @discardableResult
    func check() throws -> CommandResult {
        guard succeeded else { throw LabError("command failed: \(self)") }
        return self
    }
}

/// Runs commands and finds the executables the lab needs.
enum LabCommand {
    /// Runs `arguments[0]` (an absolute path) with the remaining arguments, waits at most `timeout`,
    /// then kills it (SIGKILL). Never throws for a non-zero exit: see `CommandResult.check()`.
    static func run(_ arguments: [String], timeout: Duration = .seconds(30)) throws -> CommandResult {
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
        var status = waitForExit(pid, deadline: start + timeout)
        if status == nil {
            timedOut = true
            kill(pid, SIGKILL)
            status = waitForExit(pid, deadline: clock.now + .seconds(5))
        }
        let elapsed = clock.now - start
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return CommandResult(
            arguments: arguments, status: status ?? -1, stdout: stdout, stderr: stderr,
            timedOut: timedOut, elapsed: elapsed
        )
    }

    /// Starts `arguments` (absolute path first) with stdin from /dev/null and stdout/stderr appended
    /// to the given files (/dev/null when nil; one file when both paths are equal). The child gets an
    /// empty signal mask, default signal dispositions, its own process group, and no descriptor
    /// above 2. The caller reaps it (`waitForExit`).
    static func spawn(_ arguments: [String], stdoutPath: String?, stderrPath: String?) throws -> pid_t {
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
    static func waitForExit(_ pid: pid_t, deadline: ContinuousClock.Instant) -> Int32? {
        let clock = ContinuousClock()
        var pause: UInt32 = 500
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            if result < 0 && errno != EINTR { return -1 }  // not our child, or reaped elsewhere
            if clock.now >= deadline { return nil }
            usleep(pause)  // poll interval (backoff to 10 ms); the loop ends at `deadline`
            pause = min(pause * 2, 10_000)
        }
    }

    /// The first executable among `candidates` (absolute paths), then `name` on `$PATH`.
    /// `environmentOverride`, when set in the environment, wins (for unusual installs).
    static func locate(_ name: String, candidates: [String], environmentOverride: String? = nil) throws -> String {
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

    /// `ip` from iproute2.
    static func ipPath() throws -> String {
        try locate("ip", candidates: ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"])
    }

    static func shellQuoted(_ arguments: [String]) -> String {
        arguments.map { argument in
            let plain = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@+%".contains($0) }
            if plain && !argument.isEmpty { return argument }
            return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    /// The last `limit` characters of a long text, so a failure message stays readable.
    static func clip(_ text: String, limit: Int = 4000) -> String {
        text.count <= limit ? text : "…" + String(text.suffix(limit))
    }

    /// The last `lines` lines of a file, or a note saying why there are none.
    static func tail(ofFile path: String, lines: Int = 40) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no file \(path))" }
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        return all.suffix(lines).joined(separator: "\n")
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`, for Dispatch and Foundation APIs.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// Milliseconds with one decimal, for timing reports.
    var milliseconds: Double {
        (timeInterval * 10_000).rounded() / 10
    }
}
