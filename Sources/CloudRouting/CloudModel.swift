import BGPRouting
import BGPWire
import NetworkPrimitives

/// The routing of one transit router, its attachments and the dual-tunnel IPsec connections attached
/// to it: the engine behind `simulate`, `diff`, `explain` and the live speaker.
///
/// Every operation changes the inputs, recomputes the affected tables and returns what changed in
/// them (``TableChange``), so the result is deterministic for a given sequence of operations.
///
/// How routes flow (reference §4, §10):
/// 1. Each tunnel's BGP paths from the data center go through the routing core (`BGPRouting.RIB`,
///    both tunnels as two peers): the connection's BGP table shows the best path and, when the two
///    tunnels' paths tie, both tunnels (ECMP). Active/standby mode makes tunnel 2's interior cost
///    higher, so tunnel 1 wins while it is up (RFC 4271 §9.1.2.2 e).
/// 2. Propagation puts the connection's destination routes and its BGP routes into the tables the
///    attachment propagates to, next hop the attachment; ingress route maps apply.
/// 3. Each TR table selects among candidates per §10 item 2.
/// 4. Advertise Routes copies the Active routes of the attachment's associated table, after egress
///    route maps (including the system Reject 5000) and split horizon, into the connection's BGP
///    table as `CLOUD` rows (§10 item 8).
public struct CloudModel: Sendable {
    public var transitRouterID: String
    public var region: String
    public private(set) var routeTables: [String: TransitRouterRouteTable]
    public private(set) var attachments: [String: TransitRouterAttachment]
    public private(set) var connections: [String: VPNConnectionRouting]
    public private(set) var routeMaps: [CenRouteMap]
    /// Every table, by prefix, as last computed.
    var engine = EngineState()
    /// The tables as last computed, as sorted lists.
    public var tables: CloudTables { engine.materialized }
    /// The connections and prefixes whose `CLOUD` rows the last ``learn(connection:tunnel:announced:withdrawn:reportChanges:)``
    /// may have changed: what the speaker re-advertises.
    public internal(set) var lastCloudChanges: [String: Set<IPv4Prefix>] = [:]
    /// The propagation context of the current inputs, kept between ``learn(connection:tunnel:announced:withdrawn:reportChanges:)``
    /// calls; every other operation drops it.
    var context: PropagationContext?
    /// Set while ``batch(_:)`` runs: operations change inputs only, and one recompute follows.
    private var deferRecompute = false

    /// The ID of the default route table.
    public var defaultTableID: String { routeTables.values.first(where: \.isDefault)?.id ?? "vtb-default" }

    /// A TR with its default route table.
    public init(transitRouterID: String, region: String, defaultTableID: String = "vtb-default") {
        self.transitRouterID = transitRouterID
        self.region = region
        self.routeTables = [defaultTableID: TransitRouterRouteTable(id: defaultTableID, isDefault: true)]
        self.attachments = [:]
        self.connections = [:]
        self.routeMaps = []
        self.engine = EngineState(connections: [:], transitRouter: [defaultTableID: [:]])
    }

    // MARK: Operations

    /// Adds or replaces a route table.
    @discardableResult
    public mutating func setRouteTable(_ table: TransitRouterRouteTable) -> [TableChange] {
        routeTables[table.id] = table
        return recompute()
    }

    /// Adds or replaces an attachment (VPC, VBR, peer TR, or the VPN attachment of a connection).
    @discardableResult
    public mutating func setAttachment(_ attachment: TransitRouterAttachment) -> [TableChange] {
        attachments[attachment.id] = attachment
        return recompute()
    }

    /// Removes an attachment (detach).
    @discardableResult
    public mutating func removeAttachment(_ id: String) -> [TableChange] {
        attachments[id] = nil
        return recompute()
    }

    /// Adds or replaces a connection's routing inputs.
    @discardableResult
    public mutating func setConnection(_ connection: VPNConnectionRouting) -> [TableChange] {
        connections[connection.connectionID] = connection
        return recompute()
    }

    /// Adds, replaces (same priority and direction) or removes route maps.
    @discardableResult
    public mutating func setRouteMaps(_ maps: [CenRouteMap]) -> [TableChange] {
        routeMaps = maps.filter { !$0.isSystem }
        return recompute()
    }

    /// Brings a tunnel up or down (DPD timeout, negotiation failure, administrative): its BGP paths
    /// leave or rejoin the connection's RIB, and every next-hop list changes at once (reference §2).
    ///
    /// Incremental: only the prefixes the tunnel carries are re-decided, and only those whose
    /// offered route changed reach the TR tables.
    @discardableResult
    public mutating func setTunnel(connection id: String, tunnel index: Int, up: Bool, reason: String? = nil) -> [TableChange] {
        guard var connection = connections[id], let slot = connection.tunnels.firstIndex(where: { $0.index == index }) else {
            return []
        }
        let wasUp = connection.tunnels[slot].isUp
        connection.tunnels[slot].isUp = up
        connection.tunnels[slot].downReason = up ? nil : (reason ?? "down")
        connections[id] = connection
        guard !deferRecompute, engine.connections[id] != nil else { return recompute() }
        guard wasUp != up else { return [] }
        var log = ChangeLog()
        self.context = nil
        let context = propagationContext()
        let announced = connection.routesByTunnel[index] ?? [:]
        var touched = Set(announced.keys)
        if connection.learnedRouteQuota != nil {
            touched.formUnion(rebuildRIB(id))
        } else if connection.bgpEnabled {
            let peer = CloudModel.peerID(ofTunnel: index)
            if up {
                for prefix in announced.keys.sorted() {
                    engine.connections[id]?.rib.announce(prefix, attributes: announced[prefix]!, from: peer)
                }
            } else {
                for change in engine.connections[id]?.rib.removePaths(of: peer) ?? [] { touched.insert(change.prefix) }
            }
        }
        refreshConnection(id, prefixes: touched.sorted(), context: context, log: &log)
        refreshDestination(id, context: context, log: &log)
        retunnelCloudRows(id, log: &log)
        return log.changes(in: engine)
    }

    /// Replaces what the data center announces over one tunnel.
    ///
    /// Incremental: only prefixes added, removed or changed are re-decided.
    @discardableResult
    public mutating func setAnnouncements(connection id: String, tunnel index: Int, _ routes: [DataCenterRoute]) -> [TableChange] {
        guard let old = connections[id]?.routesByTunnel[index] ?? (connections[id] != nil ? [:] : nil) else { return [] }
        var new: [IPv4Prefix: PathAttributes] = [:]
        for route in routes { new[route.prefix] = route.attributes }
        var announced: [DataCenterRoute] = []
        for (prefix, attributes) in new where old[prefix] != attributes {
            announced.append(DataCenterRoute(prefix: prefix, attributes: attributes))
        }
        let withdrawn = old.keys.filter { new[$0] == nil }
        return learn(connection: id, tunnel: index, announced: announced, withdrawn: withdrawn)
    }

    /// Routes the data center announced and withdrew over one tunnel (one UPDATE, as the live speaker
    /// receives them): the tunnel's paths in the connection's RIB change in arrival order, and only
    /// those prefixes are re-decided.
    ///
    /// With `reportChanges` false the rows are not compared and nothing is returned: the speaker
    /// asks ``cloudRow(connection:prefix:)`` for the prefixes in ``lastCloudChanges``.
    @discardableResult
    public mutating func learn(
        connection id: String, tunnel index: Int, announced: [DataCenterRoute], withdrawn: [IPv4Prefix],
        reportChanges: Bool = true
    ) -> [TableChange] {
        guard connections[id] != nil else { return [] }
        // The tunnel's routes are taken out, updated and put back: one dictionary access per UPDATE
        // rather than per route, and no other reference to a full table that would force a copy.
        if let routes = connections[id]!.routesByTunnel.removeValue(forKey: index) ?? (announced.isEmpty ? nil : [:]) {
            var routes = routes
            for prefix in withdrawn { routes[prefix] = nil }
            for route in announced { routes[route.prefix] = route.attributes }
            connections[id]!.routesByTunnel[index] = routes
        }
        guard let connection = connections[id] else { return [] }
        guard !deferRecompute, engine.connections[id] != nil else { return recompute() }
        var log = ChangeLog(reporting: reportChanges)
        let context = cachedContext()
        var touched: [IPv4Prefix] = []
        let tunnelUp = connection.tunnels.contains { $0.index == index && $0.isUp }
        if connection.learnedRouteQuota != nil {
            // The quota admits routes in a fixed order (tunnel, then prefix), so that a live session and
            // a recomputation agree on which routes are over it: replay rather than patch.
            touched = Array(rebuildRIB(id))
        } else if connection.bgpEnabled && tunnelUp, var state = engine.connections.removeValue(forKey: id) {
            // The connection's state is taken out for the whole UPDATE (one access, not one per route).
            let peer = CloudModel.peerID(ofTunnel: index)
            touched.reserveCapacity(withdrawn.count + announced.count)
            for prefix in withdrawn {
                _ = state.rib.withdraw(prefix, from: peer)
                touched.append(prefix)
            }
            // Consecutive routes with equal attributes (all of one UPDATE's) go in as one batch: the
            // attributes are interned and checked once (`RIB.announce(_:attributes:from:)` on a list).
            var start = announced.startIndex
            while start < announced.endIndex {
                let attributes = announced[start].attributes
                var end = start + 1
                while end < announced.endIndex && announced[end].attributes == attributes { end += 1 }
                if end - start == 1 {
                    state.rib.announce(announced[start].prefix, attributes: attributes, from: peer)
                } else {
                    _ = state.rib.announce(announced[start ..< end].map(\.prefix), attributes: attributes, from: peer)
                }
                for route in announced[start ..< end] { touched.append(route.prefix) }
                start = end
            }
            engine.connections[id] = state
        }
        refreshConnection(id, prefixes: touched, context: context, log: &log)
        lastCloudChanges = log.cloudTouched
        return log.changes(in: engine)
    }

    /// Flips one of the three advanced settings of a connection's VPN attachment (reference §4: each
    /// can be changed after creation; turning Advertise Routes off revokes the CLOUD routes, changing
    /// association or propagation withdraws and re-syncs).
    ///
    /// Incremental: Advertise Routes and association re-read only this connection's `CLOUD` rows;
    /// propagation adds or withdraws only this attachment's candidates in the default table.
    @discardableResult
    public mutating func set(_ setting: AdvancedSetting, _ on: Bool, connection id: String) -> [TableChange] {
        guard let attachmentID = connections[id]?.attachmentID, var attachment = attachments[attachmentID] else { return [] }
        let defaultTable = defaultTableID
        switch setting {
        case .advertiseRoutes:
            attachment.autoPublishRoutes = on
        case .associateDefaultTable:
            attachment.associatedTable = on ? defaultTable : (attachment.associatedTable == defaultTable ? nil : attachment.associatedTable)
        case .propagateDefaultTable:
            if on { attachment.propagatesTo.insert(defaultTable) } else { attachment.propagatesTo.remove(defaultTable) }
        }
        let previous = attachments[attachmentID]
        attachments[attachmentID] = attachment
        guard !deferRecompute, engine.connections[id] != nil else { return recompute() }
        guard previous != attachment else { return [] }
        var log = ChangeLog()
        self.context = nil
        let context = propagationContext()
        switch setting {
        case .advertiseRoutes, .associateDefaultTable:
            refreshCloudRows(id, context: context, log: &log)
        case .propagateDefaultTable:
            let routes = offeredRoutes(of: attachment, in: engine).sorted { $0.prefix < $1.prefix }
            for route in routes {
                updateCandidate(of: attachment, prefix: route.prefix, route: on ? route : nil, tables: [defaultTable],
                                context: context, log: &log)
            }
        }
        return log.changes(in: engine)
    }

    /// The `CLOUD` row of a connection's BGP table for one prefix: what Advertise Routes sends to
    /// the data center (reference §10 item 8).
    public func cloudRow(connection id: String, prefix: IPv4Prefix) -> ConnectionRouteEntry? {
        engine.connections[id]?.cloud[prefix]
    }

    /// Every `CLOUD` row of a connection, in prefix order.
    public func cloudRows(connection id: String) -> [ConnectionRouteEntry] {
        guard let cloud = engine.connections[id]?.cloud else { return [] }
        return cloud.keys.sorted().map { cloud[$0]! }
    }

    /// The number of prefixes a TR route table holds rows for (nil for an unknown table). Constant
    /// time: what `show counts` reports while a full table arrives.
    public func prefixCount(transitRouterTable id: String) -> Int? {
        engine.transitRouter[id]?.count
    }

    /// The number of prefixes with `VPN_BGP` rows in a connection's BGP table (nil for an unknown
    /// connection). Constant time.
    public func bgpPrefixCount(connection id: String) -> Int? {
        engine.connections[id]?.bgp.count
    }

    /// The current value of a setting.
    public func setting(_ setting: AdvancedSetting, connection id: String) -> Bool? {
        guard let attachmentID = connections[id]?.attachmentID, let attachment = attachments[attachmentID] else { return nil }
        switch setting {
        case .advertiseRoutes: return attachment.autoPublishRoutes
        case .associateDefaultTable: return attachment.associatedTable == defaultTableID
        case .propagateDefaultTable: return attachment.propagatesTo.contains(defaultTableID)
        }
    }

    // MARK: Computation

    /// Runs several operations and recomputes the tables once at the end (loading a topology,
    /// applying a set of edits); returns the combined changes, or nothing when `reportChanges` is
    /// false (a load into an empty model, where every row is new).
    @discardableResult
    public mutating func batch(reportChanges: Bool = true, _ body: (inout CloudModel) -> Void) -> [TableChange] {
        let wasDeferred = deferRecompute
        deferRecompute = true
        body(&self)
        deferRecompute = wasDeferred
        guard !reportChanges else { return recompute() }
        if !deferRecompute {
            context = nil
            engine = build()
        }
        return []
    }

    /// Recomputes every table from the inputs and returns the differences from the previous state
    /// (structural edits: tables, attachments, connections, route maps).
    @discardableResult
    public mutating func recompute() -> [TableChange] {
        context = nil
        guard !deferRecompute else { return [] }
        let next = build()
        let changes = EngineState.differences(from: engine, to: next)
        engine = next
        return changes
    }

    /// Rebuilds a connection's RIB from its inputs (a quota keeps the first routes in a fixed
    /// arrival order, so it is replayed rather than patched); returns every prefix it held or holds.
    mutating func rebuildRIB(_ id: String) -> Set<IPv4Prefix> {
        guard let connection = connections[id], engine.connections[id] != nil else { return [] }
        var touched = Set(engine.connections[id]?.rib.allPrefixes ?? [])
        let rib = CloudModel.connectionRIB(connection)
        touched.formUnion(rib.allPrefixes)
        engine.connections[id]?.rib = rib
        return touched
    }

    /// The route maps in force: the user's plus the system Reject 5000 when a VPN attachment exists.
    public var effectiveRouteMaps: [CenRouteMap] {
        var maps = routeMaps
        if attachments.values.contains(where: { $0.kind == .vpn }) { maps.append(.systemReject) }
        return maps.sorted { $0.priority < $1.priority }
    }
}
