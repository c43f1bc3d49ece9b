// Child processes for `transit-bgp-bench ingest`: daemons and the CLI queries that poll them.
//
// posix_spawn, not Foundation's Process: the child gets a clean signal mask, default dispositions,
// its own process group (a Ctrl-C in the terminal reaches only the benchmark, which then stops its
// children in order) and no descriptor above 2 (the sender's socket stays ours). Every wait is
// bounded, and `wait4` gives the CPU time a finished query cost.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failure of the ingest harness, worded for a log.
struct IngestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Subprocess {
    /// The outcome of a finished query.
    struct Output {
        var status: Int32
        var text: String
        var timedOut: Bool
        /// User + system CPU seconds of the child (from `wait4`).
        var cpuSeconds: Double
    }

    /// Starts `arguments` (an absolute path first) with stdin from /dev/null and stdout and stderr
    /// appended to `logPath` (or /dev/null), or to the write end `pipe` when given. The caller reaps it.
    static func spawn(_ arguments: [String], logPath: String?, pipe: Int32? = nil) throws -> pid_t {
        precondition(!arguments.isEmpty, "Subprocess.spawn: empty command")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let pipe {
            posix_spawn_file_actions_adddup2(&actions, pipe, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, logPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        }
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
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
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw IngestError("cannot start `\(arguments.joined(separator: " "))`: \(String(cString: strerror(status)))")
        }
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at run time.
    private static let closeFromAction: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Runs a short command and captures its output (stdout and stderr), killing it after `timeout`.
    static func run(_ arguments: [String], timeout: Duration = .seconds(30)) throws -> Output {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw IngestError("pipe failed: errno \(errno)") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let pid: pid_t
        do {
            pid = try spawn(arguments, logPath: nil, pipe: fds[1])
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[1])
        defer { close(fds[0]) }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var timedOut = false
        // Read until EOF or the deadline; a poll returns at least every 100 ms to check the deadline.
        while true {
            if clock.now >= deadline {
                timedOut = true
                break
            }
            var entry = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, 100)
            if ready < 0 && errno != EINTR { break }
            guard ready > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += buffer[0 ..< count]
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        if timedOut { kill(pid, SIGKILL) }
        let (status, cpu) = reap(pid, within: timedOut ? .seconds(5) : .seconds(10)) ?? {
            kill(pid, SIGKILL)
            return reap(pid, within: .seconds(5)) ?? (-1, 0)
        }()
        return Output(status: status, text: String(decoding: bytes, as: UTF8.self), timedOut: timedOut, cpuSeconds: cpu)
    }

    /// Runs a command and throws unless it exits 0.
    @discardableResult
    static func runChecked(_ arguments: [String], timeout: Duration = .seconds(30)) throws -> Output {
        let output = try run(arguments, timeout: timeout)
        guard output.status == 0, !output.timedOut else {
            throw IngestError("`\(arguments.joined(separator: " "))` \(output.timedOut ? "timed out" : "exited \(output.status)"): \(output.text.suffix(2000))")
        }
        return output
    }

    /// Waits (bounded) for a child to end: its exit status (128 + N after signal N) and CPU seconds,
    /// or nil if it still runs after `period`.
    static func reap(_ pid: pid_t, within period: Duration) -> (status: Int32, cpuSeconds: Double)? {
        let clock = ContinuousClock()
        let deadline = clock.now + period
        var pause: UInt32 = 200
        while true {
            var status: Int32 = 0
            var usage = rusage()
            let result = wait4(pid, &status, WNOHANG, &usage)
            if result == pid {
                let signal = status & 0x7f
                let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime)
                return (signal == 0 ? (status >> 8) & 0xff : 128 + signal, cpu)
            }
            if result < 0 && errno != EINTR { return (-1, 0) }  // not our child, or reaped already
            if clock.now >= deadline { return nil }
            usleep(pause)  // backs off to 10 ms; the loop ends at `deadline`
            pause = min(pause * 2, 10_000)
        }
    }

    /// SIGTERM, then SIGKILL after `grace`; reaps the child. Bounded.
    static func stop(_ pid: pid_t, grace: Duration = .seconds(5)) {
        guard pid > 0 else { return }  // kill(0, …) would signal our own process group
        kill(pid, SIGCONT)
        kill(pid, SIGTERM)
        if reap(pid, within: grace) == nil {
            kill(pid, SIGKILL)
            _ = reap(pid, within: .seconds(5))
        }
    }

    private static func seconds(_ value: timeval) -> Double {
        Double(value.tv_sec) + Double(value.tv_usec) / 1e6
    }

    /// The first executable among `candidates`, then `name` on `$PATH`.
    static func locate(_ name: String, candidates: [String] = []) throws -> String {
        let fileManager = FileManager.default
        for path in candidates where fileManager.isExecutableFile(atPath: path) { return path }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in searchPath.split(separator: ":") + ["/usr/sbin", "/sbin"] {
            let path = "\(directory)/\(name)"
            if fileManager.isExecutableFile(atPath: path) { return path }
        }
        throw IngestError("\(name) not found; install the lab dependencies with `bash Tests/lab/install-deps.sh` (as root)")
    }
}
