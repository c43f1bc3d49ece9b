// Network namespaces, veth pairs and processes of a lab, with a teardown that always runs.
//
// Naming: every namespace of a lab is `tbgp-<pid>-<hex4>-<role>` and its temp dir is
// `/tmp/tbgp-<pid>-<hex4>`, so parallel tests and parallel `swift test` runs never collide. The
// lab holds an exclusive flock on `<dir>/lock` for its whole life; a namespace whose lab's lock can
// be taken (or whose dir is gone) belongs to a run that died, and `Lab.sweepStale()` removes it.
// Veth ends are created directly inside their namespaces (`ip link add … netns …`), so interface
// names only need to be unique per namespace.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One network namespace of a lab. A value: the owning `Lab` deletes it at teardown.
public struct LabNamespace: Sendable, Hashable, CustomStringConvertible {
    /// The kernel-visible name, `tbgp-<pid>-<hex4>-<role>`.
    public let name: String
    /// The role the test gave it (`cloud`, `dc`, …).
    public let role: String
    public let ipPath: String

    public var description: String { name }

    /// The `ip netns exec NAME …` prefix for `arguments`.
    public func command(_ arguments: [String]) -> [String] {
        [ipPath, "netns", "exec", name] + arguments
    }

    /// Runs a command inside the namespace and waits for it (at most `timeout`).
    public func run(_ arguments: [String], timeout: Duration = .seconds(30)) throws -> CommandResult {
        try LabCommand.run(command(arguments), timeout: timeout)
    }

    /// Runs a command inside the namespace; throws unless it exits 0.
    @discardableResult
    public func runChecked(_ arguments: [String], timeout: Duration = .seconds(30)) throws -> CommandResult {
        try run(arguments, timeout: timeout).check()
    }

    /// The `TcpExt` counters of this namespace's stack (`/proc/net/netstat`), e.g. `TCPMD5Failure`.
    public func tcpExtCounters() throws -> [String: Int] {
        let text = try runChecked(["cat", "/proc/net/netstat"]).stdout
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("TcpExt:") }
        guard lines.count >= 2 else { throw LabError("no TcpExt lines in /proc/net/netstat of \(name)") }
        let names = lines[0].split(separator: " ").dropFirst()
        let values = lines[1].split(separator: " ").dropFirst()
        var counters: [String: Int] = [:]
        for (key, value) in zip(names, values) { counters[String(key)] = Int(value) }
        return counters
    }

    /// The IPv4 addresses in the namespace (`ip -o -4 addr show`), as `address/len` strings.
    public func ipv4Addresses() throws -> [String] {
        let text = try runChecked([ipPath, "-o", "-4", "addr", "show"]).stdout
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard let index = fields.firstIndex(of: "inet"), index + 1 < fields.count else { return nil }
            return String(fields[index + 1])
        }
    }
}

/// A veth pair joining two namespaces, one /30 (or other prefix) per tunnel.
public struct VethPair: Sendable, CustomStringConvertible {
    public let a: LabNamespace
    public let aInterface: String
    /// `169.254.10.1/30`
    public let aAddress: String
    public let b: LabNamespace
    public let bInterface: String
    public let bAddress: String

    /// The address of the `a` end without its prefix length (`169.254.10.1`).
    public var aIP: String { String(aAddress.split(separator: "/")[0]) }
    public var bIP: String { String(bAddress.split(separator: "/")[0]) }

    public var description: String { "\(a.role):\(aInterface) \(aAddress) <-> \(b.role):\(bInterface) \(bAddress)" }
}

/// A process the lab will stop at teardown: either a child started with `Lab.spawn` or a daemon
/// that forked itself away and was registered with `Lab.adopt`.
public final class LabProcess: CustomStringConvertible {
    public let name: String
    public let pid: Int32
    /// A string the process's command line must contain before the lab signals it (guards against
    /// a recycled pid). Nil for children, whose pid cannot be recycled while `process` holds it.
    public let marker: String?
    /// Where its stdout and stderr go (children), or its main log (adopted daemons).
    public let logPath: String?
    /// Started by this process (so reaped here), rather than adopted.
    public let isChild: Bool
    private var exitStatus: Int32?

    fileprivate init(name: String, pid: Int32, marker: String?, logPath: String?, isChild: Bool) {
        self.name = name
        self.pid = pid
        self.marker = marker
        self.logPath = logPath
        self.isChild = isChild
    }

    /// For a child: its exit status (128 + N after signal N) once it ended, nil while it runs.
    public func reap() -> Int32? {
        guard isChild else { return nil }
        if exitStatus == nil { exitStatus = LabCommand.waitForExit(pid, deadline: ContinuousClock().now) }
        return exitStatus
    }

    public var description: String { "\(name) (pid \(pid))" }

    /// True while the process exists and is not a zombie (and still carries its marker).
    public var isAlive: Bool {
        if isChild { return reap() == nil }
        guard Lab.isAlive(pid) else { return false }
        guard let marker else { return true }
        return Lab.commandLine(of: pid)?.contains(marker) ?? false
    }

    /// SIGSTOP: the process keeps its sockets but answers nothing (a hung peer).
    public func freeze() throws { try send(SIGSTOP) }

    /// SIGCONT after `freeze()`.
    public func unfreeze() throws { try send(SIGCONT) }

    public func send(_ signal: Int32) throws {
        guard isAlive else { throw LabError("cannot signal \(self): not running") }
        guard kill(pid, signal) == 0 else { throw LabError("kill(\(pid), \(signal)) failed: errno \(errno)") }
    }

    /// SIGCONT + SIGTERM, then SIGKILL after `grace`. Returns once the process is gone (bounded).
    public func stop(grace: Duration = .seconds(3)) {
        guard isAlive else { return }
        kill(pid, SIGCONT)
        kill(pid, SIGTERM)
        if !waitGone(within: grace) {
            kill(pid, SIGKILL)
            _ = waitGone(within: .seconds(3))
        }
    }

    private func waitGone(within period: Duration) -> Bool {
        if isChild {
            if exitStatus == nil { exitStatus = LabCommand.waitForExit(pid, deadline: ContinuousClock().now + period) }
            return exitStatus != nil
        }
        return Lab.waitGone(pid, within: period)
    }
}

/// A set of namespaces, veth pairs and processes with one temp dir. Call `teardown()` in a `defer`;
/// `deinit` calls it too. Teardown is idempotent.
public final class Lab {
    public static let prefix = "tbgp-"
    /// Short paths: FRR's vty socket lives in the temp dir and unix socket paths are limited.
    public static let tempRoot = "/tmp"

    /// `<pid>-<hex4>`
    public let runID: String
    /// `/tmp/tbgp-<runID>`
    public let directory: String
    public let ipPath: String
    public private(set) var namespaces: [LabNamespace] = []
    public private(set) var links: [VethPair] = []
    public private(set) var processes: [LabProcess] = []
    private var lockDescriptor: Int32
    public private(set) var isTornDown = false

    /// Creates the temp dir (holding its lock) after removing what crashed runs left behind.
    /// Fails (never skips) when not root or when `ip` is missing.
    public init(sweepStale: Bool = true) throws {
        guard geteuid() == 0 else {
            throw LabError("the interop lab needs root (ip netns, veth); run the tests as root")
        }
        ipPath = try LabCommand.ipPath()
        if sweepStale { Lab.sweepStale() }

        let fileManager = FileManager.default
        let staging = "\(Lab.tempRoot)/.tbgp-init-\(UUID().uuidString)"
        try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let descriptor = open("\(staging)/lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw LabError("cannot create or lock \(staging)/lock: errno \(errno)")
        }
        var chosenID = ""
        var chosenDirectory = ""
        for _ in 0 ..< 16 {
            let id = "\(getpid())-\(String(format: "%04x", UInt16.random(in: .min ... .max)))"
            let path = "\(Lab.tempRoot)/\(Lab.prefix)\(id)"
            if rename(staging, path) == 0 {
                chosenID = id
                chosenDirectory = path
                break
            }
        }
        guard !chosenID.isEmpty else {
            close(descriptor)
            try? fileManager.removeItem(atPath: staging)
            throw LabError("cannot find a free lab directory name under \(Lab.tempRoot)")
        }
        runID = chosenID
        directory = chosenDirectory
        lockDescriptor = descriptor
    }

    deinit {
        teardown()
    }

    // MARK: Namespaces and links

    /// The namespace name a role gets in this lab.
    public func namespaceName(_ role: String) -> String { "\(Lab.prefix)\(runID)-\(role)" }

    /// Creates namespace `tbgp-<runID>-<role>` with `lo` up.
    public func namespace(_ role: String) throws -> LabNamespace {
        guard !isTornDown else { throw LabError("lab \(runID) is torn down") }
        guard !role.isEmpty, role.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw LabError("namespace role \"\(role)\" must be ASCII letters, digits and '-'")
        }
        let namespace = LabNamespace(name: namespaceName(role), role: role, ipPath: ipPath)
        guard !namespaces.contains(namespace) else { throw LabError("namespace \(namespace) exists already") }
        try LabCommand.run([ipPath, "netns", "add", namespace.name]).check()
        namespaces.append(namespace)
        try Lab.setUp(loopbackOf: namespace.name, ipPath: ipPath)
        return namespace
    }

    /// Joins two namespaces with a veth pair and sets the addresses (`169.254.10.1/30`) and links up.
    /// Both ends are named `interface` (default `tunN`, N counting this lab's links from 1); each
    /// end lives in its own namespace from creation, so names never collide across labs.
    @discardableResult
    public func link(
        _ a: LabNamespace, _ aAddress: String, _ b: LabNamespace, _ bAddress: String,
        interface: String? = nil
    ) throws -> VethPair {
        guard a != b else { throw LabError("link: both ends in \(a)") }
        for address in [aAddress, bAddress] {
            let parts = address.split(separator: "/")
            guard parts.count == 2, let length = Int(parts[1]), (0 ... 32).contains(length),
                parts[0].split(separator: ".").count == 4
            else { throw LabError("link: \(address) is not an IPv4 address/length") }
        }
        let name = interface ?? "tun\(links.count + 1)"
        guard name.utf8.count <= 15 else { throw LabError("link: interface name \(name) longer than 15 bytes") }
        try Lab.createVeth(ipPath: ipPath, (a.name, name, [aAddress]), (b.name, name, [bAddress]))
        let pair = VethPair(a: a, aInterface: name, aAddress: aAddress, b: b, bInterface: name, bAddress: bAddress)
        links.append(pair)
        return pair
    }

    /// Sets one end of a link down or up (a tunnel failure without touching the daemons).
    public func setLink(_ pair: VethPair, aSide: Bool = true, up: Bool) throws {
        let namespace = aSide ? pair.a : pair.b
        let interface = aSide ? pair.aInterface : pair.bInterface
        try LabCommand.run([ipPath, "-n", namespace.name, "link", "set", interface, up ? "up" : "down"]).check()
    }

    // MARK: Processes

    /// Starts a long-running command inside `namespace` (`ip netns exec` execs, so the pid is the
    /// command's own). stdout and stderr go to `<dir>/<name>.log`. Stopped at teardown.
    public func spawn(in namespace: LabNamespace, _ arguments: [String], name: String) throws -> LabProcess {
        guard !isTornDown else { throw LabError("lab \(runID) is torn down") }
        let logPath = "\(directory)/\(name).log"
        let pid = try LabCommand.spawn(namespace.command(arguments), stdoutPath: logPath, stderrPath: logPath)
        let handle = LabProcess(name: name, pid: pid, marker: nil, logPath: logPath, isChild: true)
        processes.append(handle)
        return handle
    }

    /// Registers a daemon that forked itself (bgpd -d) so teardown stops it. `marker` must occur in
    /// its command line (use a path inside this lab's directory).
    public func adopt(pid: Int32, name: String, marker: String, logPath: String? = nil) -> LabProcess {
        let handle = LabProcess(name: name, pid: pid, marker: marker, logPath: logPath, isChild: false)
        processes.append(handle)
        return handle
    }

    /// Processes (other than this test process) whose command line mentions this lab's directory:
    /// after teardown there must be none.
    public func strayProcesses() -> [Int32] {
        Lab.processes(mentioning: directory + "/")
    }

    /// Namespaces of this lab that still exist in the kernel's list.
    public func remainingNamespaces() -> [String] {
        Lab.namespaceNames().filter { $0.hasPrefix("\(Lab.prefix)\(runID)-") }
    }

    // MARK: Teardown

    /// Stops every process (newest first), kills whatever else still runs in the namespaces, deletes
    /// the namespaces (which destroys their veth ends) and removes the temp dir. Idempotent; never throws.
    /// Set `TBGP_LAB_KEEP=1` to keep the temp dir (logs, configs) for debugging.
    public func teardown() {
        guard !isTornDown else { return }
        isTornDown = true
        for process in processes.reversed() {
            process.stop()
        }
        for namespace in namespaces.reversed() {
            Lab.destroyNamespace(namespace.name, ipPath: ipPath)
        }
        for pid in Lab.processes(mentioning: directory + "/") {
            kill(pid, SIGKILL)
            _ = Lab.waitGone(pid, within: .seconds(2))
        }
        if ProcessInfo.processInfo.environment["TBGP_LAB_KEEP"] == "1" {
            FileHandle.standardError.write(Data("[lab] keeping \(directory)\n".utf8))
        } else {
            try? FileManager.default.removeItem(atPath: directory)
        }
        if lockDescriptor >= 0 {
            close(lockDescriptor)
            lockDescriptor = -1
        }
    }

    // MARK: Stale runs

    /// Names of all namespaces on the machine (`ip netns list`).
    public static func namespaceNames() -> [String] {
        guard let ip = try? LabCommand.ipPath() else { return [] }
        return namespaceNames(ipPath: ip)
    }

    /// Names of all namespaces on the machine, with a known `ip`.
    public static func namespaceNames(ipPath ip: String) -> [String] {
        guard let result = try? LabCommand.run([ip, "netns", "list"]),
            result.succeeded
        else { return [] }
        return result.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// The run id (`<pid>-<hex4>`) of a name of this harness's shape: `tbgp-<pid>-<hex4>` (a lab
    /// dir) or `tbgp-<pid>-<hex4>-<role>` (a namespace). Nil for any other name.
    public static func runID(of name: String) -> String? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "tbgp", !parts[1].isEmpty, parts[1].allSatisfy(\.isASCII),
            Int32(parts[1]) != nil, parts[2].count == 4, parts[2].allSatisfy(\.isHexDigit)
        else { return nil }
        if parts.count == 3 || !parts[3].isEmpty { return "\(parts[1])-\(parts[2])" }
        return nil
    }

    /// True for a name of this harness's shape whose lab is gone: its dir has no lock file, or
    /// nobody holds the lock (flock locks die with their process, so a recycled pid does not fool it).
    /// Names of other shapes are never stale: they may belong to someone else's concurrent run.
    public static func isStale(_ name: String) -> Bool {
        guard let id = runID(of: name) else { return false }
        let descriptor = open("\(tempRoot)/\(prefix)\(id)/lock", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return true
        }
        return false
    }

    /// Removes the namespaces (killing what runs in them) and `/tmp` dirs that crashed or killed
    /// labs left behind: names `tbgp-<pid>-<hex4>[-role]` whose lab lock nobody holds. Live labs
    /// (of this or a parallel run) and `tbgp-*` names of any other shape are left alone.
    @discardableResult
    public static func sweepStale() -> [String] {
        var removed: [String] = []
        guard let ip = try? LabCommand.ipPath() else { return removed }
        for name in namespaceNames() where name.hasPrefix(prefix) && isStale(name) {
            destroyNamespace(name, ipPath: ip)
            removed.append(name)
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: tempRoot)) ?? []
        for entry in entries where entry.hasPrefix(prefix) && entry.split(separator: "-").count == 3 && isStale(entry) {
            let path = "\(tempRoot)/\(entry)"
            for pid in processes(mentioning: path + "/") {
                kill(pid, SIGCONT)
                kill(pid, SIGKILL)
                _ = waitGone(pid, within: .seconds(2))
            }
            try? FileManager.default.removeItem(atPath: path)
            removed.append(path)
        }
        removed += LabCommand.sweepStaleOutputFiles()
        return removed
    }

    // MARK: Namespace primitives (also used by `transit-bgp lab` and the benchmarks, whose labs
    // outlive or precede a `Lab` object)

    /// `lo` up in a namespace.
    public static func setUp(loopbackOf namespace: String, ipPath: String) throws {
        try LabCommand.run([ipPath, "-n", namespace, "link", "set", "lo", "up"]).check()
    }

    /// `ip netns add NAME` with `lo` up.
    public static func createNamespace(_ name: String, ipPath: String) throws {
        try LabCommand.run([ipPath, "netns", "add", name]).check()
        try setUp(loopbackOf: name, ipPath: ipPath)
    }

    /// A veth pair whose ends are created directly in their namespaces (so names only need to be
    /// unique per namespace), each end's addresses (`address/length`) set and the links up.
    public static func createVeth(
        ipPath: String, _ a: (namespace: String, interface: String, addresses: [String]),
        _ b: (namespace: String, interface: String, addresses: [String])
    ) throws {
        try LabCommand.run([
            ipPath, "link", "add", a.interface, "netns", a.namespace, "type", "veth",
            "peer", "name", b.interface, "netns", b.namespace,
        ]).check()
        for end in [a, b] {
            for address in end.addresses {
                try LabCommand.run([ipPath, "-n", end.namespace, "addr", "replace", address, "dev", end.interface]).check()
            }
            try LabCommand.run([ipPath, "-n", end.namespace, "link", "set", end.interface, "up"]).check()
        }
    }

    /// Kills every process in the namespace, then deletes it.
    public static func destroyNamespace(_ name: String, ipPath: String) {
        if let result = try? LabCommand.run([ipPath, "netns", "pids", name], timeout: .seconds(10)), result.succeeded {
            for pid in result.stdout.split(separator: "\n").compactMap({ Int32($0) }) where pid != getpid() {
                kill(pid, SIGCONT)
                kill(pid, SIGKILL)
                _ = waitGone(pid, within: .seconds(2))
            }
        }
        _ = try? LabCommand.run([ipPath, "netns", "del", name], timeout: .seconds(10))
    }

    // MARK: Process table

    /// True when /proc has the pid and it is not a zombie.
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            return false
        }
        // "pid (comm) S …": the state follows the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// True while `pid` is alive and its command line contains `marker` (a recycled pid is not ours).
    public static func isAlive(_ pid: Int32, marker: String) -> Bool {
        isAlive(pid) && (commandLine(of: pid)?.contains(marker) ?? false)
    }

    /// True while `pid` is alive and its environment holds `entry` (`STRONGSWAN_CONF=…`): for a
    /// process whose command line names nothing of its own, such as charon.
    public static func isAlive(_ pid: Int32, environmentEntry entry: String) -> Bool {
        guard isAlive(pid), let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
        return data.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == entry }
    }

    /// Polls until the pid is gone or a zombie. Returns false at the deadline.
    public static func waitGone(_ pid: Int32, within: Duration) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + within
        while isAlive(pid) {
            if clock.now >= deadline { return false }
            usleep(10_000)  // poll interval; the loop ends at `deadline`
        }
        return true
    }

    /// The command line of a process, arguments joined by spaces.
    public static func commandLine(of pid: Int32) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else {
            return nil
        }
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }

    /// Live processes (not this one) whose command line contains `text`.
    public static func processes(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let me = getpid()
        return entries.compactMap(Int32.init).filter { pid in
            pid != me && isAlive(pid) && (commandLine(of: pid)?.contains(text) ?? false)
        }
    }

    // MARK: Kernel features

    /// Whether the kernel accepts a TCP_MD5SIG key on a TCP socket (RFC 2385; what `neighbor X
    /// password` needs). Probed with setsockopt on a socket of this process's namespace.
    public static func kernelSupportsTCPMD5() -> (supported: Bool, detail: String) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return (false, "socket() failed: errno \(errno)") }
        defer { close(descriptor) }
        var signature = tcp_md5sig()
        var peer = sockaddr_in()
        peer.sin_family = sa_family_t(AF_INET)
        peer.sin_addr.s_addr = inet_addr("127.0.0.1")
        withUnsafeMutableBytes(of: &signature.tcpm_addr) { destination in
            withUnsafeBytes(of: &peer) { source in
                UnsafeMutableRawBufferPointer(rebasing: destination[0 ..< source.count]).copyMemory(from: source)
            }
        }
        let key: [UInt8] = Array("tbgp-probe".utf8)
        signature.tcpm_keylen = UInt16(key.count)
        withUnsafeMutableBytes(of: &signature.tcpm_key) { destination in
            key.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: destination[0 ..< source.count]).copyMemory(from: source)
            }
        }
        let status = setsockopt(
            descriptor, Int32(IPPROTO_TCP), Int32(TCP_MD5SIG), &signature, socklen_t(MemoryLayout<tcp_md5sig>.size)
        )
        if status == 0 { return (true, "setsockopt(TCP_MD5SIG) accepted") }
        let error = errno
        return (false, "setsockopt(TCP_MD5SIG) failed: errno \(error) (\(String(cString: strerror(error))))")
    }
}
