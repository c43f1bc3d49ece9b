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
}

extension TableRow {
    public var prefix: IPv4Prefix {
        switch self {
        case .connection(let entry): entry.prefix
        case .transitRouter(let entry): entry.prefix
        }
    }
}
