// `lab fault`: link down or up, silence or answer, on both ends of a tunnel's veth pair.

import Foundation
import LabKit
import Reports

extension LiveLab {
    /// `link-down`, `link-up`, `silent`, `answer` on both ends of a tunnel's veth pair.
    func fault(_ action: LabFaultAction, tunnel: LabPlan.Tunnel, state: inout LabState) throws {
        guard let dataCenter = plan.dataCenter(of: tunnel.connectionID) else { throw LabError("no data center for \(tunnel.name)") }
        if state.ipsec {
            // With IPsec the tunnel is its SAs: the data center's gateway stops answering IKE and ESP for it
            // (link-down and silent alike; the underlay is shared by the data center's tunnels), and the
            // cloud's dead peer detection takes the tunnel down.
            guard let ipsecTunnel = try ipsecPlan().tunnel(named: tunnel.name) else { throw LabError("no IPsec for \(tunnel.name)") }
            let on = action == .linkDown || action == .silent
            try silenceGateway(ipsecTunnel, namespace: location.namespace(dataCenter.role), on: on)
            var fault = state.faults[tunnel.name] ?? TunnelFault()
            if action == .linkDown || action == .linkUp { fault.linkDown = on } else { fault.silent = on }
            state.faults[tunnel.name] = fault.isClear ? nil : fault
            try state.write(to: location.statePath)
            return
        }
        let ends = [(location.namespace(LabPlan.cloudRole), tunnel.cloudInterface),
                    (location.namespace(dataCenter.role), tunnel.dataCenterInterface)]
        var fault = state.faults[tunnel.name] ?? TunnelFault()
        for (namespace, interface) in ends {
            switch action {
            case .linkDown, .linkUp:
                try LabCommand.run([tools.ip, "-n", namespace, "link", "set", interface, action == .linkDown ? "down" : "up"]).check()
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
                    throw LabError("cannot write \(file): \(error)")
                }
                try LabCommand.run([tools.ip, "netns", "exec", namespace, try tools.nft(), "-f", file]).check()
            case .answer:
                let table = LiveLab.silenceTable(interface)
                let nft = try tools.nft()
                if try LabCommand.run([tools.ip, "netns", "exec", namespace, nft, "list", "table", "inet", table]).succeeded {
                    try LabCommand.run([tools.ip, "netns", "exec", namespace, nft, "delete", "table", "inet", table]).check()
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
        Lab.namespaceNames(ipPath: ip).filter { $0.hasPrefix(prefix) }
    }
}

/// What `lab fault` does to a tunnel.
enum LabFaultAction: String, CaseIterable {
    case linkDown = "link-down"
    case linkUp = "link-up"
    case silent
    case answer
}
