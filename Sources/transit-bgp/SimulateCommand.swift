import BGPWire
import CloudRouting
import Foundation
import NetworkPrimitives
import Topology

/// `transit-bgp simulate FILE` and `transit-bgp validate FILE`.
enum SimulateCommand {
    static let help = """
        usage: transit-bgp simulate FILE [--json]
               transit-bgp validate FILE

        simulate  loads the topology, negotiates every tunnel, runs the data centers' announcements
                  through the routing model and prints every table in the console's columns;
                  with --json, the tables in the JSON shape documented in Topologies/README.md.
        validate  loads the topology and prints every problem (line:column, JSON path, code) and
                  warning; exits 1 when there is an error.

        The format is documented in Topologies/README.md.
        """

    static func run(_ arguments: [String], validateOnly: Bool) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        var arguments = arguments
        let json = !validateOnly && arguments.contains("--json")
        arguments.removeAll { $0 == "--json" && !validateOnly }
        if let unknown = arguments.first(where: { $0.hasPrefix("-") }) {
            printError("transit-bgp \(validateOnly ? "validate" : "simulate"): unknown option '\(unknown)'\n\n\(help)")
            return 2
        }
        guard arguments.count == 1, let path = arguments.first else {
            printError("transit-bgp \(validateOnly ? "validate" : "simulate"): expected exactly one FILE, got \(arguments)\n\n\(help)")
            return 2
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("transit-bgp: cannot read '\(path)'")
            return 1
        }
        let document: TopologyDocument
        do {
            document = try TopologyLoader.load(Array(data))
        } catch {
            for issue in error.issues { printError("\(path):\(issue)") }
            let errors = error.issues.filter { $0.severity == .error }.count
            printError("\(path): \(errors) error\(errors == 1 ? "" : "s")")
            return 1
        }
        for warning in document.warnings { printError("\(path):\(warning)") }
        if validateOnly {
            print("\(path): valid (\(document.warnings.count) warning\(document.warnings.count == 1 ? "" : "s"))")
            return 0
        }
        let model = document.model()
        if json {
            print(TablesJSON.tables(model.tables).rendered())
        } else {
            print(TableText.render(document: document, model: model))
        }
        return 0
    }
}

/// The tables as text, in columns like the console's.
enum TableText {
    static func render(document: TopologyDocument, model: CloudModel) -> String {
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

    static func path(_ text: String) -> String { text.isEmpty ? "-" : text }

    static func columns(_ rows: [[String]]) -> [String] {
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
