// What a running lab shows: health, the speaker's and FRR's answers, convergence.

import BGPSpeaker
import BGPWire
import CloudRouting
import Foundation
import LabKit
import Glibc
import Reports
import Topology

extension LiveLab {
    /// What is wrong with a lab that should be up: dead processes, missing namespaces.
    func health(_ state: LabState) -> [String] {
        var problems: [String] = []
        let existing = Set(LiveLab.namespaces(withPrefix: location.namespacePrefix, ip: tools.ip))
        for name in state.namespaces where !existing.contains(name) { problems.append("namespace \(name) is gone") }
        if let pid = state.speakerPID {
            if !Lab.isAlive(pid, marker: location.controlPath) { problems.append("the speaker (pid \(pid)) is not running") }
        } else {
            problems.append("no speaker was started")
        }
        for (role, pid) in state.charonPIDs.sorted(by: { $0.key < $1.key }) where !Lab.isAlive(pid, environmentEntry: "STRONGSWAN_CONF=\(location.charonDirectory(role))/strongswan.conf") {
            problems.append("charon of \(role) (pid \(pid)) is not running")
        }
        for dataCenter in plan.dataCenters {
            if let pid = state.bgpdPIDs[dataCenter.role] {
                if !Lab.isAlive(pid, marker: location.bgpdConfigPath(dataCenter.role)) {
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
    func vtysh(_ role: String, _ command: String, timeout: Duration = .seconds(10)) throws -> String {
        let result = try LabCommand.run([tools.vtysh, "--vty_socket", location.dataCenterDirectory(role), "-d", "bgpd", "-c", command],
                                        timeout: timeout)
        guard result.succeeded, !result.stdout.hasPrefix("%") else { throw LabError("vtysh of \(role): \(result)") }
        return result.stdout
    }

    /// A speaker request (`show sessions json`, `tunnel vco-dc1/1 down`), its reply.
    func control(_ request: String) throws -> String {
        do {
            return try ControlClient.send(request, path: location.controlPath, timeout: .seconds(10))
        } catch {
            throw LabError("\(error)")
        }
    }

    static func parse(_ text: String, what: String) throws -> JSONNode {
        do {
            return try JSONParser.parse(Array(text.utf8), maximumBytes: 256 << 20)
        } catch {
            throw LabError("\(what) did not answer JSON: \(error)")
        }
    }

    /// Reads the lab: the speaker's sessions (and tables), each bgpd's summary (and routes with
    /// every attribute). A bgpd that does not answer leaves its data center empty.
    func observe(state: LabState, tables: Bool, routes: Bool) throws -> LabObservation {
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
        let ipsec = state.ipsec ? try observeIPsec(try ipsecPlan(), state: state) : nil
        return LabObservation(sessions: sessions, tables: tableNode, dataCenters: dataCenters, faultedTunnels: faulted, ipsec: ipsec)
    }

    /// How many of the routes the cloud advertises to each data center (by connection) carry that
    /// data center's AS in their path, in the topology's steady state: bgpd drops those (RFC 4271
    /// §9.1.2, reference §10 item 11), so it holds that many fewer than the cloud sent.
    func loopedRoutes() -> [String: Int] {
        let model = document.model()
        var looped: [String: Int] = [:]
        for dataCenter in plan.dataCenters {
            looped[dataCenter.connectionID] = model.cloudRoutes(connection: dataCenter.connectionID)
                .filter { $0.attributes.asPath?.contains(dataCenter.asn) ?? false }.count
        }
        return looped
    }

    /// True when every tunnel's session is Established on both sides, FRR sent every prefix its
    /// configuration announces on the tunnel and each side holds as many prefixes from the other as
    /// the other sent (less the routes bgpd drops because their path holds its AS: `looped`).
    func converged(_ observation: LabObservation, looped: [String: Int] = [:]) -> Bool {
        let view = LabView.tunnels(plan: plan, observation: observation)
        guard case .object(let tunnels) = view, tunnels.count == plan.tunnels.count else { return false }
        for tunnel in plan.tunnels {
            if let sa = observation.ipsec?[tunnel.name], !sa.isUp {
                // A tunnel the data center breaks on purpose stays down; one that should come up has not yet.
                if ipsecDeviations.contains(tunnel.name) && sa.reason != "negotiating" { continue }
                return false
            }
            guard let dataCenter = plan.dataCenter(of: tunnel.connectionID),
                let state = tunnels.first(where: { $0.key == tunnel.name })?.value, case .object(let members) = state,
                let peer = LabView.frrPeer(observation.dataCenters[dataCenter.role]?.summary, tunnel.cloudAddress)
            else { return false }
            func value(_ key: String) -> JSONOutput? { members.first { $0.key == key }?.value }
            let kept = peer["pfxRcd"]?.value.numberValue?.int.map { JSONOutput.int($0 + (looped[tunnel.connectionID] ?? 0)) }
            guard value("bgp") == .string(LabView.establishedCode), value("data_center_bgp") == .string(LabView.establishedCode),
                value("advertised") == kept, value("received") == peer["pfxSnt"].map(LabView.output),
                value("received") == .int(tunnel.announced)
            else { return false }
        }
        return true
    }

    /// The tunnels whose data center deviates on purpose (another PSK, IKE version, silent, shut down).
    var ipsecDeviations: Set<String> {
        Set(((try? ipsecPlan())?.tunnels ?? []).filter { $0.deviation != nil }.map(\.name))
    }

    /// Polls until ``converged(_:)`` and two observations 0.5 s apart are equal, or the deadline.
    /// Returns the last observation and whether the lab settled.
    func settle(state: LabState, within period: Duration, tables: Bool, routes: Bool) throws -> (LabObservation, Bool) {
        let deadline = ContinuousClock().now + period
        let looped = loopedRoutes()
        var previous: JSONOutput?
        while true {
            let observation = try observe(state: state, tables: tables, routes: routes)
            let view = LabView.state(plan: plan, observation: observation)
            // With a fault on, sessions may stay down: only stability counts.
            let ready = state.faults.values.allSatisfy(\.isClear) ? converged(observation, looped: looped) : true
            if ready && previous == view { return (observation, true) }
            previous = ready ? view : nil
            if ContinuousClock().now >= deadline { return (observation, false) }
            usleep(500_000)  // poll every 0.5 s; bounded by `deadline`
        }
    }
}
