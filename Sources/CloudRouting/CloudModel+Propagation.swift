import BGPRouting
import BGPWire
import NetworkPrimitives

/// The pure pieces of propagation: each computes one table's rows for one prefix (or one connection's
/// small tables) from the model's inputs. The engine (`CloudModel+Engine.swift`) decides which pieces
/// an operation makes stale and calls only those.
extension CloudModel {
    /// 100.64.0.0/10: the carrier-grade NAT block the data center may not announce (reference §3, §10 item 5).
    static let sharedAddressSpace = IPPrefix.v4(IPv4Prefix(masking: IPv4Address(100, 64, 0, 0), length: 10)!)

    // MARK: Connection tables

    /// The peer ID of tunnel `index` in the connection's RIB.
    static func peerID(ofTunnel index: Int) -> PeerID { PeerID(rawValue: UInt32(index)) }

    /// The RIB of a connection: both tunnels as peers of the routing core (§10 item 3), loaded with
    /// what the data center announces over every tunnel that is up.
    static func connectionRIB(_ connection: VPNConnectionRouting) -> RIB<IPv4Prefix> {
        var rib = RIB<IPv4Prefix>(config: DecisionConfig(multipathThrough: .interiorCost, maximumPaths: 2))
        rib.setQuota(connection.learnedRouteQuota, group: connection.connectionID)
        for tunnel in connection.tunnels.sorted(by: { $0.index < $1.index }) {
            let info = PeerInfo(
                name: "tunnel \(tunnel.index)", address: .v4(tunnel.peerBGPAddress),
                asn: connection.customerASN ?? ASNumber(rawValue: 0), routerID: .any, isExternal: true,
                interiorCost: connection.activeStandby && tunnel.index != 1 ? 1 : 0)
            let checks = ImportChecks(
                localAS: connection.localASN, refuseDefaultRoute: true, reservedPrefixes: [sharedAddressSpace],
                checkNextHop: false)
            rib.setPeer(peerID(ofTunnel: tunnel.index), .init(info: info, checks: checks, quotaGroup: connection.connectionID))
        }
        guard connection.bgpEnabled else { return rib }
        // Deterministic arrival order: tunnel 1 then tunnel 2, each in prefix order (the quota keeps
        // the first routes it sees).
        for tunnel in connection.tunnels.sorted(by: { $0.index < $1.index }) where tunnel.isUp {
            let routes = connection.routesByTunnel[tunnel.index] ?? [:]
            for prefix in routes.keys.sorted() {
                rib.announce(prefix, attributes: routes[prefix]!, from: peerID(ofTunnel: tunnel.index))
            }
        }
        return rib
    }

    /// The destination-based table of a connection: user routes, then the routes protected data flows
    /// generate (reference §1a, §5), each on every tunnel that is up.
    static func destinationRows(_ connection: VPNConnectionRouting) -> [ConnectionRouteEntry] {
        let upTunnels = connection.upTunnels
        let noTunnel = upTunnels.isEmpty ? "no usable tunnel" : nil
        var rows: [ConnectionRouteEntry] = []
        for route in connection.destinationRoutes.sorted(by: { $0.prefix < $1.prefix }) {
            rows.append(ConnectionRouteEntry(
                prefix: route.prefix, source: .custom, tunnels: upTunnels,
                status: route.publish ? "published" : "unpublished", reason: noTunnel))
        }
        if connection.autoConfigRoute && !connection.protectedLocal.isEmpty {
            for remote in Set(connection.protectedRemote).sorted() {
                rows.append(ConnectionRouteEntry(
                    prefix: remote, source: .protectedFlow, tunnels: upTunnels, status: "published", reason: noTunnel))
            }
        }
        return rows
    }

    /// The `VPN_BGP` rows of one prefix, from the connection's RIB, and the best path the connection
    /// would propagate: Active (with every ECMP tunnel), then Standby and Rejected paths.
    static func bgpRows(_ prefix: IPv4Prefix, rib: RIB<IPv4Prefix>) -> (rows: [ConnectionRouteEntry], best: OfferedRoute?) {
        let views = rib.paths(for: prefix)
        guard !views.isEmpty else { return ([], nil) }
        var multipath: [Int] = []
        for view in views where view.isMultipath { multipath.append(Int(view.peer.rawValue)) }
        multipath = sharedTunnelList(multipath.sorted())
        var rows: [ConnectionRouteEntry] = []
        var best: OfferedRoute?
        for view in views {
            let path = view.attributes.asPath ?? .empty
            if view.isBest {
                rows.append(ConnectionRouteEntry(prefix: prefix, source: .vpnBGP, tunnels: multipath, asPath: path,
                                                 communities: view.attributes.communities, status: "Active"))
                best = OfferedRoute(prefix: prefix, originType: .bgp, asPath: path, communities: view.attributes.communities)
            } else if view.isMultipath {
                continue  // shown in the best path's tunnel list
            } else if let rejection = view.rejection {
                rows.append(ConnectionRouteEntry(prefix: prefix, source: .vpnBGP, tunnels: sharedTunnelList([Int(view.peer.rawValue)]),
                                                 asPath: path, communities: view.attributes.communities,
                                                 status: "Rejected", reason: rejection.rawValue))
            } else {
                rows.append(ConnectionRouteEntry(prefix: prefix, source: .vpnBGP, tunnels: sharedTunnelList([Int(view.peer.rawValue)]),
                                                 asPath: path, communities: view.attributes.communities,
                                                 status: "Standby", reason: view.lostAt?.name))
            }
        }
        return (rows, best)
    }

    /// The tunnel lists every row uses, allocated once: a million rows share three arrays.
    private static let tunnelLists: [[Int]] = [[], [1], [2], [1, 2]]

    /// `list` as one of the shared arrays when it is one of them.
    static func sharedTunnelList(_ list: [Int]) -> [Int] {
        tunnelLists.first { $0 == list } ?? list
    }

    // MARK: TR tables

    /// The first route map of `direction` that matches, or `nil`.
    static func firstMatch(
        _ maps: [CenRouteMap], direction: CenRouteMap.Direction, table: String, source: TransitRouterAttachment?,
        destination: TransitRouterAttachment?, route: OfferedRoute
    ) -> CenRouteMap? {
        maps.first { map in
            guard map.direction == direction, map.tables.isEmpty || map.tables.contains(table) else { return false }
            if let kinds = map.sourceKinds, !(source.map { kinds.contains($0.kind) } ?? false) { return false }
            if let ids = map.sourceAttachments, !(source.map { ids.contains($0.id) } ?? false) { return false }
            if let kinds = map.destinationKinds, !(destination.map { kinds.contains($0.kind) } ?? false) { return false }
            if let ids = map.destinationAttachments, !(destination.map { ids.contains($0.id) } ?? false) { return false }
            return map.matchesRoute(route)
        }
    }

    /// The static entries of a table (including blackholes), by prefix.
    func staticEntries(of table: TransitRouterRouteTable) -> [IPv4Prefix: [TransitRouterRouteEntry]] {
        var byPrefix: [IPv4Prefix: [TransitRouterRouteEntry]] = [:]
        for route in table.staticRoutes {
            let nextHop = route.nextHopAttachment.flatMap { attachments[$0] }
            byPrefix[route.prefix, default: []].append(TransitRouterRouteEntry(
                prefix: route.prefix, type: .static, nextHopAttachment: route.nextHopAttachment,
                nextHopKind: nextHop?.kind, originType: route.nextHopAttachment == nil ? .blackhole : .static,
                region: region))
        }
        return byPrefix
    }

    /// The propagated entry an attachment's route becomes in a table, after the ingress route maps:
    /// a permit sets the preference, prepends and adds communities; a deny leaves it Rejected.
    static func propagatedEntry(
        _ route: OfferedRoute, from attachment: TransitRouterAttachment, table: String, ingress: [CenRouteMap]
    ) -> TransitRouterRouteEntry {
        var entry = TransitRouterRouteEntry(
            prefix: route.prefix, type: .propagated, nextHopAttachment: attachment.id, nextHopKind: attachment.kind,
            originType: route.originType, asPath: route.asPath, communities: route.communities, region: attachment.region)
        guard !ingress.isEmpty,
              let map = firstMatch(ingress, direction: .ingress, table: table, source: attachment, destination: nil, route: route)
        else { return entry }
        if map.permit {
            entry.preference = map.preference ?? 50
            for asn in map.prepend.reversed() { entry.asPath = entry.asPath.prepending(asn) }
            entry.communities = Array(Set(entry.communities).union(map.addCommunities)).sorted()
        } else {
            entry.status = .rejected
            entry.reason = "route map \(map.priority)"
        }
        return entry
    }

    /// Runs the TR selection on one prefix's candidates and puts them in display order.
    func selected(_ candidates: [TransitRouterRouteEntry]) -> [TransitRouterRouteEntry] {
        var candidates = candidates
        TransitRouterSelection.select(&candidates, localRegion: region)
        if candidates.count > 1 { candidates.sort(by: TransitRouterRouteEntry.displayOrder) }
        return candidates
    }

    // MARK: Advertise Routes

    /// What decides the `CLOUD` rows of one connection: its attachment, the table it reads and the
    /// egress route maps that can apply to that attachment (§10 item 8).
    struct AdvertiseScope {
        var attachment: TransitRouterAttachment
        var tableID: String
        var egress: [EgressRule]
        var upTunnels: [Int]
    }

    /// An egress route map scoped to one destination, with its source-kind condition as a bit set
    /// (it is tested once per TR entry and reader, millions of times in a full computation).
    struct EgressRule {
        var map: CenRouteMap
        var sourceKinds: UInt8?

        init(_ map: CenRouteMap) {
            self.map = map
            self.sourceKinds = map.sourceKinds.map { kinds in kinds.reduce(0) { $0 | $1.bit } }
        }

        /// Whether the map matches a TR entry (its source and route).
        func matches(_ entry: TransitRouterRouteEntry) -> Bool {
            if let sourceKinds, sourceKinds & (entry.nextHopKind?.bit ?? 0) == 0 { return false }
            if let ids = map.sourceAttachments, !(entry.nextHopAttachment.map(ids.contains) ?? false) { return false }
            return map.matchesRoute(prefix: entry.prefix, asPath: entry.asPath, communities: entry.communities)
        }
    }

    /// The scope of Advertise Routes for a connection, or `nil` when nothing is advertised (BGP off,
    /// Advertise Routes off, not attached, or not associated with a table).
    func advertiseScope(_ connection: VPNConnectionRouting) -> AdvertiseScope? {
        guard connection.bgpEnabled, let attachment = attachments[connection.attachmentID], attachment.autoPublishRoutes,
              let tableID = attachment.associatedTable, routeTables[tableID] != nil
        else { return nil }
        let egress = effectiveRouteMaps.filter { map in
            guard map.direction == .egress, map.tables.isEmpty || map.tables.contains(tableID) else { return false }
            if let kinds = map.destinationKinds, !kinds.contains(attachment.kind) { return false }
            if let ids = map.destinationAttachments, !ids.contains(attachment.id) { return false }
            return true
        }
        return AdvertiseScope(attachment: attachment, tableID: tableID, egress: egress.map(EgressRule.init),
                              upTunnels: connection.upTunnels)
    }

    /// The `CLOUD` row a connection gets for one prefix of its associated table, or `nil`: only Active
    /// routes, never back to the attachment that is their next hop (split horizon), after egress maps.
    static func cloudRow(_ entries: [TransitRouterRouteEntry], scope: AdvertiseScope) -> ConnectionRouteEntry? {
        // Entries are in display order, so a prefix's Active entries come first. Fields are read in
        // place: copying a whole entry would retain every reference it holds.
        guard !entries.isEmpty, entries[0].status == .active else { return nil }
        for index in entries.indices {
            guard entries[index].status == .active else { break }
            if entries[index].nextHopKind == scope.attachment.kind && entries[index].nextHopAttachment == scope.attachment.id {
                return nil
            }
        }
        let rule = scope.egress.first { $0.matches(entries[0]) }
        if let rule, !rule.map.permit { return nil }
        let entry = entries[0]
        var asPath = entry.asPath
        var communities = entry.communities
        if let map = rule?.map {
            for asn in map.prepend.reversed() { asPath = asPath.prepending(asn) }
            if !map.addCommunities.isEmpty { communities = Array(Set(communities).union(map.addCommunities)).sorted() }
        }
        return ConnectionRouteEntry(
            prefix: entry.prefix, source: .cloud, tunnels: scope.upTunnels, asPath: asPath,
            communities: communities, status: "Active", reason: scope.upTunnels.isEmpty ? "no usable tunnel" : nil)
    }
}

extension CenRouteMap {
    /// The route conditions: prefixes, AS path and communities.
    func matchesRoute(_ route: OfferedRoute) -> Bool {
        matchesRoute(prefix: route.prefix, asPath: route.asPath, communities: route.communities)
    }

    /// The route conditions on a route's parts.
    func matchesRoute(prefix: IPv4Prefix, asPath: ASPath, communities: [Community]) -> Bool {
        if let prefixes, !prefixes.contains(where: { $0.matches(.v4(prefix)) }) { return false }
        if let asPathContains, !asPath.contains(asPathContains) { return false }
        if let anyCommunity, !anyCommunity.contains(where: communities.contains) { return false }
        return true
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
