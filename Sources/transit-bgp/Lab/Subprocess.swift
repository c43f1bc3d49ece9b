// Running the lab's external commands (ip, tc, bgpd, vtysh) and its long-lived processes.
//
// posix_spawn rather than Foundation's Process: bgpd forks itself away (`-d`) and keeps what it
// inherited, so output goes to files, never pipes; children get a clean signal mask, default signal
// dispositions and their own process group (a Ctrl-C in the terminal does not reach the daemons of
// a lab that is up), and no descriptor above 2.

import Foundation
import Glibc

/// A failure of the lab, written for a terminal.
struct LabFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// One finished (or killed) command.
struct SubprocessResult {
    let arguments: [String]
    let status: Int32
    let stdout: String
    let stderr: String
    let timedOut: Bool

    var succeeded: Bool { status == 0 && !timedOut }

    /// The command and its output, for an error message.
    var summary: String {
        var text = "`\(arguments.joined(separator: " "))` " + (timedOut ? "timed out" : "exited \(status)")
        let output = (stdout + stderr).trimmingCharacters(in: .whitespacesAndNewlines)
        if !output.isEmpty { text += ": " + String(output.suffix(2000)) }
        return text
    }

    @discardableResult
    func check() throws(LabFailure) -> SubprocessResult {
        guard succeeded else { throw LabFailure("command failed: \(summary)") }
        return self
    }
}

enum Subprocess {
    /// Runs a command (absolute path first), waits at most `timeout`, then kills it.
    static func run(_ arguments: [String], timeout: Duration = .seconds(30)) throws(LabFailure) -> SubprocessResult {
        let scratch = "/tmp/tbgplab-cmd-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        defer {
            unlink(scratch + ".out")
            unlink(scratch + ".err")
        }
        let pid = try spawn(arguments, stdout: scratch + ".out", stderr: scratch + ".err")
        let deadline = ContinuousClock().now + timeout
        var status = wait(pid, until: deadline)
        let timedOut = status == nil
        if timedOut {
            kill(pid, SIGKILL)
            status = wait(pid, until: ContinuousClock().now + .seconds(5))
        }
        return SubprocessResult(
            arguments: arguments, status: status ?? -1,
            stdout: (try? String(contentsOfFile: scratch + ".out", encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: scratch + ".err", encoding: .utf8)) ?? "", timedOut: timedOut)
    }

    /// Starts a command with stdin from /dev/null and stdout and stderr appended to `stdout`/`stderr`
    /// (/dev/null when nil; one file when equal). Returns its pid; the caller reaps it (``wait(_:until:)``)
    /// or leaves it to outlive this process.
    static func spawn(_ arguments: [String], stdout: String?, stderr: String?) throws(LabFailure) -> pid_t {
        precondition(!arguments.isEmpty, "Subprocess.spawn: empty command")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let flags = O_WRONLY | O_CREAT | O_APPEND
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", flags, 0o644)
        if let stderr, stderr == stdout {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, stderr ?? "/dev/null", flags, 0o644)
        }
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw LabFailure("cannot start `\(arguments.joined(separator: " "))`: \(String(cString: strerror(status)))")
        }
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at run time.
    private static let closeFromAction: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Reaps a child: its exit status (128 + N after signal N), or nil while it runs at `deadline`.
    static func wait(_ pid: pid_t, until deadline: ContinuousClock.Instant) -> Int32? {
        var pause: UInt32 = 500
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            if result < 0 && errno != EINTR { return -1 }
            if ContinuousClock().now >= deadline { return nil }
            usleep(pause)  // poll, backing off to 10 ms; the loop ends at `deadline`
            pause = min(pause * 2, 10_000)
        }
    }

    /// An executable: `override` from the environment when set, else the first of `candidates`,
    /// else `name` on `$PATH`.
    static func locate(_ name: String, candidates: [String], override: String? = nil) throws(LabFailure) -> String {
        let files = FileManager.default
        if let override, let path = ProcessInfo.processInfo.environment[override], !path.isEmpty {
            guard files.isExecutableFile(atPath: path) else { throw LabFailure("\(override)=\(path) is not an executable file") }
            return path
        }
        if let path = candidates.first(where: { files.isExecutableFile(atPath: $0) }) { return path }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if files.isExecutableFile(atPath: path) { return path }
        }
        throw LabFailure("\(name) not found (looked in \(candidates.joined(separator: ", ")) and $PATH); "
            + "install the lab's dependencies with `bash Tests/lab/install-deps.sh` (as root)")
    }

    // MARK: Processes

    /// True while `pid` exists and is not a zombie.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// The command line of `pid`, arguments joined by spaces.
    static func commandLine(of pid: pid_t) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
        return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// True while `pid` is alive and its command line contains `marker` (a recycled pid is not ours).
    static func isAlive(_ pid: pid_t, marker: String) -> Bool {
        isAlive(pid) && (commandLine(of: pid)?.contains(marker) ?? false)
    }

    /// Every process other than this one whose command line contains `marker`.
    static func processes(mentioning marker: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            pid != getpid() && isAlive(pid) && (commandLine(of: pid)?.contains(marker) ?? false)
        }
    }

    /// SIGTERM (after SIGCONT, for a frozen process), then SIGKILL after `grace`; returns once it is
    /// gone or after a bounded wait. A child of this process is reaped.
    static func stop(_ pid: pid_t, grace: Duration = .seconds(5)) {
        guard isAlive(pid) else { return }
        kill(pid, SIGCONT)
        kill(pid, SIGTERM)
        if !waitGone(pid, within: grace) {
            kill(pid, SIGKILL)
            _ = waitGone(pid, within: .seconds(3))
        }
    }

    /// Polls until the pid is gone (reaping it if it is our child). False at the deadline.
    static func waitGone(_ pid: pid_t, within period: Duration) -> Bool {
        let deadline = ContinuousClock().now + period
        while true {
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
            if !isAlive(pid) { return true }
            if ContinuousClock().now >= deadline { return false }
            usleep(10_000)  // 10 ms poll; the loop ends at `deadline`
        }
    }
}
