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
    /// The tables as last computed.
    public private(set) var tables: CloudTables
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
        self.tables = CloudTables(connections: [:], transitRouter: [defaultTableID: []])
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

    /// Brings a tunnel up or down (DPD timeout, negotiation failure, administrative).
    @discardableResult
    public mutating func setTunnel(connection id: String, tunnel index: Int, up: Bool, reason: String? = nil) -> [TableChange] {
        guard var connection = connections[id], let slot = connection.tunnels.firstIndex(where: { $0.index == index }) else {
            return []
        }
        connection.tunnels[slot].isUp = up
        connection.tunnels[slot].downReason = up ? nil : (reason ?? "down")
        connections[id] = connection
        return recompute()
    }

    /// Replaces what the data center announces over one tunnel.
    @discardableResult
    public mutating func setAnnouncements(connection id: String, tunnel index: Int, _ routes: [DataCenterRoute]) -> [TableChange] {
        guard connections[id] != nil else { return [] }
        connections[id]?.announcements[index] = routes
        return recompute()
    }

    /// Flips one of the three advanced settings of a connection's VPN attachment (reference §4: each
    /// can be changed after creation; turning Advertise Routes off revokes the CLOUD routes, changing
    /// association or propagation withdraws and re-syncs).
    @discardableResult
    public mutating func set(_ setting: AdvancedSetting, _ on: Bool, connection id: String) -> [TableChange] {
        guard let attachmentID = connections[id]?.attachmentID, var attachment = attachments[attachmentID] else { return [] }
        switch setting {
        case .advertiseRoutes:
            attachment.autoPublishRoutes = on
        case .associateDefaultTable:
            attachment.associatedTable = on ? defaultTableID : (attachment.associatedTable == defaultTableID ? nil : attachment.associatedTable)
        case .propagateDefaultTable:
            if on { attachment.propagatesTo.insert(defaultTableID) } else { attachment.propagatesTo.remove(defaultTableID) }
        }
        attachments[attachmentID] = attachment
        return recompute()
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
    /// applying a set of edits); returns the combined changes.
    @discardableResult
    public mutating func batch(_ body: (inout CloudModel) -> Void) -> [TableChange] {
        let wasDeferred = deferRecompute
        deferRecompute = true
        body(&self)
        deferRecompute = wasDeferred
        return recompute()
    }

    /// Recomputes every table and returns the differences from the previous state.
    @discardableResult
    public mutating func recompute() -> [TableChange] {
        guard !deferRecompute else { return [] }
        let next = CloudModel.compute(self)
        let changes = TableChange.differences(from: tables, to: next)
        tables = next
        return changes
    }

    /// The route maps in force: the user's plus the system Reject 5000 when a VPN attachment exists.
    public var effectiveRouteMaps: [CenRouteMap] {
        var maps = routeMaps
        if attachments.values.contains(where: { $0.kind == .vpn }) { maps.append(.systemReject) }
        return maps.sorted { $0.priority < $1.priority }
    }
}
