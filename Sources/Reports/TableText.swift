import BGPWire
import CloudRouting
import ConnectionParameters
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
        out += routeChanges(state.events)
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

    /// The route changes after each timeline event: per event its time and what it was, then one
    /// line per group of prefixes that changed the same way (time, table, what happened).
    public static func routeChanges(_ events: [TimelineRouteChanges]) -> [String] {
        guard !events.isEmpty else { return [] }
        var out = ["", "Route changes after each timeline event (until the next one)"]
        for window in events {
            out.append("\(window.time.simulationSeconds) s  \(eventText(window.event)) (\(window.event.path))")
            guard !window.groups.isEmpty else {
                out.append("  no route changed")
                continue
            }
            out += columns(window.groups.map { group in
                ["  \(group.time.simulationSeconds) s", group.table, changeText(group)]
            })
        }
        return out
    }

    /// A timeline event in a few words: `dpd_timeout vco-dc1/1`, `set vco-dc1 auto_publish_route_enabled false`.
    public static func eventText(_ event: TimelineEvent) -> String {
        switch event.action {
        case .tunnelDown(let connection, let tunnel), .tunnelUp(let connection, let tunnel),
             .peerSilent(let connection, let tunnel), .sessionReset(let connection, let tunnel):
            return "\(event.action.name) \(connection)/\(tunnel)"
        case .announce(let connection, let tunnels, let routes):
            return "announce \(prefixList(routes.map(\.prefix))) on \(connection) tunnel \(tunnels.map(String.init).joined(separator: ","))"
        case .withdraw(let connection, let tunnels, let prefixes):
            return "withdraw \(prefixList(prefixes)) on \(connection) tunnel \(tunnels.map(String.init).joined(separator: ","))"
        case .setting(let connection, let setting, let on):
            return "set \(connection) \(setting.fileKey) \(on)"
        case .addRouteMap(let map):
            return "route_map_add priority \(map.priority) \(map.direction.rawValue)"
        case .removeRouteMap(let priority, let direction):
            return "route_map_remove priority \(priority) \(direction.rawValue)"
        }
    }

    /// One change group in words: `62,550 prefixes moved from tunnels 1,2 to tunnel 2`.
    public static func changeText(_ group: RouteChangeGroup) -> String {
        let what = prefixList(group.prefixes)
        let transitRouter = RouteChangeGroup.forwardsByNextHop(group.table)
        switch group.kind {
        case .added:
            return "\(what) added: \(group.after.map { forwardingText($0, transitRouter: transitRouter) } ?? "-")"
        case .removed:
            return "\(what) removed (was \(group.before.map { forwardingText($0, transitRouter: transitRouter) } ?? "-"))"
        case .moved:
            let from = group.before.map { hopsText($0, transitRouter: transitRouter) } ?? "-"
            let to = group.after.map { hopsText($0, transitRouter: transitRouter) } ?? "-"
            return "\(what) moved from \(from) to \(to)"
        case .status:
            return "\(what) changed from \(group.before.map(statusesText) ?? "-") to \(group.after.map(statusesText) ?? "-")"
        case .attributes:
            return "\(what): path attributes changed"
        }
    }

    /// Up to three prefixes by name, else how many (`62,550 prefixes`).
    static func prefixList(_ prefixes: [IPv4Prefix]) -> String {
        if prefixes.count <= 3 { return prefixes.map(\.description).joined(separator: ", ") }
        return "\(grouped(prefixes.count)) prefixes"
    }

    /// An integer with thousands separators: `62,550`.
    static func grouped(_ value: Int) -> String {
        var digits = Array(String(value))
        var text = ""
        while digits.count > 3 {
            text = "," + String(digits.suffix(3)) + text
            digits.removeLast(3)
        }
        return String(digits) + text
    }

    static func hopsText(_ forwarding: RouteForwarding, transitRouter: Bool) -> String {
        if transitRouter {
            guard !forwarding.nextHops.isEmpty else { return "no Active entry" }
            return forwarding.nextHops.map { $0 ?? "blackhole" }.joined(separator: ", ")
        }
        switch forwarding.tunnels.count {
        case 0: return "no tunnel"
        case 1: return "tunnel \(forwarding.tunnels[0])"
        default: return "tunnels " + forwarding.tunnels.map(String.init).joined(separator: ",")
        }
    }

    static func statusesText(_ forwarding: RouteForwarding) -> String {
        forwarding.statuses.map { $0.status + ($0.reason.map { " (\($0))" } ?? "") }.joined(separator: ", ")
    }

    static func forwardingText(_ forwarding: RouteForwarding, transitRouter: Bool) -> String {
        let hops = "\(transitRouter ? "next hop" : "on") \(hopsText(forwarding, transitRouter: transitRouter))"
        return forwarding.statuses.isEmpty ? hops : "\(statusesText(forwarding)), \(hops)"
    }

    /// Every TR table, then each connection's destination-based and BGP tables.
    public static func tables(_ tables: CloudTables, transitRouterID: String) -> [String] {
        var out: [String] = []
        for tableID in tables.transitRouter.keys.sorted() {
            out.append("")
            out.append("Transit router \(transitRouterID) route table \(tableID)")
            var rows = [["Destination", "Type", "Next hop", "Next hop type", "Resource type", "Origin", "AS path", "Preference", "Status"]]
            for e in tables.transitRouter[tableID] ?? [] {
                rows.append([e.prefix.description, e.type.rawValue, e.nextHopAttachment ?? "-", e.nextHopType.text,
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
                                 e.source.rawValue, path(e.asPath.description), communities(e.communities), e.statusText])
                }
                if entries.isEmpty { rows.append(["(empty)", "", "", "", "", "", ""]) }
                // A row's other tunnel paths (Standby, Rejected) go on lines of their own under it.
                for (line, index) in zip(columns(rows), 0...) {
                    out.append(line)
                    guard index > 0, index <= entries.count else { continue }
                    for other in entries[index - 1].otherPaths {
                        out.append("  also tunnel \(other.tunnel): \(other.statusText), AS path \(path(other.asPath.description)), community \(communities(other.communities))")
                    }
                }
            }
        }
        return out
    }

    /// Communities separated by spaces, or `-` when there are none.
    static func communities(_ list: [Community]) -> String {
        list.isEmpty ? "-" : list.map(\.description).joined(separator: " ")
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
