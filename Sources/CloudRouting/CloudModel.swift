import ConnectionParameters
import BGPRouting
import BGPWire
import NetworkPrimitives

/// The routing of one transit router, its attachments and the dual-tunnel IPsec connections attached
/// to it: the engine behind `simulate`, `diff`, `explain` and the live speaker.
///
/// State is held the way BIRD and FRR hold routes: one record per destination in each table
/// (``ConnectionTable`` for a connection's BGP table, ``TransitRouterTable`` for each TR route
/// table), one ``AttributeStore`` shared by the whole model, and typed verdicts. Every operation
/// re-decides only the destinations it touched and returns a ``RoutingDelta``; the console's rows
/// (``CloudTables``, ``TableChange``) are views built from the records on demand.
///
/// How routes flow (reference §4, §10):
/// ```
///  data center ──UPDATE──▶ ConnectionTable (tunnel 1 and 2 paths inline, quota ledger, decision)
///                               │ offer: best path, or a published destination route (Static)
///                               ▼
///  VPC/VBR/TR attachments ──▶ TransitRouterTable (candidates, ingress route maps, TR selection)
///                               │ Active routes of the associated table, egress maps, split horizon
///                               ▼
///                        CLOUD rows (Advertise Routes) ──▶ Adj-RIB-Out ──▶ data center
/// ```
public struct CloudModel: Sendable {
    public var transitRouterID: String
    public var region: String
    public private(set) var routeTables: [String: TransitRouterRouteTable]
    public internal(set) var attachments: [String: TransitRouterAttachment]
    /// Each connection's settings. Its routes live in its BGP table, not here (`announcements` is
    /// empty): see ``receivedRoutes(connection:tunnel:)``.
    public internal(set) var connections: [String: VPNConnectionRouting]
    public private(set) var routeMaps: [CenRouteMap]

    /// Every attribute set any route of the model uses.
    var store = AttributeStore()
    /// One BGP table per connection.
    var connectionTables: [String: ConnectionTable] = [:]
    /// One table per TR route table.
    var transitRouterTables: [String: TransitRouterTable] = [:]
    /// Attachments by dense index (candidates refer to them by number).
    var directory = AttachmentDirectory()
    /// Derived from the inputs; rebuilt by every structural edit.
    var context = PropagationContext()
    /// Set while ``batch(reportChanges:_:)`` runs: operations change inputs and connection tables,
    /// and the TR tables are built once at the end.
    var deferPropagation = false
    /// The interned empty attribute set (static and blackhole entries).
    let emptyAttributes: AttributeSetID

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
        var store = AttributeStore()
        emptyAttributes = store.intern(PathAttributes())
        self.store = store
        transitRouterTables = [defaultTableID: TransitRouterTable(id: defaultTableID)]
    }

    // MARK: Structural edits

    /// Adds or replaces a route table.
    @discardableResult
    public mutating func setRouteTable(_ table: TransitRouterRouteTable) -> RoutingDelta {
        routeTables[table.id] = table
        return rebuild()
    }

    /// Adds or replaces an attachment (VPC, VBR, peer TR, or the VPN attachment of a connection).
    @discardableResult
    public mutating func setAttachment(_ attachment: TransitRouterAttachment) -> RoutingDelta {
        attachments[attachment.id] = attachment
        return rebuild()
    }

    /// Removes an attachment (detach).
    @discardableResult
    public mutating func removeAttachment(_ id: String) -> RoutingDelta {
        attachments[id] = nil
        return rebuild()
    }

    /// Adds or replaces a connection: its settings, and its BGP table loaded with what the data
    /// center announces over each tunnel (`announcements`).
    @discardableResult
    public mutating func setConnection(_ connection: VPNConnectionRouting) -> RoutingDelta {
        let id = connection.connectionID
        if let old = connectionTables.removeValue(forKey: id) { releasePaths(of: old) }
        var settings = connection
        settings.announcements = [:]
        connections[id] = settings
        var table = ConnectionTable(connection)
        for index in [1, 2] {
            guard let routes = connection.announcements[index], !routes.isEmpty else { continue }
            for old in load(&table, tunnel: index, updates: [ReceivedUpdate(withdrawn: [], announced: routes)]).released {
                store.release(old)
            }
        }
        var touched: [Int32] = []
        for slot in table.records.indices where !table.records[slot].isEmpty { touched.append(Int32(slot)) }
        var flipped: [Int32] = []
        for slot in touched { table.updateQuota(slot, flipped: &flipped) }
        for slot in touched { _ = table.decide(slot, store: store) }
        connectionTables[id] = table
        return rebuild()
    }

    /// Adds, replaces (same priority and direction) or removes route maps.
    @discardableResult
    public mutating func setRouteMaps(_ maps: [CenRouteMap]) -> RoutingDelta {
        routeMaps = maps.filter { !$0.isSystem }
        return rebuild()
    }

    /// The route maps in force: the user's plus the system Reject 5000 when a VPN attachment exists.
    public var effectiveRouteMaps: [CenRouteMap] {
        var maps = routeMaps
        if attachments.values.contains(where: { $0.kind == .vpn }) { maps.append(.systemReject) }
        return maps.sorted { $0.priority < $1.priority }
    }

    /// Runs several operations and builds the TR tables once at the end (loading a topology, applying
    /// a set of edits). The delta is structural when `reportChanges` is set, empty otherwise.
    @discardableResult
    public mutating func batch(reportChanges: Bool = true, _ body: (inout CloudModel) -> Void) -> RoutingDelta {
        let wasDeferred = deferPropagation
        deferPropagation = true
        body(&self)
        deferPropagation = wasDeferred
        let delta = rebuild()
        return reportChanges ? delta : RoutingDelta()
    }

    /// Rebuilds every TR table from the connections' offers, the attachments and the static routes
    /// (after a structural edit); returns a structural delta.
    @discardableResult
    public mutating func recompute() -> RoutingDelta {
        rebuild()
    }

    // MARK: Queries

    /// The number of prefixes a TR route table holds (nil for an unknown table). Constant time:
    /// what `show counts` reports while a full table arrives.
    public func prefixCount(transitRouterTable id: String) -> Int? {
        transitRouterTables[id]?.count
    }

    /// The number of prefixes with `VPN_BGP` rows in a connection's BGP table (nil for an unknown
    /// connection).
    public func bgpPrefixCount(connection id: String) -> Int? {
        guard let table = connectionTables[id] else { return nil }
        guard table.bgpEnabled && (table.tunnelUp.0 || table.tunnelUp.1) else { return 0 }
        if table.tunnelUp.0 && table.tunnelUp.1 { return table.count }
        return table.pathCount(table.tunnelUp.0 ? 1 : 2)
    }

    /// The number of routes the data center announces over a tunnel (received, whatever their fate).
    public func receivedCount(connection id: String, tunnel: Int) -> Int {
        connectionTables[id]?.pathCount(tunnel) ?? 0
    }

    /// What the data center announces over a tunnel, in prefix order (NEXT_HOP left out: the
    /// tunnel is the next hop).
    public func receivedRoutes(connection id: String, tunnel: Int) -> [DataCenterRoute] {
        guard let table = connectionTables[id] else { return [] }
        return table.records.compactMap { record -> DataCenterRoute? in
            let path = record.path(tunnel)
            guard path != ConnectionDestination.noPath else { return nil }
            return DataCenterRoute(prefix: record.prefix, attributes: store[AttributeSetID(raw: path)])
        }.sorted { $0.prefix < $1.prefix }
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
}

extension CloudModel {
    /// The same model built again from its inputs alone: the settings, attachments, tables, route maps
    /// and every route each tunnel carries, loaded in one batch. The incremental engine must always
    /// equal it (the randomized tests check this after every operation).
    public func rebuiltFromInputs() -> CloudModel {
        var fresh = CloudModel(transitRouterID: transitRouterID, region: region, defaultTableID: defaultTableID)
        fresh.batch(reportChanges: false) { fresh in
            for table in routeTables.values.sorted(by: { $0.id < $1.id }) { fresh.setRouteTable(table) }
            for attachment in attachments.values.sorted(by: { $0.id < $1.id }) { fresh.setAttachment(attachment) }
            for id in connections.keys.sorted() {
                var connection = connections[id]!
                connection.announcements = [1: receivedRoutes(connection: id, tunnel: 1), 2: receivedRoutes(connection: id, tunnel: 2)]
                fresh.setConnection(connection)
            }
            fresh.setRouteMaps(routeMaps)
        }
        return fresh
    }
}
