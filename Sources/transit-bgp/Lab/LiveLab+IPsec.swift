// The lab's IPsec (the default of `lab up`): an underlay veth pair per data center, the tunnels'
// BGP addresses on `lo`, one charon (kernel-libipsec) in the cloud namespace configured from the
// topology, one per data center running the generated swanctl.conf with the data center's
// deviations, and an updown script through which the IPsec layer tells the speaker when a tunnel's
// CHILD_SA comes up or goes away (README, "Lab with IPsec").

import Foundation
import LabKit
import CloudRouting
import NetworkPrimitives
import Reports
import Topology

extension LiveLab {
    /// The IPsec plan of this lab (pure: the configurations and addresses).
    func ipsecPlan() throws -> LabIPsecPlan {
        do {
            return try LabIPsecPlan(document: document, plan: plan, updown: location.updownPath)
        } catch {
            throw LabError("\(location.topology): \(error)")
        }
    }

    /// The charon of a role (its files; nothing is started).
    func charon(_ role: String) throws -> Charon {
        try Charon(directory: location.charonDirectory(role), backend: .libipsec, retransmission: .lab,
                   updown: role == LabPlan.cloudRole)
    }

    /// Underlay veth pairs (gateway and customer gateway addresses, /32 each, with routes to the
    /// other end) and the tunnels' BGP addresses as /32s on `lo`.
    func createUnderlay(_ ipsec: LabIPsecPlan) throws {
        let ip = tools.ip
        let cloud = location.namespace(LabPlan.cloudRole)
        for dataCenter in ipsec.dataCenters {
            let namespace = location.namespace(dataCenter.role)
            try Lab.createVeth(
                ipPath: ip, (cloud, dataCenter.cloudInterface, dataCenter.gatewayAddresses.map { "\($0)/32" }),
                (namespace, dataCenter.dataCenterInterface, dataCenter.customerGatewayAddresses.map { "\($0)/32" }))
            for address in dataCenter.customerGatewayAddresses {
                try LabCommand.run([ip, "-n", cloud, "route", "replace", "\(address)/32", "dev", dataCenter.cloudInterface]).check()
            }
            for address in dataCenter.gatewayAddresses {
                try LabCommand.run([ip, "-n", namespace, "route", "replace", "\(address)/32", "dev", dataCenter.dataCenterInterface]).check()
            }
        }
        for dataCenter in plan.dataCenters {
            for tunnel in dataCenter.tunnels {
                try LabCommand.run([ip, "-n", cloud, "addr", "add", "\(tunnel.cloudAddress)/32", "dev", "lo"]).check()
                try LabCommand.run([ip, "-n", location.namespace(dataCenter.role), "addr", "add", "\(tunnel.dataCenterAddress)/32", "dev", "lo"]).check()
            }
        }
    }

    /// Starts the charons and loads their configurations; the speaker must be up already (the updown
    /// script talks to it). Every tunnel starts down in the speaker; the updown script brings it up.
    func startIPsec(_ ipsec: LabIPsecPlan, state: inout LabState) throws {
        for tunnel in plan.tunnels { _ = try control("tunnel \(tunnel.name) down") }
        try UpdownScript.write(to: location.updownPath, tunnels: ipsec.tunnels, transitBGP: tools.transitBGP,
                               controlPath: location.controlPath, logDirectory: location.directory)
        let roles = [LabPlan.cloudRole] + ipsec.dataCenters.map(\.role)
        for role in roles {
            let charon = try charon(role)
            try charon.writeConfiguration()
            let config = role == LabPlan.cloudRole ? ipsec.cloudConfig : ipsec.dataCenters.first { $0.role == role }!.swanctlConfig
            do {
                try config.write(toFile: location.swanctlConfigPath(role), atomically: true, encoding: .utf8)
            } catch {
                throw LabError("cannot write \(location.swanctlConfigPath(role)): \(error)")
            }
            let pid = try LabCommand.spawn(charon.commandLine(namespace: location.namespace(role), ipPath: tools.ip),
                                           stdoutPath: "\(charon.directory)/charon.stdout.log", stderrPath: "\(charon.directory)/charon.stdout.log")
            state.charonPIDs[role] = pid
            try state.write(to: location.statePath)
            let deadline = ContinuousClock().now + .seconds(15)
            while !((try? charon.swanctl(["--version", "--daemon"]))?.succeeded ?? false) {
                if let status = LabCommand.waitForExit(pid, deadline: ContinuousClock().now) {
                    throw LabError("charon of \(role) exited with status \(status): \(LabCommand.tail(ofFile: charon.logPath, lines: 10))")
                }
                guard ContinuousClock().now < deadline else { throw LabError("charon of \(role) did not answer swanctl within 15 s") }
                usleep(50_000)  // poll every 50 ms; bounded by `deadline`
            }
        }
        // The silent gateways first, so that no IKE packet of theirs gets through.
        for dataCenter in ipsec.dataCenters {
            for tunnel in dataCenter.tunnels where tunnel.deviation == .silent {
                try silenceGateway(tunnel, namespace: location.namespace(dataCenter.role), on: true)
            }
        }
        // Responders before initiators: the cloud's answering tunnels, the data centers, then all the cloud's.
        let responding = "\(location.charonDirectory(LabPlan.cloudRole))/swanctl-responding.conf"
        do {
            try ipsec.cloudRespondingConfig.write(toFile: responding, atomically: true, encoding: .utf8)
        } catch {
            throw LabError("cannot write \(responding): \(error)")
        }
        let loads = [(LabPlan.cloudRole, responding)] + ipsec.dataCenters.map { ($0.role, location.swanctlConfigPath($0.role)) }
            + [(LabPlan.cloudRole, location.swanctlConfigPath(LabPlan.cloudRole))]
        for (role, file) in loads {
            let load = SwanctlLoad(result: try charon(role).swanctl(["--load-all", "--file", file]))
            if let refusal = load.refusal { throw LabError("swanctl of \(role) refuses \(file): \(refusal)\n\(load)") }
        }
    }

    /// nftables in the data center's namespace drops the tunnel's IKE and ESP-in-UDP both ways
    /// (the customer gateway does not answer); `on: false` removes the table again.
    func silenceGateway(_ tunnel: LabIPsecPlan.Tunnel, namespace: String, on: Bool) throws {
        let table = "tbgplab_ike_" + tunnel.swanctlName.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        let nft = try tools.nft()
        if !on {
            if try LabCommand.run([tools.ip, "netns", "exec", namespace, nft, "list", "table", "inet", table]).succeeded {
                try LabCommand.run([tools.ip, "netns", "exec", namespace, nft, "delete", "table", "inet", table]).check()
            }
            return
        }
        let gateway = tunnel.cloudEnd.gatewayAddress
        let rules = """
            table inet \(table)
            delete table inet \(table)
            table inet \(table) {
              chain input { type filter hook input priority 0; policy accept; ip saddr \(gateway) udp dport { 500, 4500 } drop; }
              chain output { type filter hook output priority 0; policy accept; ip daddr \(gateway) udp sport { 500, 4500 } drop; }
            }

            """
        let file = "\(location.directory)/\(table).nft"
        do {
            try rules.write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            throw LabError("cannot write \(file): \(error)")
        }
        try LabCommand.run([tools.ip, "netns", "exec", namespace, nft, "-f", file]).check()
    }

    // MARK: Observation

    /// Each tunnel's IPsec as the cloud's charon holds it, with the reason it is not up in the
    /// simulator's words (from the SAs, the cloud charon's log, the plan and the faults).
    func observeIPsec(_ ipsec: LabIPsecPlan, state: LabState) throws -> [String: LabTunnelIPsec] {
        let charon = try charon(LabPlan.cloudRole)
        let associations = try charon.securityAssociations()
        let log = (try? String(contentsOfFile: charon.logPath, encoding: .utf8)) ?? ""
        let reasons = LiveLab.negotiationReasons(log: log, tunnels: ipsec.tunnels)
        var result: [String: LabTunnelIPsec] = [:]
        for tunnel in ipsec.tunnels {
            let association = associations.last { $0.name == tunnel.swanctlName && $0.state == "ESTABLISHED" }
                ?? associations.last { $0.name == tunnel.swanctlName }
            let child = association?.children.last { $0.name == tunnel.swanctlName }
            var observed = LabTunnelIPsec(ikeState: association?.state, childState: child?.state, reason: "negotiating")
            if !observed.isUp {
                if tunnel.deviation == .shutDown {
                    observed.reason = TunnelDownReason.administrativelyDown.code
                } else if state.faults[tunnel.name]?.isClear == false {
                    observed.reason = TunnelDownReason.dpdTimeout.code
                } else if let reason = reasons[tunnel.name] {
                    observed.reason = reason
                } else if !tunnel.cloudEnd.cloudInitiates {
                    // The data center initiates; nothing arrived from it.
                    observed.reason = "peer_not_responding"
                }
            }
            result[tunnel.name] = observed
        }
        return result
    }

    /// The latest negotiation failure charon logged per tunnel, as a ``NegotiationState`` code.
    static func negotiationReasons(log: String, tunnels: [LabIPsecPlan.Tunnel]) -> [String: String] {
        var reasons: [String: String] = [:]
        for line in log.split(separator: "\n") {
            let tunnel: LabIPsecPlan.Tunnel?
            if let open = line.range(of: "<"), let bar = line[open.upperBound...].firstIndex(where: { $0 == "|" || $0 == ">" }) {
                let name = String(line[open.upperBound ..< bar])
                tunnel = tunnels.first { $0.swanctlName == name }
            } else if let range = line.range(of: "no IKE config found for ") {
                // "no IKE config found for 198.18.1.1...203.0.113.10, sending NO_PROPOSAL_CHOSEN"
                let pair = line[range.upperBound...].split(separator: ",").first.map { $0.components(separatedBy: "...") } ?? []
                tunnel = tunnels.first { pair.count == 2 && pair[0] == $0.cloudEnd.gatewayAddress.description && pair[1] == $0.customerGatewayAddress.description }
            } else {
                tunnel = nil
            }
            guard let tunnel else { continue }
            if line.contains("AUTHENTICATION_FAILED") || line.contains("MAC mismatched") || line.contains("AUTH_FAILED") {
                reasons[tunnel.name] = "psk_mismatch"
            } else if line.contains("no CHILD_SA built") || line.contains("no acceptable proposal found") && line.contains("CHILD") {
                reasons[tunnel.name] = "ipsec_proposal_mismatch"
            } else if line.contains("NO_PROPOSAL_CHOSEN") || line.contains("no IKE config found") || line.contains("INVALID_MAJOR_VERSION") {
                reasons[tunnel.name] = "ike_proposal_mismatch"
            } else if line.contains("giving up after") || line.contains("peer not responding") {
                reasons[tunnel.name] = "peer_not_responding"
            } else if line.contains("CHILD_SA") && line.contains("established") {
                reasons[tunnel.name] = nil
            }
        }
        return reasons
    }
}

/// The updown script of the cloud's children (charon's `updown` plugin runs it with PLUTO_VERB and
/// PLUTO_CONNECTION): `transit-bgp tunnel CONNECTION/N up|down` on the speaker's control socket when
/// charon installs or deletes the tunnel's CHILD_SA, so the speaker hears it from the IPsec layer.
enum UpdownScript {
    static func write(to path: String, tunnels: [LabIPsecPlan.Tunnel], transitBGP: String, controlPath: String, logDirectory: String) throws {
        var lines = [
            "#!/bin/sh",
            "# Written by transit-bgp: the IPsec layer tells the speaker that a tunnel came up or went down.",
            "case \"$PLUTO_VERB\" in",
            "  up-*) state=up ;;",
            "  down-*) state=down ;;",
            "  *) exit 0 ;;",
            "esac",
            "case \"$PLUTO_CONNECTION\" in",
        ]
        for tunnel in tunnels { lines.append("  \(tunnel.swanctlName)) tunnel=\(tunnel.name) ;;") }
        lines += [
            "  *) exit 0 ;;",
            "esac",
            "echo \"$(date '+%F %T') $PLUTO_VERB $tunnel\" >> \(shellQuoted(logDirectory + "/updown.log"))",
            "exec \(shellQuoted(transitBGP)) tunnel \"$tunnel\" \"$state\" --control \(shellQuoted(controlPath)) >> \(shellQuoted(logDirectory + "/updown.log")) 2>&1",
            "",
        ]
        do {
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        } catch {
            throw LabError("cannot write \(path): \(error)")
        }
    }

    /// A single-quoted shell word.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
