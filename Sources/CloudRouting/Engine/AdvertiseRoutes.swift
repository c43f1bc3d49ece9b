import ConnectionParameters
import BGPRouting
import BGPWire
import NetworkPrimitives

/// What decides the `CLOUD` rows of one connection (Advertise Routes, reference §4, §10 item 8): its
/// attachment, the table it reads and the egress route maps that can apply to that attachment.
/// A class: it is read for every exported route, and a reference costs one retain where a copy of
/// the attachment, its strings and sets would cost dozens.
final class AdvertiseScope: Sendable {
    let attachment: TransitRouterAttachment
    /// The attachment's index in the directory: split horizon compares it with a candidate's source.
    let ref: UInt32?
    let tableID: String
    let egress: [EgressRule]

    init(attachment: TransitRouterAttachment, ref: UInt32?, tableID: String, egress: [EgressRule]) {
        self.attachment = attachment
        self.ref = ref
        self.tableID = tableID
        self.egress = egress
    }
}

/// An egress route map scoped to one destination, with its source-kind condition as a bit set (it is
/// tested once per exported route).
struct EgressRule: Sendable {
    var map: CenRouteMap
    var sourceKinds: UInt8?

    init(_ map: CenRouteMap) {
        self.map = map
        self.sourceKinds = map.sourceKinds.map { kinds in kinds.reduce(0) { $0 | $1.bit } }
    }
}

/// One route the TR exports from a table to a connection: the Active candidate that leads the
/// destination (lowest next-hop ID), after the egress map that matched it.
struct ExportedRoute {
    var prefix: IPv4Prefix
    var attributes: PathAttributes
}

extension CloudModel {
    /// Flips one of the three advanced settings of a connection's VPN attachment (reference §4: each
    /// can be changed after creation; turning Advertise Routes off revokes the CLOUD routes, changing
    /// association or propagation withdraws and re-syncs).
    ///
    /// Advertise Routes and association change only this connection's `CLOUD` view; propagation adds
    /// or withdraws this attachment's candidates in the default table.
    @discardableResult
    public mutating func set(_ setting: AdvancedSetting, _ on: Bool, connection id: String) -> RoutingDelta {
        guard let attachmentID = connections[id]?.attachmentID, var attachment = attachments[attachmentID] else { return RoutingDelta() }
        let defaultTable = defaultTableID
        switch setting {
        case .advertiseRoutes:
            attachment.autoPublishRoutes = on
        case .associateDefaultTable:
            attachment.associatedTable = on ? defaultTable : (attachment.associatedTable == defaultTable ? nil : attachment.associatedTable)
        case .propagateDefaultTable:
            if on { attachment.propagatesTo.insert(defaultTable) } else { attachment.propagatesTo.remove(defaultTable) }
        }
        guard attachments[attachmentID] != attachment else { return RoutingDelta() }
        attachments[attachmentID] = attachment
        context = propagationContext()
        var delta = RoutingDelta()
        switch setting {
        case .advertiseRoutes, .associateDefaultTable:
            delta.cloud.insert(id)
        case .propagateDefaultTable:
            guard var table = transitRouterTables.removeValue(forKey: defaultTable), let ref = directory.refs[attachmentID] else { break }
            let ingress = context.ingress[defaultTable] ?? []
            var changed: [IPv4Prefix] = []
            for (prefix, offer) in offers(of: attachment).sorted(by: { $0.0 < $1.0 }) {
                var candidate: Candidate?
                if on {
                    candidate = makeCandidate(offer, prefix: prefix, ref: ref, attachment: attachment, table: defaultTable, ingress: ingress)
                } else {
                    store.release(offer.attributes)
                }
                if replaceCandidate(in: &table, prefix: prefix, ref: ref, with: candidate).changed { changed.append(prefix) }
            }
            transitRouterTables[defaultTable] = table
            delta.add(transitRouter: defaultTable, changed)
            for reader in context.readers[defaultTable] ?? [] { delta.add(exports: reader, changed) }
        }
        return delta
    }

    /// The scope of Advertise Routes for a connection, or `nil` when nothing is advertised (BGP off,
    /// Advertise Routes off, not attached, or not associated with a table).
    func advertiseScope(_ connection: VPNConnectionRouting) -> AdvertiseScope? {
        guard connection.bgpEnabled, let attachment = connection.attachmentID.flatMap({ attachments[$0] }), attachment.autoPublishRoutes,
              let tableID = attachment.associatedTable, routeTables[tableID] != nil
        else { return nil }
        let egress = effectiveRouteMaps.filter { map in
            guard map.direction == .egress, map.tables.isEmpty || map.tables.contains(tableID) else { return false }
            if let kinds = map.destinationKinds, !kinds.contains(attachment.kind) { return false }
            if let ids = map.destinationAttachments, !ids.contains(attachment.id) { return false }
            return true
        }
        return AdvertiseScope(attachment: attachment, ref: directory.refs[attachment.id], tableID: tableID,
                              egress: egress.map(EgressRule.init))
    }

    /// What the TR exports to a connection for one destination of its associated table, or `nil`:
    /// only Active routes, never back to the attachment that is their next hop (split horizon), after
    /// the egress route maps (a deny withholds it; a permit prepends and adds communities).
    func export(_ destination: TransitRouterDestination, table: String, scope: AdvertiseScope) -> ExportedRoute? {
        // Split horizon first (the common case for a connection's own routes): one integer compare.
        for candidate in destination.candidates where candidate.verdict == .active {
            if candidate.isStatic {
                if nextHop(of: candidate, table: table) == scope.attachment.id && nextHopKind(of: candidate, table: table) == scope.attachment.kind {
                    return nil
                }
            } else if candidate.source == scope.ref {
                return nil
            }
        }
        var lead: Candidate?
        var leadHop = ""
        for candidate in destination.candidates where candidate.verdict == .active {
            let hop = nextHop(of: candidate, table: table) ?? ""
            if lead == nil || hop < leadHop {
                lead = candidate
                leadHop = hop
            }
        }
        guard let lead else { return nil }
        var attributes = store[lead.attributes]
        let kindBit = nextHopKind(of: lead, table: table)?.bit ?? 0
        let rule = scope.egress.first { rule in
            if let kinds = rule.sourceKinds, kinds & kindBit == 0 { return false }
            if let ids = rule.map.sourceAttachments, !(leadHop.isEmpty ? false : ids.contains(leadHop)) { return false }
            return rule.map.matchesRoute(prefix: destination.prefix, asPath: attributes.asPath ?? .empty, communities: attributes.communities)
        }
        if let rule, !rule.map.permit { return nil }
        if let map = rule?.map {
            var path = attributes.asPath ?? .empty
            for asn in map.prepend.reversed() { path = path.prepending(asn) }
            attributes.asPath = path
            if !map.addCommunities.isEmpty { attributes.communities = Array(Set(attributes.communities).union(map.addCommunities)).sorted() }
        }
        return ExportedRoute(prefix: destination.prefix, attributes: attributes)
    }

    /// The kind of attachment a candidate forwards to (`nil`: blackhole, or an unknown attachment).
    func nextHopKind(of candidate: Candidate, table: String) -> AttachmentKind? {
        if !candidate.isStatic { return directory.kinds[Int(candidate.source)] }
        return nextHop(of: candidate, table: table).flatMap { attachments[$0]?.kind }
    }

    /// The route the TR advertises to a connection's data center for one prefix (Advertise Routes,
    /// reference §10 item 8), with every attribute it carries, or `nil`.
    public func cloudRoute(connection id: String, prefix: IPv4Prefix) -> PathAttributes? {
        guard let scope = context.scopes[id], let destination = transitRouterTables[scope.tableID]?.destination(prefix) else { return nil }
        return export(destination, table: scope.tableID, scope: scope)?.attributes
    }

    /// Every route the TR advertises to a connection, in prefix order.
    public func cloudRoutes(connection id: String) -> [(prefix: IPv4Prefix, attributes: PathAttributes)] {
        guard let scope = context.scopes[id], let table = transitRouterTables[scope.tableID] else { return [] }
        return table.destinations.compactMap { destination in
            export(destination, table: scope.tableID, scope: scope).map { ($0.prefix, $0.attributes) }
        }.sorted { $0.prefix < $1.prefix }
    }

    /// The `CLOUD` row of a connection's BGP table for one prefix: what Advertise Routes sends to
    /// the data center (reference §10 item 8).
    public func cloudRow(connection id: String, prefix: IPv4Prefix) -> ConnectionRouteEntry? {
        cloudRoute(connection: id, prefix: prefix).map { cloudEntry(connection: id, prefix: prefix, attributes: $0) }
    }

    /// Every `CLOUD` row of a connection, in prefix order.
    public func cloudRows(connection id: String) -> [ConnectionRouteEntry] {
        cloudRoutes(connection: id).map { cloudEntry(connection: id, prefix: $0.prefix, attributes: $0.attributes) }
    }

    func cloudEntry(connection id: String, prefix: IPv4Prefix, attributes: PathAttributes) -> ConnectionRouteEntry {
        let upTunnels = connections[id]?.upTunnels ?? []
        return ConnectionRouteEntry(
            prefix: prefix, source: .cloud, tunnels: upTunnels, asPath: attributes.asPath ?? .empty,
            communities: attributes.communities, status: .active, reason: upTunnels.isEmpty ? .noUsableTunnel : nil)
    }
}

extension AttachmentKind {
    /// One bit per kind, for kind sets tested in hot loops.
    var bit: UInt8 {
        switch self {
        case .vpn: 1
        case .vpc: 2
        case .vbr: 4
        case .peerTransitRouter: 8
        case .ccn: 16
        }
    }
}

extension VPNConnectionRouting {
    /// The indexes of the tunnels that are up, ascending.
    var upTunnels: [Int] { tunnels.filter(\.isUp).map(\.index).sorted() }
}
