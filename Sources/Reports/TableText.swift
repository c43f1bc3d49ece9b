import BGPWire
import CloudRouting
import NetworkPrimitives
import Topology

/// The tables as text, in columns like the console's.
public enum TableText {
    /// Every table of `model`, preceded by the state of each tunnel (`transit-bgp simulate`).
    public static func render(document: TopologyDocument, model: CloudModel) -> String {
        var out: [String] = []
        if !document.description.isEmpty { out.append(document.description) }
        out.append("")
        let negotiation = document.negotiation()
        for connection in document.connections {
            for tunnel in connection.tunnels.sorted(by: { $0.index < $1.index }) {
                let state = negotiation[connection.id]?[tunnel.index]
                let routing = model.connections[connection.id]?.tunnels.first { $0.index == tunnel.index }
                let forwarding = routing?.isUp == true ? "up" : "down (\(routing?.downReason ?? state?.rawValue ?? "not attached"))"
                out.append("\(connection.id) tunnel \(tunnel.index) (\(tunnel.role.rawValue)): negotiation \(state?.rawValue ?? "-"), \(forwarding)")
            }
        }
        for tableID in model.tables.transitRouter.keys.sorted() {
            out.append("")
            out.append("Transit router \(model.transitRouterID) route table \(tableID)")
            var rows = [["Destination", "Type", "Next hop", "Next hop type", "Origin", "AS path", "Preference", "Status"]]
            for e in model.tables.transitRouter[tableID] ?? [] {
                rows.append([e.prefix.description, e.type.rawValue, e.nextHopAttachment ?? "blackhole",
                             e.nextHopKind?.rawValue ?? "-", e.originType.rawValue, path(e.asPath.description),
                             String(e.preference), e.status.rawValue + (e.reason.map { " (\($0))" } ?? "")])
            }
            out += columns(rows)
        }
        for id in model.tables.connections.keys.sorted() {
            guard let tables = model.tables.connections[id] else { continue }
            for (title, entries) in [("destination-based route table", tables.destination), ("BGP route table", tables.bgp)] {
                out.append("")
                out.append("IPsec connection \(id) \(title)")
                var rows = [["Destination", "Next hop", "Tunnels", "Source", "AS path", "Community", "Status"]]
                for e in entries {
                    rows.append([e.prefix.description, id, e.tunnels.isEmpty ? "-" : e.tunnels.map { "tunnel \($0)" }.joined(separator: ", "),
                                 e.source.rawValue, path(e.asPath.description),
                                 e.communities.isEmpty ? "-" : e.communities.map(\.description).joined(separator: " "),
                                 e.status + (e.reason.map { " (\($0))" } ?? "")])
                }
                if entries.isEmpty { rows.append(["(empty)", "", "", "", "", "", ""]) }
                out += columns(rows)
            }
        }
        return out.joined(separator: "\n")
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
