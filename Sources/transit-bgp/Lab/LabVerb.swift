import CloudRouting
import ConnectionParameters
import Foundation
import LabKit
import NetworkPrimitives
import Reports
import Topology

/// `transit-bgp lab up|down|status|fault TOPOLOGY …`: the topology live, FRR's bgpd as each data
/// center against our speaker as the cloud, in network namespaces (README, "Lab").
enum LabVerb {
    static let help = """
        usage: transit-bgp lab up TOPOLOGY [--dir DIR] [--wait SECONDS | --no-wait] [--no-ipsec] [--hold-time S] [--connect-retry S]
               transit-bgp lab down TOPOLOGY [--dir DIR]
               transit-bgp lab status TOPOLOGY [--dir DIR] [--json]
               transit-bgp lab fault TOPOLOGY CONNECTION/N link-down|link-up|silent|answer [--dir DIR]
               transit-bgp lab state TOPOLOGY [--dir DIR]

        Runs the topology live (as root): a namespace `tbgplab-ID-cloud` with `transit-bgp speak` as
        the cloud side of every BGP tunnel, one namespace `tbgplab-ID-ROLE` per BGP connection with
        FRR's bgpd loaded from `transit-bgp config TOPOLOGY CONNECTION --format frr`, and the tunnels:
        IPsec by default (see --no-ipsec), or one veth pair per tunnel with the tunnel's /30 (cloud
        end cK-tunN = local_bgp_ip, data-center end xfrmN = the other address). ID is a hash of the lab directory, by default /tmp/tbgplab-NAME (NAME: the
        topology's folder); the directory holds lab.json (what was created), the speaker's control
        socket speaker.sock, its log, and per data center frr.conf, bgpd.conf, the vty socket and logs.

          up      create and start everything, then wait (--wait, default 60 s) until every session
                  is Established on both sides; already up and healthy: nothing changes (exit 0)
          down    stop and delete everything the lab created (also after a failed or killed up);
                  nothing there: nothing to do (exit 0)
          status  each tunnel's session on both sides (our control socket, FRR's summary), the
                  processes and faults; exit 1 when the lab is not up or not healthy
          fault   with IPsec: link-down / silent make the data center's gateway drop the tunnel's IKE
                  and ESP (nftables), so the cloud's IPsec dead peer detection takes it down (about
                  30 s with the default dpd_timeout) and tells the speaker; link-up / answer undo it.
                  With --no-ipsec, on both ends of the tunnel's veth pair: link-down / link-up (ip
                  link), silent / answer (nftables drops every packet arriving on either end; our
                  dead peer detection declares the tunnel down after its dpd_timeout). Tell the
                  speaker at once with `transit-bgp tunnel CONNECTION/N down --control DIR/speaker.sock`.
          state   the live state in the shape of `simulate --json` (tunnels, transit_router,
                  connections, data_centers; no time_ms): what `verify --lab` matches

          --no-ipsec   bare veth pairs with the tunnels' /30s instead of IPsec. By default every tunnel
                       is IPsec: strongSwan (kernel-libipsec) in each namespace, the cloud's from the
                       topology, each data center's `transit-bgp config … --format strongswan` with the
                       data center's deviations (psk, ike_version, reachable, up); BGP runs between
                       the tunnel addresses (on lo) through ESP-in-UDP on an underlay veth pair per
                       data center (cK-wan / wan); charon's updown tells the speaker when a tunnel's
                       CHILD_SA comes up or goes away
          --hold-time S, --connect-retry S   passed to `transit-bgp speak`
        Exit status: 0 done, 1 the lab failed (the message says why), 2 a usage error.
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") || arguments.isEmpty {
            print(help)
            return arguments.isEmpty ? 2 : 0
        }
        var rest = Array(arguments.dropFirst())
        let action = arguments[0]
        var positional: [String] = []
        var directory: String?
        var json = false
        var wait: Duration? = .seconds(60)
        var speakerArguments: [String] = []
        var ipsec = true
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            func value() -> String? { rest.isEmpty ? nil : rest.removeFirst() }
            switch argument {
            case "--dir":
                guard let path = value(), !path.isEmpty else { return usage("--dir needs a DIR") }
                directory = path
            case "--json" where action == "status":
                json = true
            case "--wait" where action == "up":
                guard let text = value(), let seconds = Int(text), (1 ... 3600).contains(seconds) else {
                    return usage("--wait needs 1-3600 seconds")
                }
                wait = .seconds(seconds)
            case "--no-wait" where action == "up":
                wait = nil
            case "--no-ipsec" where action == "up":
                ipsec = false
            case "--hold-time" where action == "up", "--connect-retry" where action == "up":
                guard let text = value(), Int(text) != nil else { return usage("\(argument) needs a number of seconds") }
                speakerArguments += [argument, text]
            default:
                guard !argument.hasPrefix("-") else { return usage("unknown option '\(argument)' for `lab \(action)`") }
                positional.append(argument)
            }
        }
        switch action {
        case "up", "down", "status", "state":
            guard positional.count == 1 else { return usage("`lab \(action)` expects one TOPOLOGY, got \(positional.count) arguments") }
        case "fault":
            guard positional.count == 3 else { return usage("`lab fault` expects TOPOLOGY CONNECTION/N ACTION, got \(positional.count) arguments") }
        default:
            return usage("unknown lab action '\(action)' (expected up, down, status, fault or state)")
        }
        let location = LabLocation(topology: positional[0], directory: directory)
        if action == "down" { return down(location) }
        guard let document = loadDocument(positional[0]) else { return 1 }
        do {
            let lab = try LiveLab(location: location, document: document, tools: try LabTools.locate())
            switch action {
            case "up": return try up(lab, wait: wait, speakerArguments: speakerArguments, ipsec: ipsec)
            case "status": return try status(lab, json: json)
            case "state": return try state(lab)
            default: return try fault(lab, tunnel: positional[1], action: positional[2])
            }
        } catch {
            printError("transit-bgp lab \(action): \(error)")
            return 1
        }

        func usage(_ message: String) -> Int32 {
            printError("transit-bgp lab: \(message)\n\n\(help)")
            return 2
        }
    }

    static func down(_ location: LabLocation) -> Int32 {
        guard geteuid() == 0 else {
            printError("transit-bgp lab down: the lab needs root (ip netns); run it as root")
            return 1
        }
        let ip: String
        do {
            ip = try LabCommand.locate("ip", candidates: ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"])
        } catch {
            printError("transit-bgp lab down: \(error)")
            return 1
        }
        let removed = LabTeardown(location: location, ip: ip).run()
        if removed.isEmpty {
            print("no lab in \(location.directory): nothing to do")
        } else {
            print("lab in \(location.directory) down: removed " + removed.joined(separator: ", "))
        }
        let left = LiveLab.namespaces(withPrefix: location.namespacePrefix, ip: ip)
        guard left.isEmpty else {
            printError("transit-bgp lab down: namespaces still exist: \(left.joined(separator: ", "))")
            return 1
        }
        return 0
    }

    static func up(_ lab: LiveLab, wait: Duration?, speakerArguments: [String], ipsec: Bool) throws -> Int32 {
        let outcome = try lab.up(speakerArguments: speakerArguments, ipsec: ipsec)
        if outcome == .alreadyUp {
            print("lab of \(lab.location.topology) already up in \(lab.location.directory): nothing changed")
        } else {
            print("lab of \(lab.location.topology) up in \(lab.location.directory)")
        }
        for skipped in lab.plan.skipped { print("  not in the lab: \(skipped)") }
        let ipsecOn = (try? lab.location.loadState())??.ipsec ?? ipsec
        for fault in lab.plan.deliberateFaults where !(ipsecOn && LabVerb.reproducedWithIPsec(fault)) {
            print("  not reproduced (the generated configuration is what the cloud expects): \(fault)")
        }
        guard let state = try lab.location.loadState() else { throw LabError("\(lab.location.statePath) vanished") }
        if let wait, outcome == .started {
            let (_, settled) = try lab.settle(state: state, within: wait, tables: false, routes: false)
            if !settled {
                _ = try status(lab, json: false)
                printError("transit-bgp lab up: the sessions did not all reach Established (with equal prefix counts on both sides) "
                    + "within \(wait); the lab stays up: `transit-bgp lab status` / `lab down`\n\(lab.logTails())")
                return 1
            }
        }
        return try status(lab, json: false)
    }

    static func state(_ lab: LiveLab) throws -> Int32 {
        guard let state = try lab.location.loadState() else {
            throw LabError("no lab of \(lab.location.topology) in \(lab.location.directory): `transit-bgp lab up` first")
        }
        let problems = lab.health(state)
        guard problems.isEmpty else { throw LabError("the lab is not healthy: \(problems.joined(separator: "; "))") }
        let observation = try lab.observe(state: state, tables: true, routes: true)
        print(LabView.state(plan: lab.plan, observation: observation).rendered())
        return 0
    }

    static func fault(_ lab: LiveLab, tunnel name: String, action text: String) throws -> Int32 {
        guard let action = LabFaultAction(rawValue: text) else {
            printError("transit-bgp lab fault: unknown fault '\(text)' (expected \(LabFaultAction.allCases.map(\.rawValue).joined(separator: ", ")))")
            return 2
        }
        guard let tunnel = lab.plan.tunnel(named: name) else {
            printError("transit-bgp lab fault: no tunnel '\(name)' in the lab (tunnels: \(lab.plan.tunnels.map(\.name).joined(separator: ", ")))")
            return 2
        }
        guard var state = try lab.location.loadState() else {
            throw LabError("no lab of \(lab.location.topology) in \(lab.location.directory): `transit-bgp lab up` first")
        }
        try lab.fault(action, tunnel: tunnel, state: &state)
        let timeout = lab.document.connections.first { $0.id == tunnel.connectionID }?.tunnels.first { $0.index == tunnel.index }
        let dpd = timeout.map { $0.dpdEnabled ? "dead peer detection declares it down after about \($0.dpdTimeoutSeconds) s" : "DPD is off: only the hold timer notices" } ?? ""
        switch action {
        case .linkDown, .silent:
            print("\(tunnel.name): \(action.rawValue) (\(tunnel.cloudInterface) and \(tunnel.dataCenterInterface)); \(dpd); "
                + "`transit-bgp tunnel \(tunnel.name) down --control \(lab.location.controlPath)` tells the speaker at once")
        case .linkUp, .answer:
            print("\(tunnel.name): \(action.rawValue) (\(tunnel.cloudInterface) and \(tunnel.dataCenterInterface)); faults left: "
                + (state.faults[tunnel.name]?.summary ?? "-"))
        }
        return 0
    }

    /// Whether the lab with IPsec reproduces a deliberate fault of the plan (the data center's
    /// strongSwan configuration or underlay carries it): everything but another AS or no BGP.
    static func reproducedWithIPsec(_ fault: String) -> Bool {
        fault.contains("(up: false)") || fault.contains("(reachable: false)") || fault.contains("(psk)") || fault.contains("(ike_version)")
    }
}
