// The live lab of one topology: network namespaces, veth pairs, FRR's bgpd per data center and our
// speaker in the cloud namespace (README, "Lab"). Everything it creates is named after its
// directory: namespaces `tbgplab-<id>-<role>` where <id> is a hash of the directory's path, and
// processes whose command line names a file in the directory. `down` removes exactly that.

import BGPSpeaker
import Foundation
import Glibc
import NetworkPrimitives
import Reports
import Topology

/// Where a lab lives; derived from the topology's path and `--dir` without reading either.
struct LabLocation: Sendable {
    /// Every lab namespace starts with this; the Swift interop harness's `tbgp-` namespaces never do.
    static let namespacePrefix = "tbgplab-"
    /// `sockaddr_un.sun_path` holds 107 bytes and a NUL.
    static let socketPathLimit = 107

    /// The topology as given, made absolute.
    let topology: String
    /// The lab directory, absolute.
    let directory: String
    /// Eight hex digits: FNV-1a of ``directory``.
    let id: String

    init(topology: String, directory: String?) {
        let current = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String {
            URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: current, isDirectory: true)).standardizedFileURL.path
        }
        self.topology = absolute(topology)
        self.directory = absolute(directory ?? LabLocation.defaultDirectory(for: topology))
        var hash: UInt32 = 2_166_136_261
        for byte in self.directory.utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        id = String(format: "%08x", hash)
    }

    /// `/tmp/tbgplab-NAME`: NAME is the topology's folder for `…/NAME/topology.json`, else the file's
    /// name without its extension, reduced to letters, digits, `.`, `_` and `-`.
    static func defaultDirectory(for topology: String) -> String {
        let url = URL(fileURLWithPath: topology)
        var name = url.deletingPathExtension().lastPathComponent
        if name == "topology" { name = url.deletingLastPathComponent().lastPathComponent }
        let plain = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)) ? Character(scalar) : "-"
        }.prefix(40))
        return "/tmp/tbgplab-\(plain.isEmpty ? "lab" : plain)"
    }

    func namespace(_ role: String) -> String { "\(LabLocation.namespacePrefix)\(id)-\(role)" }
    var namespacePrefix: String { "\(LabLocation.namespacePrefix)\(id)-" }
    var statePath: String { "\(directory)/lab.json" }
    var lockPath: String { "\(directory)/lock" }
    /// The copy of the topology the speaker runs.
    var topologyCopy: String { "\(directory)/topology.json" }
    var controlPath: String { "\(directory)/speaker.sock" }
    var speakerLog: String { "\(directory)/speaker.log" }
    /// `DIR/ROLE`: a data center's frr.conf, bgpd.conf, pid file, vty socket and logs.
    func dataCenterDirectory(_ role: String) -> String { "\(directory)/\(role)" }
    func bgpdConfigPath(_ role: String) -> String { "\(dataCenterDirectory(role))/bgpd.conf" }
    func bgpdPIDPath(_ role: String) -> String { "\(dataCenterDirectory(role))/bgpd.pid" }
    func bgpdLogPath(_ role: String) -> String { "\(dataCenterDirectory(role))/bgpd.log" }
    func bgpdStdoutLogPath(_ role: String) -> String { "\(dataCenterDirectory(role))/bgpd.stdout.log" }

    /// The lab's state, nil when there is no `lab.json`.
    func loadState() throws(LabFailure) -> LabState? {
        guard FileManager.default.fileExists(atPath: statePath) else { return nil }
        return try LabState(contentsOf: statePath)
    }
}

/// The executables the lab runs.
struct LabTools: Sendable {
    let ip: String
    let bgpd: String
    let vtysh: String
    /// This `transit-bgp`, for `speak`.
    let transitBGP: String

    /// nftables' `nft`, for `lab fault … silent` only.
    func nft() throws(LabFailure) -> String {
        try Subprocess.locate("nft", candidates: ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft"])
    }

    /// Fails (the lab never starts half-equipped) when one is missing or when not root.
    static func locate() throws(LabFailure) -> LabTools {
        guard geteuid() == 0 else {
            throw LabFailure("the lab needs root (ip netns, veth pairs, bgpd); run it as root")
        }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw LabFailure("cannot find this transit-bgp executable (/proc/self/exe)") }
        let transitBGP = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return LabTools(
            ip: try Subprocess.locate("ip", candidates: ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"]),
            bgpd: try Subprocess.locate("bgpd", candidates: ["/usr/lib/frr/bgpd", "/usr/libexec/frr/bgpd", "/usr/sbin/bgpd"],
                                        override: "TBGP_FRR_BGPD"),
            vtysh: try Subprocess.locate("vtysh", candidates: ["/usr/bin/vtysh", "/usr/sbin/vtysh"], override: "TBGP_FRR_VTYSH"),
            transitBGP: transitBGP)
    }
}

/// A lab with its plan: up, down, status, faults and what it observes.
final class LiveLab {
    let location: LabLocation
    let document: TopologyDocument
    let plan: LabPlan
    let tools: LabTools

    init(location: LabLocation, document: TopologyDocument, tools: LabTools) throws(LabFailure) {
        self.location = location
        self.document = document
        self.tools = tools
        do {
            plan = try LabPlan(document: document)
        } catch {
            throw LabFailure("\(location.topology): \(error)")
        }
    }

    /// What `up` found.
    enum UpOutcome {
        case started
        case alreadyUp
    }

    // MARK: Up

    /// Creates the namespaces and veth pairs, starts every bgpd and the speaker, records each step in
    /// `lab.json`. Already up for this topology and healthy: nothing changes (`.alreadyUp`). On a
    /// failure everything created so far is removed again and the error carries the logs.
    func up(speakerArguments: [String]) throws(LabFailure) -> UpOutcome {
        let files = FileManager.default
        for path in [location.controlPath] + plan.dataCenters.map({ "\(location.dataCenterDirectory($0.role))/bgpd.vty" })
        where path.utf8.count > LabLocation.socketPathLimit {
            throw LabFailure("the socket path \(path) is longer than \(LabLocation.socketPathLimit) bytes; choose a shorter --dir")
        }
        let existing: LabState?
        do {
            existing = try location.loadState()
        } catch {
            throw LabFailure("\(error); `transit-bgp lab down \(location.topology)\(dirArgument)` removes what is left of that lab")
        }
        if let state = existing {
            guard state.topology == location.topology else {
                throw LabFailure("\(location.directory) holds the lab of \(state.topology); bring it down first "
                    + "(`transit-bgp lab down \(state.topology) --dir \(location.directory)`) or choose another --dir")
            }
            let problems = health(state)
            if state.complete && problems.isEmpty { return .alreadyUp }
            throw LabFailure("the lab in \(location.directory) is not healthy (\(problems.isEmpty ? "its start did not finish" : problems.joined(separator: "; "))); "
                + "`transit-bgp lab down \(location.topology)\(dirArgument)` removes it")
        }
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: location.directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw LabFailure("\(location.directory) exists and is not a directory") }
            let entries = (try? files.contentsOfDirectory(atPath: location.directory)) ?? []
            guard entries.isEmpty else {
                throw LabFailure("\(location.directory) exists, is not empty and holds no lab.json: not a lab directory; choose another --dir")
            }
        }
        let leftovers = LiveLab.namespaces(withPrefix: location.namespacePrefix, ip: tools.ip)
        guard leftovers.isEmpty else {
            throw LabFailure("namespaces of an earlier lab in \(location.directory) still exist (\(leftovers.joined(separator: ", "))); "
                + "`transit-bgp lab down \(location.topology)\(dirArgument)` removes them")
        }
        do {
            try files.createDirectory(atPath: location.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LabFailure("cannot create \(location.directory): \(error)")
        }
        var state = LabState(topology: location.topology, id: location.id)
        do throws(LabFailure) {
            try state.write(to: location.statePath)
            try start(&state, speakerArguments: speakerArguments)
            state.complete = true
            try state.write(to: location.statePath)
            return .started
        } catch {
            let logs = logTails()
            _ = LabTeardown(location: location, ip: tools.ip).run()
            throw LabFailure("\(error)\n\(logs)\nthe lab was removed again")
        }
    }

    private var dirArgument: String {
        location.directory == LabLocation(topology: location.topology, directory: nil).directory ? "" : " --dir \(location.directory)"
    }

    private func start(_ state: inout LabState, speakerArguments: [String]) throws(LabFailure) {
        let ip = tools.ip
        let roles = [LabPlan.cloudRole] + plan.dataCenters.map(\.role)
        for role in roles {
            let name = location.namespace(role)
            state.namespaces.append(name)
            try state.write(to: location.statePath)
            try Subprocess.run([ip, "netns", "add", name]).check()
            try Subprocess.run([ip, "-n", name, "link", "set", "lo", "up"]).check()
        }
        let cloud = location.namespace(LabPlan.cloudRole)
        for dataCenter in plan.dataCenters {
            let namespace = location.namespace(dataCenter.role)
            for tunnel in dataCenter.tunnels {
                try Subprocess.run([ip, "link", "add", tunnel.cloudInterface, "netns", cloud, "type", "veth",
                                    "peer", "name", tunnel.dataCenterInterface, "netns", namespace]).check()
                let length = tunnel.tunnelCIDR.length
                for (ns, interface, address) in [(cloud, tunnel.cloudInterface, tunnel.cloudAddress),
                                                 (namespace, tunnel.dataCenterInterface, tunnel.dataCenterAddress)] {
                    try Subprocess.run([ip, "-n", ns, "addr", "add", "\(address)/\(length)", "dev", interface]).check()
                    try Subprocess.run([ip, "-n", ns, "link", "set", interface, "up"]).check()
                }
            }
        }
        do {
            try Data(contentsOf: URL(fileURLWithPath: location.topology)).write(to: URL(fileURLWithPath: location.topologyCopy))
        } catch {
            throw LabFailure("cannot copy \(location.topology) to \(location.topologyCopy): \(error)")
        }
        for dataCenter in plan.dataCenters {
            state.bgpdPIDs[dataCenter.role] = try startBGPD(dataCenter)
            try state.write(to: location.statePath)
        }
        let arguments = [ip, "netns", "exec", cloud, tools.transitBGP, "speak", location.topologyCopy,
                         "--control", location.controlPath] + speakerArguments
        let pid = try Subprocess.spawn(arguments, stdout: location.speakerLog, stderr: location.speakerLog)
        state.speakerPID = pid
        try state.write(to: location.statePath)
        let deadline = ContinuousClock().now + .seconds(15)
        while true {
            if (try? ControlClient.send("show sessions", path: location.controlPath, timeout: .seconds(2))) != nil { break }
            if let status = Subprocess.wait(pid, until: ContinuousClock().now) {
                throw LabFailure("transit-bgp speak exited with status \(status) before its control socket answered")
            }
            guard ContinuousClock().now < deadline else {
                throw LabFailure("the speaker's control socket \(location.controlPath) did not answer within 15 s")
            }
            usleep(50_000)  // poll every 50 ms; bounded by `deadline`
        }
    }

    /// Writes the data center's configuration, checks it with bgpd's dry run and starts bgpd in its
    /// namespace (`-d -Z -S -n -P 0`: daemon, no zebra, no privilege switch, no kernel routes, no TCP vty).
    private func startBGPD(_ dataCenter: LabPlan.DataCenter) throws(LabFailure) -> Int32 {
        let role = dataCenter.role
        let directory = location.dataCenterDirectory(role)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try dataCenter.frrConfig.write(toFile: "\(directory)/frr.conf", atomically: true, encoding: .utf8)
            // Only a log file is added: FRR's log goes to the lab directory.
            try ("log file \(location.bgpdLogPath(role)) informational\n" + dataCenter.bgpdConfig)
                .write(toFile: location.bgpdConfigPath(role), atomically: true, encoding: .utf8)
        } catch {
            throw LabFailure("cannot write the configuration of \(role) in \(directory): \(error)")
        }
        let namespace = location.namespace(role)
        let common = ["-Z", "-S", "-n", "-P", "0", "-f", location.bgpdConfigPath(role), "--vty_socket", directory]
        let dryRun = try Subprocess.run([tools.ip, "netns", "exec", namespace, tools.bgpd, "-C"] + common + ["-i", "\(directory)/dryrun.pid"])
        let complaints = (dryRun.stdout + "\n" + dryRun.stderr).split(separator: "\n").filter {
            $0.contains("config line") || $0.contains("Unknown command") || $0.contains("% ")
        }
        guard dryRun.succeeded, complaints.isEmpty else {
            throw LabFailure("bgpd refuses the configuration of \(role) (\(location.bgpdConfigPath(role))):\n"
                + complaints.joined(separator: "\n") + "\n" + dryRun.summary)
        }
        try Subprocess.run([tools.ip, "netns", "exec", namespace, tools.bgpd, "-d"] + common
            + ["-i", location.bgpdPIDPath(role), "--log", "file:\(location.bgpdStdoutLogPath(role))"]).check()
        let deadline = ContinuousClock().now + .seconds(15)
        while true {
            if let text = try? String(contentsOfFile: location.bgpdPIDPath(role), encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                (try? vtysh(role, "show bgp summary json")) != nil
            {
                return pid
            }
            guard ContinuousClock().now < deadline else { throw LabFailure("bgpd of \(role) did not answer vtysh within 15 s") }
            usleep(50_000)  // poll every 50 ms; bounded by `deadline`
        }
    }

    /// The last lines of every log of the lab (for a failed start or wait).
    func logTails(lines: Int = 15) -> String {
        var logs = [("speaker", location.speakerLog)]
        for dataCenter in plan.dataCenters {
            logs.append(("\(dataCenter.role) bgpd", location.bgpdLogPath(dataCenter.role)))
            logs.append(("\(dataCenter.role) bgpd (stdout)", location.bgpdStdoutLogPath(dataCenter.role)))
        }
        return logs.compactMap { name, path -> String? in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            let useful = text.split(separator: "\n").filter { !$0.contains("zclient_send_message() failed") }.suffix(lines)
            return useful.isEmpty ? nil : "--- \(name) (\(path))\n" + useful.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    // MARK: Health and observation

    /// What is wrong with a lab that should be up: dead processes, missing namespaces.
    func health(_ state: LabState) -> [String] {
        var problems: [String] = []
        let existing = Set(LiveLab.namespaces(withPrefix: location.namespacePrefix, ip: tools.ip))
        for name in state.namespaces where !existing.contains(name) { problems.append("namespace \(name) is gone") }
        if let pid = state.speakerPID {
            if !Subprocess.isAlive(pid, marker: location.controlPath) { problems.append("the speaker (pid \(pid)) is not running") }
        } else {
            problems.append("no speaker was started")
        }
        for dataCenter in plan.dataCenters {
            if let pid = state.bgpdPIDs[dataCenter.role] {
                if !Subprocess.isAlive(pid, marker: location.bgpdConfigPath(dataCenter.role)) {
                    problems.append("bgpd of \(dataCenter.role) (pid \(pid)) is not running")
                }
            } else {
                problems.append("no bgpd was started for \(dataCenter.role)")
            }
        }
        return problems
    }

    /// `vtysh --vty_socket DIR/ROLE -d bgpd -c COMMAND`: the socket is a file, so vtysh runs outside
    /// the namespace. Throws when vtysh fails or FRR answers an error (`%`).
    func vtysh(_ role: String, _ command: String, timeout: Duration = .seconds(10)) throws(LabFailure) -> String {
        let result = try Subprocess.run([tools.vtysh, "--vty_socket", location.dataCenterDirectory(role), "-d", "bgpd", "-c", command],
                                        timeout: timeout)
        guard result.succeeded, !result.stdout.hasPrefix("%") else { throw LabFailure("vtysh of \(role): \(result.summary)") }
        return result.stdout
    }

    /// A speaker request (`show sessions json`, `tunnel vco-dc1/1 down`), its reply.
    func control(_ request: String) throws(LabFailure) -> String {
        do {
            return try ControlClient.send(request, path: location.controlPath, timeout: .seconds(10))
        } catch {
            throw LabFailure("\(error)")
        }
    }

    static func parse(_ text: String, what: String) throws(LabFailure) -> JSONNode {
        do {
            return try JSONParser.parse(Array(text.utf8), maximumBytes: 256 << 20)
        } catch {
            throw LabFailure("\(what) did not answer JSON: \(error)")
        }
    }

    /// Reads the lab: the speaker's sessions (and tables), each bgpd's summary (and routes with
    /// every attribute). A bgpd that does not answer leaves its data center empty.
    func observe(state: LabState, tables: Bool, routes: Bool) throws(LabFailure) -> LabObservation {
        let sessions = try LiveLab.parse(control("show sessions json"), what: "show sessions")
        let tableNode = tables ? try LiveLab.parse(control("show tables json"), what: "show tables") : nil
        var dataCenters: [String: LabObservation.DataCenter] = [:]
        for dataCenter in plan.dataCenters {
            let summary = try? LiveLab.parse(vtysh(dataCenter.role, "show bgp summary json"), what: "show bgp summary json")
            let table = routes ? try? LiveLab.parse(vtysh(dataCenter.role, "show bgp ipv4 unicast json detail", timeout: .seconds(60)),
                                                     what: "show bgp ipv4 unicast json detail") : nil
            dataCenters[dataCenter.role] = LabObservation.DataCenter(summary: summary, routes: table)
        }
        let faulted = Set(state.faults.filter { !$0.value.isClear }.keys)
        return LabObservation(sessions: sessions, tables: tableNode, dataCenters: dataCenters, faultedTunnels: faulted)
    }

    /// True when every tunnel's session is Established on both sides, FRR sent every prefix its
    /// configuration announces on the tunnel and each side holds as many prefixes from the other as
    /// the other sent.
    func converged(_ observation: LabObservation) -> Bool {
        let view = LabView.tunnels(plan: plan, observation: observation)
        guard case .object(let tunnels) = view, tunnels.count == plan.tunnels.count else { return false }
        for tunnel in plan.tunnels {
            guard let dataCenter = plan.dataCenter(of: tunnel.connectionID),
                let state = tunnels.first(where: { $0.key == tunnel.name })?.value, case .object(let members) = state,
                let peer = LabView.frrPeer(observation.dataCenters[dataCenter.role]?.summary, tunnel.cloudAddress)
            else { return false }
            func value(_ key: String) -> JSONOutput? { members.first { $0.key == key }?.value }
            guard value("bgp") == .string("Established"), value("data_center_bgp") == .string("Established"),
                value("advertised") == peer["pfxRcd"].map(LabView.output), value("received") == peer["pfxSnt"].map(LabView.output),
                value("received") == .int(tunnel.announced)
            else { return false }
        }
        return true
    }

    /// Polls until ``converged(_:)`` and two observations 0.5 s apart are equal, or the deadline.
    /// Returns the last observation and whether the lab settled.
    func settle(state: LabState, within period: Duration, tables: Bool, routes: Bool) throws(LabFailure) -> (LabObservation, Bool) {
        let deadline = ContinuousClock().now + period
        var previous: JSONOutput?
        while true {
            let observation = try observe(state: state, tables: tables, routes: routes)
            let view = LabView.state(plan: plan, observation: observation)
            // With a fault on, sessions may stay down: only stability counts.
            let ready = state.faults.values.allSatisfy(\.isClear) ? converged(observation) : true
            if ready && previous == view { return (observation, true) }
            previous = ready ? view : nil
            if ContinuousClock().now >= deadline { return (observation, false) }
            usleep(500_000)  // poll every 0.5 s; bounded by `deadline`
        }
    }

    // MARK: Faults

    /// `link-down`, `link-up`, `silent`, `answer` on both ends of a tunnel's veth pair.
    func fault(_ action: LabFaultAction, tunnel: LabPlan.Tunnel, state: inout LabState) throws(LabFailure) {
        guard let dataCenter = plan.dataCenter(of: tunnel.connectionID) else { throw LabFailure("no data center for \(tunnel.name)") }
        let ends = [(location.namespace(LabPlan.cloudRole), tunnel.cloudInterface),
                    (location.namespace(dataCenter.role), tunnel.dataCenterInterface)]
        var fault = state.faults[tunnel.name] ?? TunnelFault()
        for (namespace, interface) in ends {
            switch action {
            case .linkDown, .linkUp:
                try Subprocess.run([tools.ip, "-n", namespace, "link", "set", interface, action == .linkDown ? "down" : "up"]).check()
            case .silent:
                // Every packet arriving on the interface is dropped, so each end's packets leave normally
                // and vanish on the way, as in a dead tunnel: TCP's keepalive probes count as sent and
                // TCP_USER_TIMEOUT (our DPD) expires after dpd_timeout. (A pfifo queue of length 0 drops
                // on the way out instead, which TCP takes for local congestion: probes are not counted
                // and only the next BGP KEEPALIVE's retransmissions time out, up to 30 s later.)
                let table = LiveLab.silenceTable(interface)
                let file = "\(location.directory)/\(table).nft"
                let rules = """
                    table inet \(table)
                    delete table inet \(table)
                    table inet \(table) {
                      chain input { type filter hook input priority 0; policy accept; iifname "\(interface)" drop; }
                    }

                    """
                do {
                    try rules.write(toFile: file, atomically: true, encoding: .utf8)
                } catch {
                    throw LabFailure("cannot write \(file): \(error)")
                }
                try Subprocess.run([tools.ip, "netns", "exec", namespace, try tools.nft(), "-f", file]).check()
            case .answer:
                let table = LiveLab.silenceTable(interface)
                let nft = try tools.nft()
                if try Subprocess.run([tools.ip, "netns", "exec", namespace, nft, "list", "table", "inet", table]).succeeded {
                    try Subprocess.run([tools.ip, "netns", "exec", namespace, nft, "delete", "table", "inet", table]).check()
                }
            }
        }
        switch action {
        case .linkDown: fault.linkDown = true
        case .linkUp: fault.linkDown = false
        case .silent: fault.silent = true
        case .answer: fault.silent = false
        }
        state.faults[tunnel.name] = fault.isClear ? nil : fault
        try state.write(to: location.statePath)
    }

    /// The nftables table that silences one interface: `tbgplab_c1_tun1`.
    static func silenceTable(_ interface: String) -> String {
        "tbgplab_" + interface.replacingOccurrences(of: "-", with: "_")
    }

    // MARK: Namespaces

    /// The namespaces whose names start with `prefix` (`ip netns list`).
    static func namespaces(withPrefix prefix: String, ip: String) -> [String] {
        guard let result = try? Subprocess.run([ip, "netns", "list"]), result.succeeded else { return [] }
        return result.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0.hasPrefix(prefix) }
    }
}

/// What `lab fault` does to a tunnel.
enum LabFaultAction: String, CaseIterable {
    case linkDown = "link-down"
    case linkUp = "link-up"
    case silent
    case answer
}

/// `lab down`: stops the lab's processes and deletes its namespaces and directory, from `lab.json`
/// when it can be read and from the names alone otherwise. Never throws; idempotent.
struct LabTeardown {
    let location: LabLocation
    let ip: String

    /// What it removed, one line each.
    func run() -> [String] {
        var removed: [String] = []
        let state = try? location.loadState()
        let marker = location.directory + "/"
        // Gracefully first: the speaker sends Cease, bgpd closes its sessions.
        if let pid = state?.speakerPID, Subprocess.isAlive(pid, marker: location.controlPath) {
            Subprocess.stop(pid)
            removed.append("speaker (pid \(pid))")
        }
        var bgpds = state?.bgpdPIDs ?? [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: location.directory)) ?? [] where bgpds[entry] == nil {
            if let text = try? String(contentsOfFile: location.bgpdPIDPath(entry), encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                bgpds[entry] = pid
            }
        }
        for (role, pid) in bgpds.sorted(by: { $0.key < $1.key }) where Subprocess.isAlive(pid, marker: location.bgpdConfigPath(role)) {
            Subprocess.stop(pid)
            removed.append("bgpd of \(role) (pid \(pid))")
        }
        let names = Set(LiveLab.namespaces(withPrefix: location.namespacePrefix, ip: ip))
            .union((state?.namespaces ?? []).filter { $0.hasPrefix(location.namespacePrefix) })
        for name in names.sorted() {
            if let result = try? Subprocess.run([ip, "netns", "pids", name], timeout: .seconds(10)), result.succeeded {
                for pid in result.stdout.split(separator: "\n").compactMap({ pid_t($0) }) where pid != getpid() {
                    kill(pid, SIGCONT)
                    kill(pid, SIGKILL)
                    _ = Subprocess.waitGone(pid, within: .seconds(3))
                    removed.append("process \(pid) in \(name)")
                }
            }
            if let result = try? Subprocess.run([ip, "netns", "del", name], timeout: .seconds(10)), result.succeeded {
                removed.append("namespace \(name)")
            }
        }
        for pid in Subprocess.processes(mentioning: marker) {
            kill(pid, SIGCONT)
            kill(pid, SIGKILL)
            _ = Subprocess.waitGone(pid, within: .seconds(3))
            removed.append("process \(pid) naming \(location.directory)")
        }
        // Output files of commands whose `transit-bgp lab` was killed while they ran.
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? [] where entry.hasPrefix("tbgplab-cmd-") {
            let parts = entry.split(separator: "-")
            if parts.count >= 4, let pid = pid_t(parts[2]), pid != getpid(), !Subprocess.isAlive(pid) {
                unlink("/tmp/\(entry)")
            }
        }
        // The directory only when it is a lab's (lab.json); `up` never adopts a directory with other files.
        if FileManager.default.fileExists(atPath: location.statePath) {
            if (try? FileManager.default.removeItem(atPath: location.directory)) != nil {
                removed.append("directory \(location.directory)")
            }
        } else if (try? FileManager.default.contentsOfDirectory(atPath: location.directory))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: location.directory)
        }
        return removed
    }
}
