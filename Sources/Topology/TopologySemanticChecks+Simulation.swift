import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// The cross-references of `timeline[]` and `expect[]`: connections, tunnels, tables, data centers,
/// and the keys of the rows an expectation names.
extension SemanticChecks {
    /// Records one issue: code, JSON path, message, and whether it is about the member's key (a
    /// name in an `expect` block) rather than its value.
    typealias AddIssue = (_ code: String, _ path: String, _ message: String, _ atKey: Bool) -> Void

    static func checkSimulation(_ document: TopologyDocument, add: AddIssue) {
        let connections = Set(document.connections.map(\.id)).union(document.definedConnectionIDs)
        let attached = Set(document.transitRouter.attachments.compactMap(\.connectionID))
        let withDataCenter = Set(document.dataCenters.map(\.connectionID))
        let tables = Set(document.transitRouter.routeTables.map(\.id))
        func known(_ id: String, _ path: String, atKey: Bool = false) -> Bool {
            guard connections.contains(id) else {
                add("unknown_connection", path, "no IPsec connection '\(id)' (known: \(connections.sorted().joined(separator: ", ")))", atKey)
                return false
            }
            return true
        }
        for event in document.timeline {
            let path = event.path
            if let duration = document.simulation.duration, event.at > duration {
                add("event_after_duration", "\(path).at",
                    "the event at \(seconds(event.at)) s is after the end of the run (simulation.duration \(seconds(duration)) s), so it would never happen",
                    false)
            }
            switch event.action {
            case .tunnelDown(let id, _), .tunnelUp(let id, _), .peerSilent(let id, _), .sessionReset(let id, _):
                _ = known(id, "\(path).connection")
            case .announce(let id, _, _), .withdraw(let id, _, _):
                if known(id, "\(path).connection"), !withDataCenter.contains(id) {
                    add("no_data_center", "\(path).connection", "connection '\(id)' has no entry in data_centers to announce or withdraw", false)
                }
            case .setting(let id, _, _):
                if known(id, "\(path).connection"), !attached.contains(id) {
                    add("connection_not_attached", "\(path).connection", "connection '\(id)' has no VPN attachment whose setting could change", false)
                }
            case .addRouteMap(let map):
                for table in map.tables.sorted() where !tables.contains(table) {
                    add("unknown_route_table", "\(path).route_map.route_table_ids", "no route table '\(table)'", false)
                }
            case .removeRouteMap:
                break
            }
        }
        let tunnelNames = document.connections.flatMap { c in c.tunnels.map { "\(c.id)/\($0.index)" } }
        let dataCenters = Set(document.dataCenters.map(\.name))
        for expectation in document.expectations {
            guard let block = expectation.match.value.objectValue else { continue }
            for member in block.members {
                let path = JSONPath.member(member.key, of: expectation.path)
                guard let entries = member.value.value.objectValue else { continue }
                for entry in entries.members {
                    let entryPath = JSONPath.member(entry.key, of: path)
                    switch member.key {
                    case "tunnels":
                        // A tunnel of a connection that failed to read is not unknown: its problem is reported.
                        let owner = entry.key.split(separator: "/").first.map(String.init) ?? ""
                        let halfRead = document.definedConnectionIDs.contains(owner) && !document.connections.contains { $0.id == owner }
                        guard tunnelNames.contains(entry.key) || halfRead else {
                            add("unknown_tunnel", entryPath, "no tunnel '\(entry.key)'; tunnels are named CONNECTION/INDEX (\(tunnelNames.joined(separator: ", ")))", true)
                            continue
                        }
                        checkKeys(entry.value, allowed: Expectation.tunnelKeys, path: entryPath, add: add)
                    case "transit_router":
                        guard tables.contains(entry.key) else {
                            add("unknown_route_table", entryPath, "no route table '\(entry.key)' (known: \(tables.sorted().joined(separator: ", ")))", true)
                            continue
                        }
                        checkRows(entry.value, allowed: Expectation.transitRouterRowKeys, path: entryPath, add: add)
                    case "connections":
                        guard known(entry.key, entryPath, atKey: true) else { continue }
                        guard let both = entry.value.value.objectValue else { continue }
                        for table in both.members {
                            let tablePath = JSONPath.member(table.key, of: entryPath)
                            guard Expectation.connectionTables.contains(table.key) else {
                                add("unknown_field", tablePath, "unknown table '\(table.key)'; a connection has \(Expectation.connectionTables.joined(separator: " and "))", true)
                                continue
                            }
                            checkRows(table.value, allowed: Expectation.connectionRowKeys, path: tablePath, add: add)
                        }
                    default:  // data_centers
                        guard dataCenters.contains(entry.key) else {
                            add("unknown_data_center", entryPath, "no data center '\(entry.key)' (known: \(dataCenters.sorted().joined(separator: ", ")))", true)
                            continue
                        }
                        guard let byTunnel = entry.value.value.objectValue else { continue }
                        for tunnel in byTunnel.members {
                            let tunnelPath = JSONPath.member(tunnel.key, of: entryPath)
                            guard tunnel.key == "1" || tunnel.key == "2" else {
                                add("unknown_field", tunnelPath, "a data center's routes are listed by tunnel index, \"1\" or \"2\"", true)
                                continue
                            }
                            checkRows(tunnel.value, allowed: Expectation.dataCenterRowKeys, path: tunnelPath, add: add)
                        }
                    }
                }
            }
        }
    }

    /// Seconds as the file writes them (`95`, `95.5`), to the millisecond.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        guard milliseconds % 1000 != 0 else { return String(milliseconds / 1000) }
        var fraction = String(milliseconds % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(milliseconds / 1000).\(fraction)"
    }

    /// A table in an expectation: prefixes as keys, each `null`, `"*"`, a row or an array of rows.
    static func checkRows(_ node: JSONNode, allowed: [String], path: String, add: AddIssue) {
        guard let rows = node.value.objectValue else {
            add("wrong_type", path, "expected an object of rows keyed by prefix, found \(node.value.kindDescription)", false)
            return
        }
        for member in rows.members {
            let rowPath = JSONPath.member(member.key, of: path)
            if (try? IPv4Prefix(parsing: member.key)) == nil {
                add("invalid_value", rowPath, "'\(member.key)' is not a prefix (CIDR such as 10.0.0.0/16)", true)
            }
            switch member.value.value {
            case .null:
                break
            case .string(let text) where text == "*":
                break
            case .object:
                checkKeys(member.value, allowed: allowed, path: rowPath, add: add)
            case .array(let elements):
                for (i, element) in elements.enumerated() {
                    checkKeys(element, allowed: allowed, path: JSONPath.element(i, of: rowPath), add: add)
                }
            default:
                add("wrong_type", rowPath, "expected null (no row), \"*\" (any row), a row, or an array of rows; found \(member.value.value.kindDescription)", false)
            }
        }
    }

    static func checkKeys(_ node: JSONNode, allowed: [String], path: String, add: AddIssue) {
        guard let object = node.value.objectValue else {
            if node.value.stringValue != "*" && !node.value.isNull {
                add("wrong_type", path, "expected an object, found \(node.value.kindDescription)", false)
            }
            return
        }
        for member in object.members where !allowed.contains(member.key) {
            var message = "unknown field '\(member.key)'"
            if let close = EditDistance.suggestion(for: member.key, among: allowed) { message += "; did you mean '\(close)'?" }
            add("unknown_field", JSONPath.member(member.key, of: path), message, true)
        }
        // A BGP-table row's other tunnel paths: one path object, or an array of them.
        if let paths = object.members.first(where: { $0.key == "other_paths" }), allowed == Expectation.connectionRowKeys {
            let pathsPath = JSONPath.member("other_paths", of: path)
            if case .array(let elements) = paths.value.value {
                for (i, element) in elements.enumerated() {
                    checkKeys(element, allowed: Expectation.connectionPathKeys, path: JSONPath.element(i, of: pathsPath), add: add)
                }
            } else {
                checkKeys(paths.value, allowed: Expectation.connectionPathKeys, path: pathsPath, add: add)
            }
        }
    }
}
