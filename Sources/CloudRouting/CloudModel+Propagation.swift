import BGPRouting
import BGPWire
import NetworkPrimitives

extension CloudModel {
    /// 100.64.0.0/10: the carrier-grade NAT block the data center may not announce (reference §3, §10 item 5).
    static let sharedAddressSpace = IPPrefix.v4(IPv4Prefix(masking: IPv4Address(100, 64, 0, 0), length: 10)!)

    /// What a connection contributes before the TR: its tables and the routes it propagates.
    struct ConnectionOutcome {
        var destination: [ConnectionRouteEntry]
        var bgp: [ConnectionRouteEntry]
        /// One route per prefix: a destination route wins over a BGP route for the same prefix (§10 item 1).
        var propagated: [OfferedRoute]
        var rib: RIB<IPv4Prefix>
    }

    /// The RIB of a connection: both tunnels as peers of the routing core (§10 item 3).
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
            rib.setPeer(PeerID(rawValue: UInt32(tunnel.index)),
                        .init(info: info, checks: checks, quotaGroup: connection.connectionID))
        }
        guard connection.bgpEnabled else { return rib }
        // Deterministic arrival order: tunnel 1 then tunnel 2, each in prefix order (the quota keeps
        // the first routes it sees).
        for tunnel in connection.tunnels.sorted(by: { $0.index < $1.index }) where tunnel.isUp {
            let routes = (connection.announcements[tunnel.index] ?? []).sorted { $0.prefix < $1.prefix }
            for route in routes {
                rib.announce(route.prefix, attributes: route.attributes, from: PeerID(rawValue: UInt32(tunnel.index)))
            }
        }
        return rib
    }

    static func connectionOutcome(_ connection: VPNConnectionRouting) -> ConnectionOutcome {
        let upTunnels = connection.tunnels.filter(\.isUp).map(\.index).sorted()
        let noTunnel = upTunnels.isEmpty ? "no usable tunnel" : nil
        var destination: [ConnectionRouteEntry] = []
        for route in connection.destinationRoutes.sorted(by: { $0.prefix < $1.prefix }) {
            destination.append(ConnectionRouteEntry(
                prefix: route.prefix, source: .custom, tunnels: upTunnels,
                status: route.publish ? "published" : "unpublished", reason: noTunnel))
        }
        if connection.autoConfigRoute {
            for remote in Set(connection.protectedRemote).sorted() where !connection.protectedLocal.isEmpty {
                destination.append(ConnectionRouteEntry(
                    prefix: remote, source: .protectedFlow, tunnels: upTunnels, status: "published", reason: noTunnel))
            }
        }
        let rib = connectionRIB(connection)
        var bgp: [ConnectionRouteEntry] = []
        var bestRoutes: [IPv4Prefix: OfferedRoute] = [:]
        for prefix in rib.allPrefixes {
            let views = rib.paths(for: prefix)
            let multipath = views.filter(\.isMultipath).map { Int($0.peer.rawValue) }.sorted()
            for view in views {
                let path = view.attributes.asPath ?? .empty
                if view.isBest {
                    bgp.append(ConnectionRouteEntry(prefix: prefix, source: .vpnBGP, tunnels: multipath, asPath: path,
                                                    communities: view.attributes.communities, status: "Active"))
                    bestRoutes[prefix] = OfferedRoute(prefix: prefix, originType: .bgp, asPath: path,
                                                      communities: view.attributes.communities)
                } else if view.isMultipath {
                    continue  // shown in the best path's tunnel list
                } else if let rejection = view.rejection {
                    bgp.append(ConnectionRouteEntry(prefix: prefix, source: .vpnBGP, tunnels: [Int(view.peer.rawValue)],
                                                    asPath: path, communities: view.attributes.communities,
                                                    status: "Rejected", reason: rejection.rawValue))
                } else {
                    bgp.append(ConnectionRouteEntry(prefix: prefix, source: .vpnBGP, tunnels: [Int(view.peer.rawValue)],
                                                    asPath: path, communities: view.attributes.communities,
                                                    status: "Standby", reason: view.lostAt?.name))
                }
            }
        }
        var propagated: [IPv4Prefix: OfferedRoute] = bestRoutes
        for entry in destination where entry.status == "published" {
            propagated[entry.prefix] = OfferedRoute(prefix: entry.prefix, originType: .static)
        }
        return ConnectionOutcome(
            destination: destination, bgp: bgp, propagated: propagated.values.sorted { $0.prefix < $1.prefix }, rib: rib)
    }

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
            if let prefixes = map.prefixes, !prefixes.contains(where: { $0.matches(.v4(route.prefix)) }) { return false }
            if let asn = map.asPathContains, !route.asPath.contains(asn) { return false }
            if let communities = map.anyCommunity, !communities.contains(where: route.communities.contains) { return false }
            return true
        }
    }

    /// Computes every table from the model's inputs.
    static func compute(_ model: CloudModel) -> CloudTables {
        var outcomes: [String: ConnectionOutcome] = [:]
        for (id, connection) in model.connections { outcomes[id] = connectionOutcome(connection) }
        let maps = model.effectiveRouteMaps

        // TR route tables.
        var trTables: [String: [TransitRouterRouteEntry]] = [:]
        for table in model.routeTables.values.sorted(by: { $0.id < $1.id }) {
            var byPrefix: [IPv4Prefix: [TransitRouterRouteEntry]] = [:]
            for route in table.staticRoutes {
                let nextHop = route.nextHopAttachment.flatMap { model.attachments[$0] }
                byPrefix[route.prefix, default: []].append(TransitRouterRouteEntry(
                    prefix: route.prefix, type: .static, nextHopAttachment: route.nextHopAttachment,
                    nextHopKind: nextHop?.kind, originType: route.nextHopAttachment == nil ? .blackhole : .static,
                    region: model.region))
            }
            for attachment in model.attachments.values.sorted(by: { $0.id < $1.id }) where attachment.propagatesTo.contains(table.id) {
                let offered: [OfferedRoute]
                if attachment.kind == .vpn {
                    offered = attachment.connectionID.flatMap { outcomes[$0]?.propagated } ?? []
                } else {
                    offered = attachment.offeredRoutes
                }
                for route in offered {
                    var entry = TransitRouterRouteEntry(
                        prefix: route.prefix, type: .propagated, nextHopAttachment: attachment.id, nextHopKind: attachment.kind,
                        originType: route.originType, asPath: route.asPath, communities: route.communities,
                        region: attachment.region)
                    if let map = firstMatch(maps, direction: .ingress, table: table.id, source: attachment, destination: nil, route: route) {
                        if map.permit {
                            entry.preference = map.preference ?? 50
                            for asn in map.prepend.reversed() { entry.asPath = entry.asPath.prepending(asn) }
                            entry.communities = Array(Set(entry.communities).union(map.addCommunities)).sorted()
                        } else {
                            entry.status = .rejected
                            entry.reason = "route map \(map.priority)"
                        }
                    }
                    byPrefix[route.prefix, default: []].append(entry)
                }
            }
            var entries: [TransitRouterRouteEntry] = []
            for prefix in byPrefix.keys.sorted() {
                var candidates = byPrefix[prefix] ?? []
                TransitRouterSelection.select(&candidates, localRegion: model.region)
                entries += candidates.sorted(by: TransitRouterRouteEntry.displayOrder)
            }
            trTables[table.id] = entries
        }

        // Advertise Routes: the associated table's Active routes into each connection's BGP table.
        var connectionTables: [String: ConnectionTables] = [:]
        for (id, outcome) in outcomes {
            var bgp = outcome.bgp
            if let connection = model.connections[id] {
                bgp += cloudRoutes(for: connection, model: model, trTables: trTables, maps: maps)
            }
            connectionTables[id] = ConnectionTables(destination: outcome.destination, bgp: bgp)
        }
        return CloudTables(connections: connectionTables, transitRouter: trTables)
    }

    /// The `CLOUD` rows of a connection's BGP table (§10 item 8).
    static func cloudRoutes(
        for connection: VPNConnectionRouting, model: CloudModel, trTables: [String: [TransitRouterRouteEntry]],
        maps: [CenRouteMap]
    ) -> [ConnectionRouteEntry] {
        guard connection.bgpEnabled, let attachment = model.attachments[connection.attachmentID], attachment.autoPublishRoutes,
              let tableID = attachment.associatedTable, let entries = trTables[tableID]
        else { return [] }
        let upTunnels = connection.tunnels.filter(\.isUp).map(\.index).sorted()
        var rows: [ConnectionRouteEntry] = []
        // Entries are sorted by prefix with Active ones first, so each prefix's Active entries are adjacent.
        var index = entries.startIndex
        while index < entries.endIndex {
            let prefix = entries[index].prefix
            var end = index
            while end < entries.endIndex && entries[end].prefix == prefix { end += 1 }
            let active = entries[index ..< end].filter { $0.status == .active }
            index = end
            guard let entry = active.first else { continue }
            // Split horizon: a prefix whose active next hops include this attachment is not sent back.
            guard !active.contains(where: { $0.nextHopAttachment == attachment.id }) else { continue }
            let source = entry.nextHopAttachment.flatMap { model.attachments[$0] }
            var route = OfferedRoute(prefix: entry.prefix, originType: entry.originType, asPath: entry.asPath,
                                     communities: entry.communities)
            if let map = firstMatch(maps, direction: .egress, table: tableID, source: source, destination: attachment, route: route) {
                guard map.permit else { continue }
                for asn in map.prepend.reversed() { route.asPath = route.asPath.prepending(asn) }
                route.communities = Array(Set(route.communities).union(map.addCommunities)).sorted()
            }
            rows.append(ConnectionRouteEntry(
                prefix: route.prefix, source: .cloud, tunnels: upTunnels, asPath: route.asPath, communities: route.communities,
                status: "Active", reason: upTunnels.isEmpty ? "no usable tunnel" : nil))
        }
        return rows
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
