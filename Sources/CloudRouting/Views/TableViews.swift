import ConnectionParameters
import BGPRouting
import BGPWire
import NetworkPrimitives

/// One table of the model, as named in ``TableChange``.
enum TableKey: Hashable, Sendable, Comparable {
    case transitRouter(String)
    case destination(String)
    case bgp(String)

    /// The name used in changes and explanations.
    var name: String {
        switch self {
        case .transitRouter(let id): TableChange.transitRouterTable(id)
        case .destination(let id): TableChange.destinationTable(id)
        case .bgp(let id): TableChange.bgpTable(id)
        }
    }

    /// TR tables first, then each connection's destination-based and BGP tables.
    static func < (a: TableKey, b: TableKey) -> Bool {
        func rank(_ key: TableKey) -> (Int, String, Int) {
            switch key {
            case .transitRouter(let id): (0, id, 0)
            case .destination(let id): (1, id, 0)
            case .bgp(let id): (1, id, 1)
            }
        }
        return rank(a) < rank(b)
    }

    /// The key of a table name (`tr/ID`, `CONNECTION/destination`, `CONNECTION/bgp`).
    init?(name: String) {
        if name.hasPrefix("tr/") {
            self = .transitRouter(String(name.dropFirst(3)))
            return
        }
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[1] {
        case "bgp": self = .bgp(parts[0])
        case "destination": self = .destination(parts[0])
        default: return nil
        }
    }
}

/// The console's rows, built from the records on demand: nothing here is stored.
extension CloudModel {
    /// Every table as sorted lists (the value `simulate` prints and `verify` checks).
    public var tables: CloudTables {
        var connectionTables: [String: ConnectionTables] = [:]
        for id in connections.keys {
            connectionTables[id] = ConnectionTables(destination: destinationRows(connection: id), bgp: bgpRows(connection: id))
        }
        var tr: [String: [TransitRouterRouteEntry]] = [:]
        for id in transitRouterTables.keys { tr[id] = transitRouterRows(table: id) }
        return CloudTables(connections: connectionTables, transitRouter: tr)
    }

    /// A TR table's rows, by prefix then display order.
    public func transitRouterRows(table id: String) -> [TransitRouterRouteEntry] {
        guard let table = transitRouterTables[id] else { return [] }
        var destinations = Array(table.destinations)
        destinations.sort { $0.prefix < $1.prefix }
        var rows: [TransitRouterRouteEntry] = []
        rows.reserveCapacity(destinations.count)
        for destination in destinations { rows += entries(destination, table: id) }
        return rows
    }

    /// The rows of one TR destination, in display order.
    func entries(_ destination: TransitRouterDestination, table: String) -> [TransitRouterRouteEntry] {
        var rows = destination.candidates.map { candidate -> TransitRouterRouteEntry in
            let attributes = store[candidate.attributes]
            let status: TransitRouterRouteStatus
            var reason: TransitRouterRouteReason?
            switch candidate.verdict {
            case .active: status = .active
            case .standby(let step): status = .standby; reason = .lostAt(step)
            case .rejected(let priority): status = .rejected; reason = .routeMap(priority: Int(priority))
            }
            return TransitRouterRouteEntry(
                prefix: destination.prefix, type: candidate.isStatic ? .static : .propagated,
                nextHopAttachment: nextHop(of: candidate, table: table), nextHopKind: nextHopKind(of: candidate, table: table),
                originType: candidate.origin, asPath: attributes.asPath ?? .empty, communities: attributes.communities,
                preference: Int(candidate.preference), region: candidateRegion(candidate, table: table), status: status, reason: reason)
        }
        if rows.count > 1 { rows.sort(by: TransitRouterRouteEntry.displayOrder) }
        return rows
    }

    /// The destination-based table of a connection: user routes, then the routes protected data flows
    /// generate (reference §1a, §5), each on every tunnel that is up.
    public func destinationRows(connection id: String) -> [ConnectionRouteEntry] {
        guard let connection = connections[id] else { return [] }
        let upTunnels = connection.upTunnels
        let noTunnel: ConnectionRouteReason? = upTunnels.isEmpty ? .noUsableTunnel : nil
        var rows: [ConnectionRouteEntry] = []
        for route in connection.destinationRoutes.sorted(by: { $0.prefix < $1.prefix }) {
            rows.append(ConnectionRouteEntry(
                prefix: route.prefix, source: .custom, tunnels: upTunnels,
                status: route.publish ? .published : .unpublished, reason: noTunnel))
        }
        if connection.autoConfigRoute && !connection.protectedLocal.isEmpty {
            for remote in Set(connection.protectedRemote).sorted() {
                rows.append(ConnectionRouteEntry(prefix: remote, source: .protectedFlow, tunnels: upTunnels, status: .published, reason: noTunnel))
            }
        }
        return rows
    }

    /// A connection's BGP table: `VPN_BGP` rows by prefix, then `CLOUD` rows by prefix.
    public func bgpRows(connection id: String) -> [ConnectionRouteEntry] {
        guard let table = connectionTables[id] else { return [] }
        var records = table.records.filter { !$0.isEmpty }
        records.sort { $0.prefix < $1.prefix }
        var rows: [ConnectionRouteEntry] = []
        for record in records { rows += vpnBGPRows(record, table: table) }
        return rows + cloudRows(connection: id)
    }

    /// The `VPN_BGP` row of one record, as the vendor's table shows it: one row per prefix. The row
    /// is the Active path with every ECMP tunnel, or, when no path is Active, the first path shown;
    /// the other tunnels' Standby and Rejected paths are its ``ConnectionRouteEntry/otherPaths``.
    /// Paths over tunnels that are down are not shown.
    func vpnBGPRows(_ record: ConnectionDestination, table: ConnectionTable) -> [ConnectionRouteEntry] {
        guard table.bgpEnabled else { return [] }
        var shown: [Int] = []
        for tunnel in [1, 2] where table.isUp(tunnel) && record.path(tunnel) != ConnectionDestination.noPath { shown.append(tunnel) }
        if shown.count == 2 && record.isBest(2) { shown.reverse() }
        let multipath = ConnectionDestination.tunnelList([1, 2].filter { record.isMultipath($0) })
        var row: ConnectionRouteEntry?
        var others: [ConnectionRoutePath] = []
        for tunnel in shown {
            let attributes = store[AttributeSetID(raw: record.path(tunnel))]
            let path = attributes.asPath ?? .empty
            let status: ConnectionRouteStatus
            let reason: ConnectionRouteReason?
            if record.isBest(tunnel) {
                row = ConnectionRouteEntry(prefix: record.prefix, source: .vpnBGP, tunnels: multipath, asPath: path,
                                           communities: attributes.communities, status: .active)
                continue
            } else if record.isMultipath(tunnel) {
                continue  // in the best path's tunnel list
            } else if let rejection = record.check(tunnel) ?? (table.quota != nil && record.quota != .admitted ? .quotaExceeded : nil) {
                (status, reason) = (.rejected, .rejected(rejection))
            } else {
                (status, reason) = (.standby, record.lostAt.map { .lostAt(TunnelDecisionStep($0)) })
            }
            if row == nil {
                row = ConnectionRouteEntry(prefix: record.prefix, source: .vpnBGP, tunnels: ConnectionDestination.tunnelList([tunnel]),
                                           asPath: path, communities: attributes.communities, status: status, reason: reason)
            } else {
                others.append(ConnectionRoutePath(tunnel: tunnel, asPath: path, communities: attributes.communities, status: status, reason: reason))
            }
        }
        guard var row else { return [] }
        row.otherPaths = others
        return [row]
    }

    /// The rows of one prefix in one table.
    func rows(_ key: TableKey, _ prefix: IPv4Prefix) -> [TableRow] {
        switch key {
        case .transitRouter(let id):
            guard let destination = transitRouterTables[id]?.destination(prefix) else { return [] }
            return entries(destination, table: id).map(TableRow.transitRouter)
        case .destination(let id):
            return destinationRows(connection: id).filter { $0.prefix == prefix }.map(TableRow.connection)
        case .bgp(let id):
            guard let table = connectionTables[id] else { return [] }
            var rows: [TableRow] = []
            if let slot = table.slot(of: prefix) { rows = vpnBGPRows(table.records[Int(slot)], table: table).map(TableRow.connection) }
            if let cloud = cloudRow(connection: id, prefix: prefix) { rows.append(.connection(cloud)) }
            return rows
        }
    }

    /// The rows that an operation changed, as they were in `old` (the model before it) and are now:
    /// the ``TableChange`` view of a ``RoutingDelta``, in table then prefix order.
    public func tableChanges(_ delta: RoutingDelta, since old: CloudModel) -> [TableChange] {
        if delta.structural { return TableChange.differences(from: old.tables, to: tables) }
        var candidates = Set<TableKeyAndPrefix>()
        for (tableID, prefixes) in delta.transitRouter {
            let readers = Set(old.context.readers[tableID] ?? []).union(context.readers[tableID] ?? [])
            for prefix in prefixes {
                candidates.insert(TableKeyAndPrefix(key: .transitRouter(tableID), prefix: prefix))
                for reader in readers { candidates.insert(TableKeyAndPrefix(key: .bgp(reader), prefix: prefix)) }
            }
        }
        for (id, prefixes) in delta.bgp {
            for prefix in prefixes { candidates.insert(TableKeyAndPrefix(key: .bgp(id), prefix: prefix)) }
        }
        for id in delta.destination {
            for row in old.destinationRows(connection: id) + destinationRows(connection: id) {
                candidates.insert(TableKeyAndPrefix(key: .destination(id), prefix: row.prefix))
            }
        }
        for id in delta.cloud {
            for row in old.cloudRows(connection: id) + cloudRows(connection: id) {
                candidates.insert(TableKeyAndPrefix(key: .bgp(id), prefix: row.prefix))
            }
        }
        var changes: [TableChange] = []
        for candidate in candidates.sorted() {
            let before = old.rows(candidate.key, candidate.prefix)
            let after = rows(candidate.key, candidate.prefix)
            if before != after {
                changes.append(TableChange(table: candidate.key.name, prefix: candidate.prefix, before: before, after: after))
            }
        }
        return changes
    }
}

/// A (table, prefix) pair, ordered by table then prefix.
struct TableKeyAndPrefix: Hashable, Comparable {
    var key: TableKey
    var prefix: IPv4Prefix

    static func < (a: TableKeyAndPrefix, b: TableKeyAndPrefix) -> Bool {
        a.key != b.key ? a.key < b.key : a.prefix < b.prefix
    }
}

extension ConnectionDestination {
    /// The tunnel lists every row uses, allocated once: a million rows share four arrays.
    private static let tunnelLists: [[Int]] = [[], [1], [2], [1, 2]]

    /// `list` as one of the shared arrays when it is one of them.
    static func tunnelList(_ list: [Int]) -> [Int] {
        tunnelLists.first { $0 == list } ?? list
    }
}

extension TransitRouterRouteEntry {
    /// Prefix, then Active before Standby before Rejected, then next hop.
    static func displayOrder(_ a: TransitRouterRouteEntry, _ b: TransitRouterRouteEntry) -> Bool {
        func rank(_ status: TransitRouterRouteStatus) -> Int {
            switch status {
            case .active: 0
            case .standby: 1
            case .rejected: 2
            }
        }
        if a.prefix != b.prefix { return a.prefix < b.prefix }
        if a.status != b.status { return rank(a.status) < rank(b.status) }
        return (a.nextHopAttachment ?? "") < (b.nextHopAttachment ?? "")
    }
}
