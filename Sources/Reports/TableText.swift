import BGPWire
import CloudRouting
import NetworkPrimitives
import Simulation
import Topology

/// The tables as text, in columns like the console's.
public enum TableText {
    /// `transit-bgp simulate`: the run's log up to the state's time, each tunnel's IPsec and BGP
    /// state, every table in the console's columns, and what each data center received.
    public static func render(document: TopologyDocument, state: SimulationState, log: [SimulationLogEntry]) -> String {
        var out: [String] = []
        if !document.description.isEmpty { out.append(document.description) }
        out.append("")
        out.append("Timeline (virtual clock, seconds)")
        var lines = [["Time", "Where", "What"]]
        for entry in log where entry.time <= state.time {
            lines.append([entry.time.simulationSeconds, entry.subject, entry.message])
        }
        out += columns(lines)
        out.append("")
        out.append("Tunnels at \(state.time.simulationSeconds) s")
        var tunnels = [["Tunnel", "Role", "Negotiation", "IPsec", "BGP (cloud)", "BGP (data center)", "Received", "Advertised", "Last error"]]
        for tunnel in state.tunnels {
            let role = document.connections.first { $0.id == tunnel.connectionID }?.tunnels.first { $0.index == tunnel.index }?.role.rawValue
            let ipsec = tunnel.ipsecUp ? (tunnel.silent ? "up (peer silent)" : "up") : "down (\(tunnel.downReason?.text ?? "-"))"
            tunnels.append([tunnel.name, role ?? "-", tunnel.negotiation.code, ipsec,
                            tunnel.cloudBGP.map { "\($0)" } ?? "-", tunnel.dataCenterBGP.map { "\($0)" } ?? "-",
                            String(tunnel.received), String(tunnel.advertised), tunnel.lastError ?? "-"])
        }
        out += columns(tunnels)
        out += tables(state.tables, transitRouterID: document.transitRouter.id)
        for name in state.dataCenterRoutes.keys.sorted() {
            out.append("")
            let bgp = document.dataCenters.first { $0.name == name }?.bgp ?? true
            out.append("Data center \(name)\(bgp ? "" : " (no BGP: it receives nothing)"): routes received from the cloud")
            var rows = [["Destination", "Tunnel", "Next hop", "AS path", "Community", "MED"]]
            for (index, routes) in (state.dataCenterRoutes[name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                for (prefix, attributes) in routes.sorted(by: { $0.key < $1.key }) {
                    rows.append([prefix.description, "tunnel \(index)", attributes.nextHop.map(\.description) ?? "-",
                                 path(attributes.asPath?.description ?? ""),
                                 attributes.communities.isEmpty ? "-" : attributes.communities.map(\.description).joined(separator: " "),
                                 attributes.multiExitDiscriminator.map(String.init) ?? "-"])
                }
            }
            if rows.count == 1 { rows.append(["(empty)", "", "", "", "", ""]) }
            out += columns(rows)
        }
        return out.joined(separator: "\n")
    }

    /// Every TR table, then each connection's destination-based and BGP tables.
    public static func tables(_ tables: CloudTables, transitRouterID: String) -> [String] {
        var out: [String] = []
        for tableID in tables.transitRouter.keys.sorted() {
            out.append("")
            out.append("Transit router \(transitRouterID) route table \(tableID)")
            var rows = [["Destination", "Type", "Next hop", "Next hop type", "Origin", "AS path", "Preference", "Status"]]
            for e in tables.transitRouter[tableID] ?? [] {
                rows.append([e.prefix.description, e.type.rawValue, e.nextHopAttachment ?? "blackhole",
                             e.nextHopKind?.rawValue ?? "-", e.originType.rawValue, path(e.asPath.description),
                             String(e.preference), e.statusText])
            }
            out += columns(rows)
        }
        for id in tables.connections.keys.sorted() {
            guard let connection = tables.connections[id] else { continue }
            for (title, entries) in [("destination-based route table", connection.destination), ("BGP route table", connection.bgp)] {
                out.append("")
                out.append("IPsec connection \(id) \(title)")
                var rows = [["Destination", "Next hop", "Tunnels", "Source", "AS path", "Community", "Status"]]
                for e in entries {
                    rows.append([e.prefix.description, id, e.tunnels.isEmpty ? "-" : e.tunnels.map { "tunnel \($0)" }.joined(separator: ", "),
                                 e.source.rawValue, path(e.asPath.description),
                                 e.communities.isEmpty ? "-" : e.communities.map(\.description).joined(separator: " "),
                                 e.statusText])
                }
                if entries.isEmpty { rows.append(["(empty)", "", "", "", "", "", ""]) }
                out += columns(rows)
            }
        }
        return out
    }

    /// An AS path, or `-` when it is empty.
    public static func path(_ text: String) -> String { text.isEmpty ? "-" : text }

    /// Left-aligned columns, two spaces apart, no trailing blanks.
    public static func columns(_ rows: [[String]]) -> [String] {
        let widths = (0 ..< (rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                line += i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 2)
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
