import BGPRouting
import BGPWire
import NetworkPrimitives

/// One table of the model, as named in ``TableChange``.
enum TableKey: Hashable, Sendable {
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
}

/// What the engine remembers about one connection between operations.
struct ConnectionState: Sendable {
    /// Both tunnels' paths (§10 item 3).
    var rib: RIB<IPv4Prefix>
    /// The destination-based table.
    var destination: [ConnectionRouteEntry]
    /// Prefixes of destination routes published to the TR: they win over BGP routes (§10 item 1).
    var published: Set<IPv4Prefix>
    /// `VPN_BGP` rows by prefix.
    var bgp: [IPv4Prefix: [ConnectionRouteEntry]]
    /// The best BGP path by prefix.
    var best: [IPv4Prefix: OfferedRoute]
    /// `CLOUD` rows by prefix.
    var cloud: [IPv4Prefix: ConnectionRouteEntry]

    /// What the connection offers the TR for one prefix.
    func offered(_ prefix: IPv4Prefix) -> OfferedRoute? {
        published.contains(prefix) ? OfferedRoute(prefix: prefix, originType: .static) : best[prefix]
    }

    /// The BGP table's rows for one prefix: `VPN_BGP` rows, then the `CLOUD` row.
    func bgpTableRows(_ prefix: IPv4Prefix) -> [TableRow] {
        var rows = (bgp[prefix] ?? []).map(TableRow.connection)
        if let cloud = cloud[prefix] { rows.append(.connection(cloud)) }
        return rows
    }

    /// Every route the connection offers the TR, one per prefix.
    var offeredRoutes: [OfferedRoute] {
        var routes = best
        for prefix in published { routes[prefix] = OfferedRoute(prefix: prefix, originType: .static) }
        return Array(routes.values)
    }
}

/// Every table, by prefix: the engine's state between operations.
struct EngineState: Sendable {
    var connections: [String: ConnectionState] = [:]
    /// By TR route table ID, then prefix: the candidates in display order.
    var transitRouter: [String: [IPv4Prefix: [TransitRouterRouteEntry]]] = [:]

    /// The rows of one prefix in one table.
    func rows(_ key: TableKey, _ prefix: IPv4Prefix) -> [TableRow] {
        switch key {
        case .transitRouter(let id):
            return (transitRouter[id]?[prefix] ?? []).map(TableRow.transitRouter)
        case .destination(let id):
            return (connections[id]?.destination ?? []).filter { $0.prefix == prefix }.map(TableRow.connection)
        case .bgp(let id):
            return connections[id]?.bgpTableRows(prefix) ?? []
        }
    }

    /// Every table that exists.
    var keys: [TableKey] {
        transitRouter.keys.map(TableKey.transitRouter)
            + connections.keys.flatMap { [TableKey.destination($0), TableKey.bgp($0)] }
    }

    /// The prefixes one table holds rows for.
    func prefixes(_ key: TableKey) -> [IPv4Prefix] {
        switch key {
        case .transitRouter(let id): return Array(transitRouter[id]?.keys ?? [:].keys)
        case .destination(let id): return (connections[id]?.destination ?? []).map(\.prefix)
        case .bgp(let id):
            guard let state = connections[id] else { return [] }
            return Array(Set(state.bgp.keys).union(state.cloud.keys))
        }
    }

    /// The tables as sorted lists (the public ``CloudTables`` value).
    var materialized: CloudTables {
        var connectionTables: [String: ConnectionTables] = [:]
        for (id, state) in connections {
            var bgp: [ConnectionRouteEntry] = []
            for prefix in state.bgp.keys.sorted() { bgp += state.bgp[prefix] ?? [] }
            for prefix in state.cloud.keys.sorted() { bgp.append(state.cloud[prefix]!) }
            connectionTables[id] = ConnectionTables(destination: state.destination, bgp: bgp)
        }
        var tr: [String: [TransitRouterRouteEntry]] = [:]
        for (id, table) in transitRouter {
            var entries: [TransitRouterRouteEntry] = []
            entries.reserveCapacity(table.count)
            for prefix in table.keys.sorted() { entries += table[prefix] ?? [] }
            tr[id] = entries
        }
        return CloudTables(connections: connectionTables, transitRouter: tr)
    }

    /// Every (table, prefix) whose rows differ between two states, in table then prefix order.
    static func differences(from old: EngineState, to new: EngineState) -> [TableChange] {
        var changes: [TableChange] = []
        let keys = Set(old.keys).union(new.keys).sorted(by: <)
        for key in keys {
            var prefixes = new.prefixes(key)
            let present = Set(prefixes)
            prefixes += old.prefixes(key).filter { !present.contains($0) }
            prefixes.sort()
            for prefix in prefixes {
                if case .transitRouter(let id) = key, old.transitRouter[id]?[prefix] == new.transitRouter[id]?[prefix] {
                    continue
                }
                let before = old.rows(key, prefix)
                let after = new.rows(key, prefix)
                if before != after { changes.append(TableChange(table: key.name, prefix: prefix, before: before, after: after)) }
            }
        }
        return changes
    }
}

/// The rows an operation touched, as they were before it: after the operation, the ones that differ
/// become ``TableChange`` values.
struct ChangeLog {
    private var before: [TableKey: [IPv4Prefix: [TableRow]]] = [:]
    /// Whether rows are remembered (off when the caller only needs ``cloudTouched``).
    var reporting = true
    /// Every (connection, prefix) whose `CLOUD` row was recomputed.
    var cloudTouched: [String: Set<IPv4Prefix>] = [:]

    init(reporting: Bool = true) {
        self.reporting = reporting
    }

    /// Remembers the rows of `prefix` in `key` unless they were remembered earlier in this operation.
    mutating func touch(_ key: TableKey, _ prefix: IPv4Prefix, in state: EngineState) {
        touch(key, prefix, rows: state.rows(key, prefix))
    }

    /// Remembers `rows` as the rows of `prefix` in `key` unless rows were remembered earlier.
    mutating func touch(_ key: TableKey, _ prefix: IPv4Prefix, rows: @autoclosure () -> [TableRow]) {
        guard reporting, before[key]?[prefix] == nil else { return }
        before[key, default: [:]][prefix] = rows()
    }

    /// The touched rows that changed, in table then prefix order.
    func changes(in state: EngineState) -> [TableChange] {
        var changes: [TableChange] = []
        for key in before.keys.sorted(by: <) {
            let rows = before[key] ?? [:]
            for prefix in rows.keys.sorted() {
                let after = state.rows(key, prefix)
                if rows[prefix] != after {
                    changes.append(TableChange(table: key.name, prefix: prefix, before: rows[prefix] ?? [], after: after))
                }
            }
        }
        return changes
    }
}

/// What every step of one operation needs, computed once per operation.
struct PropagationContext {
    /// Ingress route maps that can apply to each TR table.
    var ingress: [String: [CenRouteMap]]
    /// The connections whose `CLOUD` rows read each TR table, with their scope.
    var readers: [String: [(connection: String, scope: CloudModel.AdvertiseScope)]]
}

extension CloudModel {
    // MARK: Full computation

    /// The propagation context, computed once and kept until an operation other than `learn` runs.
    mutating func cachedContext() -> PropagationContext {
        if let context { return context }
        let fresh = propagationContext()
        context = fresh
        return fresh
    }

    /// The operation's shared context, from the current inputs.
    func propagationContext() -> PropagationContext {
        let maps = effectiveRouteMaps
        var ingress: [String: [CenRouteMap]] = [:]
        for id in routeTables.keys {
            ingress[id] = maps.filter { $0.direction == .ingress && ($0.tables.isEmpty || $0.tables.contains(id)) }
        }
        var readers: [String: [(connection: String, scope: AdvertiseScope)]] = [:]
        for id in connections.keys.sorted() {
            guard let connection = connections[id], let scope = advertiseScope(connection) else { continue }
            readers[scope.tableID, default: []].append((id, scope))
        }
        return PropagationContext(ingress: ingress, readers: readers)
    }

    /// A connection's state computed from its inputs, without `CLOUD` rows.
    static func connectionState(_ connection: VPNConnectionRouting) -> ConnectionState {
        let rib = connectionRIB(connection)
        var state = ConnectionState(
            rib: rib, destination: destinationRows(connection), published: [], bgp: [:], best: [:], cloud: [:])
        state.published = Set(state.destination.filter { $0.status == "published" }.map(\.prefix))
        let prefixes = rib.allPrefixes
        state.bgp.reserveCapacity(prefixes.count)
        state.best.reserveCapacity(prefixes.count)
        for prefix in prefixes {
            let (rows, best) = bgpRows(prefix, rib: rib)
            if !rows.isEmpty { state.bgp[prefix] = rows }
            if let best { state.best[prefix] = best }
        }
        return state
    }

    /// The routes an attachment offers the TR (for a VPN attachment, its connection's).
    func offeredRoutes(of attachment: TransitRouterAttachment, in engine: EngineState) -> [OfferedRoute] {
        guard attachment.kind == .vpn else { return attachment.offeredRoutes }
        return attachment.connectionID.flatMap { engine.connections[$0]?.offeredRoutes } ?? []
    }

    /// Computes every table from the inputs.
    func build() -> EngineState {
        var engine = EngineState()
        for (id, connection) in connections { engine.connections[id] = CloudModel.connectionState(connection) }
        let context = propagationContext()
        for table in routeTables.values {
            var byPrefix = staticEntries(of: table)
            let ingress = context.ingress[table.id] ?? []
            for attachment in attachments.values.sorted(by: { $0.id < $1.id }) where attachment.propagatesTo.contains(table.id) {
                for route in offeredRoutes(of: attachment, in: engine) {
                    byPrefix[route.prefix, default: []].append(
                        CloudModel.propagatedEntry(route, from: attachment, table: table.id, ingress: ingress))
                }
            }
            for index in byPrefix.indices { byPrefix.values[index] = selected(byPrefix.values[index]) }
            engine.transitRouter[table.id] = byPrefix
        }
        // One pass over each table serves all its readers: an entry is read once while it is in cache.
        for (tableID, readers) in context.readers {
            guard let entries = engine.transitRouter[tableID] else { continue }
            var cloud = [[IPv4Prefix: ConnectionRouteEntry]](repeating: [:], count: readers.count)
            for (prefix, candidates) in entries {
                for (index, reader) in readers.enumerated() {
                    if let row = CloudModel.cloudRow(candidates, scope: reader.scope) { cloud[index][prefix] = row }
                }
            }
            for (index, reader) in readers.enumerated() { engine.connections[reader.connection]?.cloud = cloud[index] }
        }
        return engine
    }

    // MARK: Incremental steps

    /// Re-reads a connection's RIB for `prefixes` and pushes every change of what it offers to the TR.
    mutating func refreshConnection<S: Sequence<IPv4Prefix>>(
        _ id: String, prefixes: S, context: PropagationContext, log: inout ChangeLog
    ) {
        guard var state = engine.connections.removeValue(forKey: id) else { return }
        var offerChanges: [(IPv4Prefix, OfferedRoute?)] = []
        let key = TableKey.bgp(id)
        for prefix in prefixes {
            log.touch(key, prefix, rows: state.bgpTableRows(prefix))
            let (rows, best) = CloudModel.bgpRows(prefix, rib: state.rib)
            if rows.isEmpty { state.bgp.removeValue(forKey: prefix) } else { state.bgp[prefix] = rows }
            let previous = if let best { state.best.updateValue(best, forKey: prefix) } else { state.best.removeValue(forKey: prefix) }
            // What the connection offers changes only with the best path: a published destination
            // route offers the same Static route before and after (`ConnectionState.offered`).
            if previous != best && (state.published.isEmpty || !state.published.contains(prefix)) {
                offerChanges.append((prefix, best))
            }
        }
        engine.connections[id] = state
        guard let attachmentID = connections[id]?.attachmentID, let attachment = attachments[attachmentID] else { return }
        for (prefix, route) in offerChanges {
            updateCandidate(of: attachment, prefix: prefix, route: route, tables: attachment.propagatesTo,
                            context: context, log: &log)
        }
    }

    /// Replaces an attachment's candidate for one prefix in `tables`, reselects, and refreshes the
    /// `CLOUD` rows that read those tables.
    mutating func updateCandidate(
        of attachment: TransitRouterAttachment, prefix: IPv4Prefix, route: OfferedRoute?, tables: Set<String>,
        context: PropagationContext, log: inout ChangeLog
    ) {
        for tableID in tables.sorted() where engine.transitRouter[tableID] != nil {
            log.touch(.transitRouter(tableID), prefix, in: engine)
            let old = engine.transitRouter[tableID]?[prefix] ?? []
            var entries = old
            entries.removeAll { $0.type == .propagated && $0.nextHopAttachment == attachment.id }
            if let route {
                entries.append(CloudModel.propagatedEntry(route, from: attachment, table: tableID,
                                                          ingress: context.ingress[tableID] ?? []))
            }
            entries = selected(entries)
            guard entries != old else { continue }
            engine.transitRouter[tableID]?[prefix] = entries.isEmpty ? nil : entries
            for (id, scope) in context.readers[tableID] ?? [] {
                log.touch(.bgp(id), prefix, in: engine)
                log.cloudTouched[id, default: []].insert(prefix)
                engine.connections[id]?.cloud[prefix] = CloudModel.cloudRow(entries, scope: scope)
            }
        }
    }

    /// Recomputes every `CLOUD` row of a connection (its tunnels, Advertise Routes or association changed).
    mutating func refreshCloudRows(_ id: String, context: PropagationContext, log: inout ChangeLog) {
        guard let old = engine.connections[id]?.cloud else { return }
        var cloud: [IPv4Prefix: ConnectionRouteEntry] = [:]
        if let scope = connections[id].flatMap(advertiseScope), let entries = engine.transitRouter[scope.tableID] {
            for (prefix, candidates) in entries {
                if let row = CloudModel.cloudRow(candidates, scope: scope) { cloud[prefix] = row }
            }
        }
        for prefix in old.keys where cloud[prefix] != old[prefix] { log.touch(.bgp(id), prefix, in: engine) }
        for prefix in cloud.keys where old[prefix] == nil { log.touch(.bgp(id), prefix, in: engine) }
        engine.connections[id]?.cloud = cloud
    }

    /// Puts the connection's current tunnels on its `CLOUD` rows (only the tunnels changed: the rows
    /// themselves still hold).
    mutating func retunnelCloudRows(_ id: String, log: inout ChangeLog) {
        guard let connection = connections[id], var state = engine.connections.removeValue(forKey: id) else { return }
        let upTunnels = connection.upTunnels
        let reason = upTunnels.isEmpty ? "no usable tunnel" : nil
        for prefix in Array(state.cloud.keys) {
            log.touch(.bgp(id), prefix, rows: state.bgpTableRows(prefix))
            state.cloud[prefix]?.tunnels = upTunnels
            state.cloud[prefix]?.reason = reason
        }
        engine.connections[id] = state
    }

    /// Recomputes a connection's destination-based table (its tunnels changed) and republishes.
    mutating func refreshDestination(_ id: String, context: PropagationContext, log: inout ChangeLog) {
        guard let connection = connections[id], let old = engine.connections[id] else { return }
        let rows = CloudModel.destinationRows(connection)
        for prefix in Set(old.destination.map(\.prefix)).union(rows.map(\.prefix)) {
            log.touch(.destination(id), prefix, in: engine)
        }
        engine.connections[id]?.destination = rows
    }
}
