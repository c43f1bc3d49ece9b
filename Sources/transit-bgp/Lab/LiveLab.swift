// The live lab of one topology: network namespaces, veth pairs, FRR's bgpd per data center and our
// speaker in the cloud namespace (README, "Lab"). Everything it creates is named after its
// directory: namespaces `tbgplab-<id>-<role>` where <id> is a hash of the directory's path, and
// processes whose command line names a file in the directory. `down` removes exactly that.

import BGPSpeaker
import Foundation
import LabKit
import Glibc
import NetworkPrimitives
import Reports
import Topology

/// A lab with its plan: up, down, status, faults and what it observes.
final class LiveLab {
    let location: LabLocation
    let document: TopologyDocument
    let plan: LabPlan
    let tools: LabTools

    init(location: LabLocation, document: TopologyDocument, tools: LabTools) throws {
        self.location = location
        self.document = document
        self.tools = tools
        do {
            plan = try LabPlan(document: document)
        } catch {
            throw LabError("\(location.topology): \(error)")
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
    func up(speakerArguments: [String], ipsec: Bool = true) throws -> UpOutcome {
        let files = FileManager.default
        for path in [location.controlPath] + plan.dataCenters.map({ "\(location.dataCenterDirectory($0.role))/bgpd.vty" })
        where path.utf8.count > LabLocation.socketPathLimit {
            throw LabError("the socket path \(path) is longer than \(LabLocation.socketPathLimit) bytes; choose a shorter --dir")
        }
        let existing: LabState?
        do {
            existing = try location.loadState()
        } catch {
            throw LabError("\(error); `transit-bgp lab down \(location.topology)\(dirArgument)` removes what is left of that lab")
        }
        if let state = existing {
            guard state.topology == location.topology else {
                throw LabError("\(location.directory) holds the lab of \(state.topology); bring it down first "
                    + "(`transit-bgp lab down \(state.topology) --dir \(location.directory)`) or choose another --dir")
            }
            let problems = health(state)
            if state.complete && problems.isEmpty { return .alreadyUp }
            throw LabError("the lab in \(location.directory) is not healthy (\(problems.isEmpty ? "its start did not finish" : problems.joined(separator: "; "))); "
                + "`transit-bgp lab down \(location.topology)\(dirArgument)` removes it")
        }
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: location.directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw LabError("\(location.directory) exists and is not a directory") }
            let entries = (try? files.contentsOfDirectory(atPath: location.directory)) ?? []
            guard entries.isEmpty else {
                throw LabError("\(location.directory) exists, is not empty and holds no lab.json: not a lab directory; choose another --dir")
            }
        }
        let leftovers = LiveLab.namespaces(withPrefix: location.namespacePrefix, ip: tools.ip)
        guard leftovers.isEmpty else {
            throw LabError("namespaces of an earlier lab in \(location.directory) still exist (\(leftovers.joined(separator: ", "))); "
                + "`transit-bgp lab down \(location.topology)\(dirArgument)` removes them")
        }
        do {
            try files.createDirectory(atPath: location.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LabError("cannot create \(location.directory): \(error)")
        }
        var state = LabState(topology: location.topology, id: location.id)
        state.ipsec = ipsec
        do {
            try state.write(to: location.statePath)
            try start(&state, speakerArguments: speakerArguments)
            state.complete = true
            try state.write(to: location.statePath)
            return .started
        } catch {
            let logs = logTails()
            _ = LabTeardown(location: location, ip: tools.ip).run()
            throw LabError("\(error)\n\(logs)\nthe lab was removed again")
        }
    }

    private var dirArgument: String {
        location.directory == LabLocation(topology: location.topology, directory: nil).directory ? "" : " --dir \(location.directory)"
    }

    private func start(_ state: inout LabState, speakerArguments: [String]) throws {
        let ip = tools.ip
        let roles = [LabPlan.cloudRole] + plan.dataCenters.map(\.role)
        for role in roles {
            let name = location.namespace(role)
            state.namespaces.append(name)
            try state.write(to: location.statePath)
            try Lab.createNamespace(name, ipPath: ip)
        }
        let cloud = location.namespace(LabPlan.cloudRole)
        let ipsec = state.ipsec ? try ipsecPlan() : nil
        if let ipsec { try createUnderlay(ipsec) }
        for dataCenter in plan.dataCenters where ipsec == nil {
            let namespace = location.namespace(dataCenter.role)
            for tunnel in dataCenter.tunnels {
                let length = tunnel.tunnelCIDR.length
                try Lab.createVeth(
                    ipPath: ip, (cloud, tunnel.cloudInterface, ["\(tunnel.cloudAddress)/\(length)"]),
                    (namespace, tunnel.dataCenterInterface, ["\(tunnel.dataCenterAddress)/\(length)"]))
            }
        }
        do {
            try Data(contentsOf: URL(fileURLWithPath: location.topology)).write(to: URL(fileURLWithPath: location.topologyCopy))
        } catch {
            throw LabError("cannot copy \(location.topology) to \(location.topologyCopy): \(error)")
        }
        for dataCenter in plan.dataCenters {
            state.bgpdPIDs[dataCenter.role] = try startBGPD(dataCenter)
            try state.write(to: location.statePath)
        }
        let arguments = [ip, "netns", "exec", cloud, tools.transitBGP, "speak", location.topologyCopy,
                         "--control", location.controlPath] + speakerArguments
        let pid = try LabCommand.spawn(arguments, stdoutPath: location.speakerLog, stderrPath: location.speakerLog)
        state.speakerPID = pid
        try state.write(to: location.statePath)
        let deadline = ContinuousClock().now + .seconds(15)
        while true {
            if (try? ControlClient.send("show sessions", path: location.controlPath, timeout: .seconds(2))) != nil { break }
            if let status = LabCommand.waitForExit(pid, deadline: ContinuousClock().now) {
                throw LabError("transit-bgp speak exited with status \(status) before its control socket answered")
            }
            guard ContinuousClock().now < deadline else {
                throw LabError("the speaker's control socket \(location.controlPath) did not answer within 15 s")
            }
            usleep(50_000)  // poll every 50 ms; bounded by `deadline`
        }
        if let ipsec { try startIPsec(ipsec, state: &state) }
    }

    /// Writes the data center's configuration, checks it with bgpd's dry run and starts bgpd in its
    /// namespace (`-d -Z -S -n -P 0`: daemon, no zebra, no privilege switch, no kernel routes, no TCP vty).
    private func startBGPD(_ dataCenter: LabPlan.DataCenter) throws -> Int32 {
        let role = dataCenter.role
        let directory = location.dataCenterDirectory(role)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try dataCenter.frrConfig.write(toFile: "\(directory)/frr.conf", atomically: true, encoding: .utf8)
            // Only a log file is added: FRR's log goes to the lab directory.
            try ("log file \(location.bgpdLogPath(role)) informational\n" + dataCenter.bgpdConfig)
                .write(toFile: location.bgpdConfigPath(role), atomically: true, encoding: .utf8)
        } catch {
            throw LabError("cannot write the configuration of \(role) in \(directory): \(error)")
        }
        let namespace = location.namespace(role)
        let common = ["-Z", "-S", "-n", "-P", "0", "-f", location.bgpdConfigPath(role), "--vty_socket", directory]
        let dryRun = try LabCommand.run([tools.ip, "netns", "exec", namespace, tools.bgpd, "-C"] + common + ["-i", "\(directory)/dryrun.pid"])
        let complaints = (dryRun.stdout + "\n" + dryRun.stderr).split(separator: "\n").filter {
            $0.contains("config line") || $0.contains("Unknown command") || $0.contains("% ")
        }
        guard dryRun.succeeded, complaints.isEmpty else {
            throw LabError("bgpd refuses the configuration of \(role) (\(location.bgpdConfigPath(role))):\n"
                + complaints.joined(separator: "\n") + "\n" + dryRun.description)
        }
        try LabCommand.run([tools.ip, "netns", "exec", namespace, tools.bgpd, "-d"] + common
            + ["-i", location.bgpdPIDPath(role), "--log", "file:\(location.bgpdStdoutLogPath(role))"]).check()
        let deadline = ContinuousClock().now + .seconds(15)
        while true {
            if let text = try? String(contentsOfFile: location.bgpdPIDPath(role), encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                (try? vtysh(role, "show bgp summary json")) != nil
            {
                return pid
            }
            guard ContinuousClock().now < deadline else { throw LabError("bgpd of \(role) did not answer vtysh within 15 s") }
            usleep(50_000)  // poll every 50 ms; bounded by `deadline`
        }
    }

    /// The last lines of every log of the lab (for a failed start or wait).
    func logTails(lines: Int = 15) -> String {
        var logs = [("speaker", location.speakerLog), ("cloud charon", "\(location.charonDirectory(LabPlan.cloudRole))/charon.log")]
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
}
