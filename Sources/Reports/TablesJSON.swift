import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// The JSON shape of every table (`simulate --json`, `show tables --json`, `show routes --json`),
/// documented in the README ("Control socket"). Keys are stable; new keys may be added.
public enum TablesJSON {
    /// `{"transit_router": {TABLE: [ROW...]}, "connections": {ID: {"destination": [...], "bgp": [...]}}}`.
    public static func tables(_ tables: CloudTables) -> JSONOutput {
        .object([
            ("transit_router", .object(tables.transitRouter.keys.sorted().map { id in
                (id, .array((tables.transitRouter[id] ?? []).map(transitRouterRow)))
            })),
            ("connections", .object(tables.connections.keys.sorted().map { id in
                (id, connection(tables.connections[id]!))
            })),
        ])
    }

    /// One connection's two tables.
    public static func connection(_ tables: ConnectionTables) -> JSONOutput {
        .object([
            ("destination", .array(tables.destination.map(connectionRow))),
            ("bgp", .array(tables.bgp.map(connectionRow))),
        ])
    }

    /// A TR route entry (`ListTransitRouterRouteEntries` fields, snake case).
    public static func transitRouterRow(_ entry: TransitRouterRouteEntry) -> JSONOutput {
        .object([
            ("prefix", .string(entry.prefix.description)),
            ("type", .string(entry.type.rawValue)),
            ("next_hop", .optional(entry.nextHopAttachment)),
            ("next_hop_type", .string(entry.nextHopType.text)),
            ("next_hop_resource_type", .optional(entry.nextHopKind?.rawValue)),
            ("origin_type", .string(entry.originType.rawValue)),
            ("as_path", asPath(entry.asPath)),
            ("communities", .array(entry.communities.map { .string($0.description) })),
            ("preference", .int(entry.preference)),
            ("region", .string(entry.region)),
            ("status", .string(entry.status.rawValue)),
            ("reason", .optional(entry.reason?.text)),
        ])
    }

    /// A row of a connection's destination-based or BGP table. A `VPN_BGP` row also carries
    /// `other_paths`: the prefix's Standby and Rejected tunnel paths, one object each.
    public static func connectionRow(_ entry: ConnectionRouteEntry) -> JSONOutput {
        var members: [(key: String, value: JSONOutput)] = [
            ("prefix", .string(entry.prefix.description)),
            ("source", .string(entry.source.rawValue)),
            ("tunnels", .array(entry.tunnels.map { .int($0) })),
            ("as_path", asPath(entry.asPath)),
            ("communities", .array(entry.communities.map { .string($0.description) })),
            ("status", .string(entry.status.text)),
            ("reason", .optional(entry.reason?.text)),
        ]
        if entry.source == .vpnBGP { members.append(("other_paths", .array(entry.otherPaths.map(path)))) }
        return .object(members)
    }

    /// A Standby or Rejected tunnel path of a `VPN_BGP` row.
    public static func path(_ path: ConnectionRoutePath) -> JSONOutput {
        .object([
            ("tunnel", .int(path.tunnel)),
            ("as_path", asPath(path.asPath)),
            ("communities", .array(path.communities.map { .string($0.description) })),
            ("status", .string(path.status.text)),
            ("reason", .optional(path.reason?.text)),
        ])
    }

    /// An AS path as its ASNs in order (asplain); a set is written as a nested array.
    public static func asPath(_ path: ASPath) -> JSONOutput {
        .array(path.segments.map { segment in
            switch segment.type {
            case .asSequence, .confedSequence:
                return segment.asns.map { JSONOutput.int(Int($0.rawValue)) }
            case .asSet, .confedSet:
                return [JSONOutput.array(segment.asns.map { .int(Int($0.rawValue)) })]
            }
        }.flatMap { $0 })
    }

    /// The changes an operation made (`diff --json`, and the replies of `tunnel` and `set`).
    public static func changes(_ changes: [TableChange]) -> JSONOutput {
        .array(changes.map { change in
            .object([
                ("table", .string(change.table)),
                ("prefix", .string(change.prefix.description)),
                ("before", .array(change.before.map(row))),
                ("after", .array(change.after.map(row))),
            ])
        })
    }

    /// A row of any table.
    public static func row(_ row: TableRow) -> JSONOutput {
        switch row {
        case .connection(let entry): connectionRow(entry)
        case .transitRouter(let entry): transitRouterRow(entry)
        }
    }
}
