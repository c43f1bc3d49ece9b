// Network namespaces, veth pairs and daemons of `transit-bgp-bench ingest`, removed at the end, after
// a failure, on SIGINT/SIGTERM and at exit.
//
// Names: every namespace is `tbgp-ing-<pid>-<role>` and the temp dir `/tmp/tbgp-ing-<pid>`, so a
// parallel run (or the interop tests' `tbgp-<pid>-<hex4>-*` labs) never collides. A namespace or dir
// whose pid no longer runs `transit-bgp-bench` was left by a killed run; the next run removes it
// (and kills what still runs inside).

import Dispatch
import Foundation
import LabKit
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A failure of the ingest harness, worded for a log.
struct IngestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The bench's lab: LabKit's namespace and process primitives, plus a teardown on SIGINT, SIGTERM
/// and exit (a benchmark is a process of its own, not a test with a `defer`).
final class IngestLab: Sendable {
    static let prefix = "tbgp-ing-"

    /// `tbgp-ing-<pid>`
    let name: String
    /// `/tmp/tbgp-ing-<pid>`: configs, sockets and logs.
    let directory: String
    let ipPath: String
    let keepDirectory: Bool

    private struct State {
        var namespaces: [String] = []
        /// Children to stop at teardown, newest last.
        var processes: [pid_t] = []
        var tornDown = false
    }
    private let state = Mutex(State())

    /// The lab that SIGINT, SIGTERM and exit tear down.
    private static let current = Mutex<IngestLab?>(nil)
    /// Kept alive for the process's life; written once, on the main thread, before any other thread runs.
    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []

    /// Removes what killed runs left, creates the temp dir and arranges the teardown. Needs root.
    init(keepDirectory: Bool) throws {
        guard geteuid() == 0 else {
            throw IngestError("ingest needs root (ip netns, veth pairs, daemons on port 179); run it as root")
        }
        ipPath = try LabCommand.locate("ip", candidates: ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"])
        name = "\(IngestLab.prefix)\(getpid())"
        directory = "/tmp/\(name)"
        self.keepDirectory = keepDirectory
        IngestLab.sweepStale(ipPath: ipPath)
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        IngestLab.current.withLock { $0 = self }
        atexit { IngestLab.current.withLock { $0 }?.teardown() }
        // A peer that resets the session, or a closed stdout pipe, must not kill the benchmark before
        // its teardown: writes fail with EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                IngestBenchmark.say("ingest: signal \(number): removing namespaces and daemons")
                IngestLab.current.withLock { $0 }?.teardown()
                exit(128 + number)
            }
            source.resume()
            return source
        }
        IngestLab.signalSources = sources
    }

    // MARK: Namespaces

    /// The namespace name for a role: `tbgp-ing-<pid>-<role>`.
    func namespaceName(_ role: String) -> String { "\(name)-\(role)" }

    /// The file `ip netns` keeps for a namespace (what `setns` opens).
    static func namespacePath(_ name: String) -> String {
        FileManager.default.fileExists(atPath: "/run/netns/\(name)") ? "/run/netns/\(name)" : "/var/run/netns/\(name)"
    }

    /// Creates `tbgp-ing-<pid>-<role>` with `lo` up.
    func addNamespace(_ role: String) throws -> String {
        let namespace = namespaceName(role)
        state.withLock { $0.namespaces.append(namespace) }
        try Lab.createNamespace(namespace, ipPath: ipPath)
        return namespace
    }

    /// Joins two namespaces with a veth pair named `interface` at both ends (each end is created in
    /// its namespace, so the name only needs to be unique per namespace) and sets the addresses up.
    func link(_ a: String, _ aAddress: String, _ b: String, _ bAddress: String, interface: String) throws {
        try Lab.createVeth(ipPath: ipPath, (a, interface, [aAddress]), (b, interface, [bAddress]))
    }

    /// Deletes a veth pair (both ends) from one of its namespaces; quiet when it is gone already.
    func deleteLink(_ namespace: String, interface: String) {
        _ = try? LabCommand.run([ipPath, "-n", namespace, "link", "del", interface])
    }

    /// Adds one more address to an interface of a namespace.
    func addAddress(_ namespace: String, _ address: String, interface: String) throws {
        try LabCommand.run([ipPath, "-n", namespace, "addr", "add", address, "dev", interface]).check()
    }

    /// Kills whatever runs in the namespace, then deletes it (its veth ends go with it).
    func deleteNamespace(_ namespace: String) {
        state.withLock { $0.namespaces.removeAll { $0 == namespace } }
        Lab.destroyNamespace(namespace, ipPath: ipPath)
    }

    // MARK: Processes

    /// Starts a daemon inside a namespace (`ip netns exec` execs, so the pid is the daemon's own),
    /// its output appended to `logPath`. Teardown stops it if the caller has not.
    func spawn(in namespace: String, _ arguments: [String], logPath: String) throws -> pid_t {
        let pid = try LabCommand.spawn([ipPath, "netns", "exec", namespace] + arguments, stdoutPath: logPath, stderrPath: logPath)
        state.withLock { $0.processes.append(pid) }
        return pid
    }

    /// Stops a daemon started by ``spawn(in:_:logPath:)``: SIGTERM, SIGKILL after `grace`, reaped.
    func stop(_ pid: pid_t, grace: Duration = .seconds(5)) {
        state.withLock { $0.processes.removeAll { $0 == pid } }
        LabCommand.stop(pid, grace: grace)
    }

    // MARK: Teardown

    /// Stops every daemon (newest first), deletes every namespace and the temp dir (kept with
    /// `--keep`). Idempotent; never throws.
    func teardown() {
        let work: (processes: [pid_t], namespaces: [String])? = state.withLock { state in
            guard !state.tornDown else { return nil }
            state.tornDown = true
            defer { state.processes = []; state.namespaces = [] }
            return (state.processes, state.namespaces)
        }
        guard let (processes, namespaces) = work else { return }
        for pid in processes.reversed() { LabCommand.stop(pid, grace: .seconds(2)) }
        for namespace in namespaces.reversed() { Lab.destroyNamespace(namespace, ipPath: ipPath) }
        if keepDirectory {
            IngestBenchmark.say("ingest: kept \(directory) (configs and logs)")
        } else {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    // MARK: Stale runs

    /// Removes namespaces `tbgp-ing-<pid>-*` and dirs `/tmp/tbgp-ing-<pid>` whose pid no longer runs
    /// `transit-bgp-bench` (a run that was killed before its teardown).
    static func sweepStale(ipPath: String) {
        func isStale(_ pidText: Substring) -> Bool {
            guard let pid = pid_t(pidText), pid != getpid() else { return false }
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return true }
            return !String(decoding: data, as: UTF8.self).contains("transit-bgp-bench")
        }
        for namespace in Lab.namespaceNames(ipPath: ipPath) where namespace.hasPrefix(prefix) {
            let pid = namespace.dropFirst(prefix.count).prefix { $0 != "-" }
            if isStale(pid) {
                IngestBenchmark.say("ingest: removing namespace \(namespace), left by an earlier run")
                Lab.destroyNamespace(String(namespace), ipPath: ipPath)
            }
        }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? [] where entry.hasPrefix(prefix) {
            if isStale(entry.dropFirst(prefix.count)) { try? FileManager.default.removeItem(atPath: "/tmp/\(entry)") }
        }
    }
}
