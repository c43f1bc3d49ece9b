import CloudRouting
import ConnectionParameters
import Foundation
import LabKit
import NetworkPrimitives
import Reports
import Topology

extension LabVerb {
    /// `lab status`: both ends of every session, the processes, the faults; exit 1 unless up and healthy.
    static func status(_ lab: LiveLab, json: Bool) throws -> Int32 {
        let location = lab.location
        guard let state = try location.loadState() else {
            if json {
                print(JSONOutput.object([("topology", .string(location.topology)), ("directory", .string(location.directory)),
                                         ("up", .bool(false))]).rendered())
            } else {
                print("no lab of \(location.topology) in \(location.directory)")
            }
            return 1
        }
        let problems = lab.health(state)
        let observation = problems.isEmpty ? try? lab.observe(state: state, tables: false, routes: false) : nil
        let sessions = (observation?.sessions.value.objectValue?["sessions"]?.value.arrayValue ?? []).compactMap { $0.value.objectValue }
        let up = state.complete && problems.isEmpty
        var rows: [JSONOutput] = []
        var lines: [[String]] = [["TUNNEL"] + (state.ipsec ? ["IKE SA", "CHILD SA", "NEGOTIATION"] : [])
            + ["CLOUD (transit-bgp)", "DATA CENTER (FRR)", "RCVD/ADV", "FRR RCVD/SENT", "CLOUD END", "DC END", "FAULT"]]
        let ipsecPlan = state.ipsec ? try? lab.ipsecPlan() : nil
        for tunnel in lab.plan.tunnels {
            let dataCenter = lab.plan.dataCenter(of: tunnel.connectionID)!
            let session = sessions.first {
                $0["connection"]?.value.stringValue == tunnel.connectionID && $0["tunnel"]?.value.numberValue?.int == tunnel.index
            }
            let peer = LabView.frrPeer(observation?.dataCenters[dataCenter.role]?.summary, tunnel.cloudAddress)
            let cloudState = session?["state"]?.value.stringValue
            let tunnelUp = session?["tunnel_up"]?.value.boolValue
            let downReason = session?["tunnel_down_reason"]?.value.stringValue
            let frrState = peer?["state"]?.value.stringValue
            let fault = state.faults[tunnel.name] ?? TunnelFault()
            func int(_ node: JSONNode?) -> Int? { node?.value.numberValue?.int }
            let received = int(session?["received_prefixes"]), advertised = int(session?["advertised_prefixes"])
            let frrReceived = int(peer?["pfxRcd"]), frrSent = int(peer?["pfxSnt"])
            let sa = observation?.ipsec?[tunnel.name]
            let ipsecTunnel = ipsecPlan?.tunnel(named: tunnel.name)
            var ipsecRow: [(key: String, value: JSONOutput)] = []
            if state.ipsec {
                ipsecRow = [("ipsec", .object([
                    ("connection", .optional(ipsecTunnel?.swanctlName)),
                    ("gateway_address", .optional(ipsecTunnel?.cloudEnd.gatewayAddress.description)),
                    ("customer_gateway_address", .optional(ipsecTunnel?.customerGatewayAddress.description)),
                    ("initiator", .string(ipsecTunnel?.cloudEnd.cloudInitiates == true ? "cloud" : "data_center")),
                    ("ike_sa", .optional(sa?.ikeState)),
                    ("child_sa", .optional(sa?.childState)),
                    ("up", .bool(sa?.isUp ?? false)),
                    ("reason", sa.map { $0.isUp ? .null : .string($0.reason) } ?? .null),
                    ("negotiation", .optional(sa?.negotiationCode)),
                ]))]
            }
            rows.append(.object([
                ("tunnel", .string(tunnel.name)),
                ("cloud", .object([
                    ("namespace", .string(location.namespace(LabPlan.cloudRole))),
                    ("interface", .string(tunnel.cloudInterface)),
                    ("address", .string("\(tunnel.cloudAddress)/\(tunnel.tunnelCIDR.length)")),
                    ("state", .optional(cloudState.map(LabView.bgpCode))),
                    ("tunnel_up", tunnelUp.map(JSONOutput.bool) ?? .null),
                    ("tunnel_down_reason", .optional(downReason)),
                    ("received_prefixes", received.map(JSONOutput.int) ?? .null),
                    ("advertised_prefixes", advertised.map(JSONOutput.int) ?? .null),
                ])),
                ("data_center", .object([
                    ("role", .string(dataCenter.role)),
                    ("name", .optional(dataCenter.name)),
                    ("namespace", .string(location.namespace(dataCenter.role))),
                    ("interface", .string(tunnel.dataCenterInterface)),
                    ("address", .string("\(tunnel.dataCenterAddress)/\(tunnel.tunnelCIDR.length)")),
                    ("state", frrState.map { .string(LabView.normalizedFRRState($0)) } ?? .null),
                    ("frr_state", .optional(frrState)),
                    ("prefixes_received", frrReceived.map(JSONOutput.int) ?? .null),
                    ("prefixes_sent", frrSent.map(JSONOutput.int) ?? .null),
                ])),
                ("fault", .object([("link_down", .bool(fault.linkDown)), ("silent", .bool(fault.silent))])),
            ] + ipsecRow))
            let cloudText = (cloudState ?? "?") + (tunnelUp == false ? " (tunnel down: \(downReason ?? "?"))" : "")
            let ipsecColumns = state.ipsec ? [sa?.ikeState ?? "-", sa?.childState ?? "-", sa?.consoleText ?? "?"] : []
            lines.append([tunnel.name] + ipsecColumns + [
                cloudText, frrState ?? "?",
                "\(received.map(String.init) ?? "?")/\(advertised.map(String.init) ?? "?")",
                "\(frrReceived.map(String.init) ?? "-")/\(frrSent.map(String.init) ?? "-")",
                ipsecTunnel.map { "lo \(tunnel.cloudAddress)/32, IKE \($0.cloudEnd.gatewayAddress)" }
                    ?? "\(tunnel.cloudInterface) \(tunnel.cloudAddress)/\(tunnel.tunnelCIDR.length)",
                ipsecTunnel.map { "\(dataCenter.role):lo \(tunnel.dataCenterAddress)/32, IKE \($0.customerGatewayAddress)" }
                    ?? "\(dataCenter.role):\(tunnel.dataCenterInterface) \(tunnel.dataCenterAddress)/\(tunnel.tunnelCIDR.length)",
                fault.summary,
            ])
        }
        if json {
            print(JSONOutput.object([
                ("topology", .string(location.topology)),
                ("directory", .string(location.directory)),
                ("id", .string(location.id)),
                ("up", .bool(up)),
                ("problems", .array(problems.map(JSONOutput.string))),
                ("control", .string(location.controlPath)),
                ("speaker_pid", state.speakerPID.map { .int(Int($0)) } ?? .null),
                ("ipsec", .bool(state.ipsec)),
                ("charon_pids", .object(state.charonPIDs.keys.sorted().map { ($0, .int(Int(state.charonPIDs[$0]!))) })),
                ("data_centers", .array(lab.plan.dataCenters.map { dataCenter in
                    .object([
                        ("role", .string(dataCenter.role)),
                        ("name", .optional(dataCenter.name)),
                        ("connection", .string(dataCenter.connectionID)),
                        ("namespace", .string(location.namespace(dataCenter.role))),
                        ("vty_socket_dir", .string(location.dataCenterDirectory(dataCenter.role))),
                        ("bgpd_pid", state.bgpdPIDs[dataCenter.role].map { .int(Int($0)) } ?? .null),
                    ])
                })),
                ("tunnels", .array(rows)),
            ]).rendered())
        } else {
            print("lab of \(location.topology) in \(location.directory): \(up ? "up" : "NOT HEALTHY")")
            for problem in problems { print("  problem: \(problem)") }
            print("  cloud  namespace \(location.namespace(LabPlan.cloudRole)), transit-bgp speak pid \(state.speakerPID.map(String.init) ?? "-"), "
                + "control socket \(location.controlPath)")
            if state.ipsec {
                print("  IPsec  strongSwan (kernel-libipsec) per namespace: swanctl --list-sas --uri unix://"
                    + "\(location.charonDirectory(LabPlan.cloudRole))/charon.vici (STRONGSWAN_CONF=\(location.charonDirectory(LabPlan.cloudRole))/strongswan.conf)")
            }
            for dataCenter in lab.plan.dataCenters {
                print("  \(dataCenter.role)  namespace \(location.namespace(dataCenter.role)), bgpd pid "
                    + "\(state.bgpdPIDs[dataCenter.role].map(String.init) ?? "-") (AS \(dataCenter.asn)), "
                    + "vtysh --vty_socket \(location.dataCenterDirectory(dataCenter.role)) -d bgpd")
            }
            let widths = (0 ..< lines[0].count).map { column in lines.map { $0[column].count }.max() ?? 0 }
            for line in lines {
                print("  " + zip(line, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
            }
        }
        return up ? 0 : 1
    }
}
