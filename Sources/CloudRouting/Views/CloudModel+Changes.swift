import ConnectionParameters
import NetworkPrimitives

/// A row of any table, for changes and explanations.
public enum TableRow: Sendable, Hashable {
    case connection(ConnectionRouteEntry)
    case transitRouter(TransitRouterRouteEntry)
}

/// What one table gained and lost for one prefix after an operation.
public struct TableChange: Sendable, Hashable {
    /// `tr/<table>`, `<connection>/destination` or `<connection>/bgp`.
    public var table: String
    public var prefix: IPv4Prefix
    public var before: [TableRow]
    public var after: [TableRow]

    public init(table: String, prefix: IPv4Prefix, before: [TableRow], after: [TableRow]) {
        self.table = table
        self.prefix = prefix
        self.before = before
        self.after = after
    }

    /// The table name of a TR route table.
    public static func transitRouterTable(_ id: String) -> String { "tr/\(id)" }
    /// The table name of a connection's destination-based table.
    public static func destinationTable(_ connection: String) -> String { "\(connection)/destination" }
    /// The table name of a connection's BGP table.
    public static func bgpTable(_ connection: String) -> String { "\(connection)/bgp" }

    /// Every (table, prefix) whose rows differ between two sets of tables (two topologies, or two
    /// moments), in table then prefix order.
    public static func differences(from old: CloudTables, to new: CloudTables) -> [TableChange] {
        var changes: [TableChange] = []
        func compare(_ name: String, _ before: [TableRow], _ after: [TableRow]) {
            var oldRows: [IPv4Prefix: [TableRow]] = [:]
            var newRows: [IPv4Prefix: [TableRow]] = [:]
            for row in before { oldRows[row.prefix, default: []].append(row) }
            for row in after { newRows[row.prefix, default: []].append(row) }
            for prefix in Set(oldRows.keys).union(newRows.keys).sorted() where oldRows[prefix] != newRows[prefix] {
                changes.append(TableChange(table: name, prefix: prefix, before: oldRows[prefix] ?? [], after: newRows[prefix] ?? []))
            }
        }
        for id in Set(old.transitRouter.keys).union(new.transitRouter.keys).sorted() {
            compare(transitRouterTable(id), (old.transitRouter[id] ?? []).map(TableRow.transitRouter),
                    (new.transitRouter[id] ?? []).map(TableRow.transitRouter))
        }
        for id in Set(old.connections.keys).union(new.connections.keys).sorted() {
            compare(destinationTable(id), (old.connections[id]?.destination ?? []).map(TableRow.connection),
                    (new.connections[id]?.destination ?? []).map(TableRow.connection))
            compare(bgpTable(id), (old.connections[id]?.bgp ?? []).map(TableRow.connection),
                    (new.connections[id]?.bgp ?? []).map(TableRow.connection))
        }
        return changes
    }
}

extension TableRow {
    public var prefix: IPv4Prefix {
        switch self {
        case .connection(let entry): entry.prefix
        case .transitRouter(let entry): entry.prefix
        }
    }
}
