import BGPRouting
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// Reads the topology schema from parsed JSON (structure and types; rules of the cloud model are
/// checked afterwards by ``SemanticChecks``).
enum SchemaReader {
    static func read(_ root: JSONNode, issues: IssueCollector) -> TopologyDocument? {
        let top = JSONReader(root, issues: issues)
        top.rejectUnknownFields(allowed: ["description", "customer_gateways", "ipsec_connections", "transit_router", "data_centers",
                                          "simulation", "timeline", "expect"])
        var gateways: [CustomerGateway] = []
        var gatewayIndex: [Int] = []
        for (i, reader) in (top.objects("customer_gateways", required: true) ?? []).enumerated() {
            if let gateway = customerGateway(reader) {
                gateways.append(gateway)
                gatewayIndex.append(i)
            }
        }
        var routing: [String: ConnectionRoutingSettings] = [:]
        var connections: [IPsecConnection] = []
        var connectionIndex: [Int] = []
        for (i, reader) in (top.objects("ipsec_connections", required: true) ?? []).enumerated() {
            guard let (connection, settings) = ipsecConnection(reader) else { continue }
            routing[connection.id] = settings
            connections.append(connection)
            connectionIndex.append(i)
        }
        let transitRouter = top.object("transit_router", required: true).flatMap(transitRouterDocument)
        let dataCenters = (top.objects("data_centers") ?? []).compactMap(dataCenter)
        let simulation = top.object("simulation").map(simulationSettings) ?? SimulationSettings()
        let timeline = (top.objects("timeline") ?? []).compactMap(timelineEvent)
        let expectations = (top.objects("expect") ?? []).compactMap(expectation)
        guard let transitRouter else { return nil }
        var document = TopologyDocument(
            description: top.string("description", default: "") ?? "", customerGateways: gateways,
            connections: connections, connectionRouting: routing, transitRouter: transitRouter,
            dataCenters: dataCenters, warnings: [])
        // A stable sort: events at the same time keep their file order.
        document.timeline = timeline.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        document.expectations = expectations
        document.simulation = simulation
        document.gatewayFileIndex = gatewayIndex
        document.definedConnectionIDs = top.issues.references.ids(.connection)
        document.connectionFileIndex = connectionIndex
        return document
    }

    // MARK: Value parsers

    static func asn(_ node: JSONNode, _ path: String) throws -> ASNumber {
        switch node.value {
        case .number(let number):
            guard let value = number.uint32, value > 0 else { throw ValueRejection.outOfRange("an ASN is 1...4294967295") }
            return ASNumber(rawValue: value)
        case .string(let text):
            return try ASNumber(parsing: text)
        default:
            throw ValueRejection.wrongType(expected: "an ASN (number, or text in asplain or asdot form)", found: node)
        }
    }

    static func prefix(_ text: String) throws -> IPv4Prefix { try IPv4Prefix(parsing: text) }
    static func address(_ text: String) throws -> IPv4Address { try IPv4Address(parsing: text) }

    /// Comma-separated CIDRs, as `LocalSubnet`/`RemoteSubnet` in the API.
    static func subnetList(_ text: String) throws -> [IPv4Prefix] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            let trimmed = part.trimmingSpaces
            guard !trimmed.isEmpty else { throw ValueRejection.invalid("an empty entry in the comma-separated CIDR list") }
            return try IPv4Prefix(parsing: trimmed)
        }
    }

    // MARK: Objects

    static func customerGateway(_ r: JSONReader) -> CustomerGateway? {
        r.rejectUnknownFields(allowed: ["customer_gateway_id", "ip_address", "asn", "auth_key", "description"])
        let id = r.string("customer_gateway_id", required: true)
        if let id { r.issues.references.define(.customerGateway, id) }
        let ip = r.string("ip_address", required: true, as: address)
        let asn = r.value("asn", required: false, asn)
        let key = r.string("auth_key")
        guard let id, let ip else { return nil }
        return CustomerGateway(id: id, ipAddress: ip, asn: asn, bgpAuthKey: key)
    }

    static func ipsecConnection(_ r: JSONReader) -> (IPsecConnection, ConnectionRoutingSettings)? {
        r.rejectUnknownFields(allowed: [
            "vpn_connection_id", "vpn_attachment_name", "region_id", "resource_group_id", "network_type",
            "cen_attachment", "local_subnet", "remote_subnet", "effect_immediately", "auto_config_route",
            "enable_tunnels_bgp", "tunnel_options_specification", "active_standby", "learned_route_quota",
            "destination_routes", "strict_table_order", "description",
        ] + ignoredTerraformFields)
        for key in ignoredTerraformFields where r.contains(key) {
            r.report(.ignoredField, field: key, "'\(key)' is a Terraform field with no effect on routing: accepted and ignored")
        }
        let id = r.string("vpn_connection_id", required: true)
        if let id { r.issues.references.define(.connection, id) }
        let name = r.string("vpn_attachment_name", default: id ?? "")
        let region = r.string("region_id", default: "cn-hangzhou")
        let resourceGroup = r.string("resource_group_id")
        let networkType = r.choice("network_type", as: GatewayType.self, default: .public)
        let local = r.string("local_subnet", default: [], as: subnetList)
        let remote = r.string("remote_subnet", default: [], as: subnetList)
        let effect = r.bool("effect_immediately", default: IPsecConnection.defaultEffectImmediately)
        let autoRoute = r.bool("auto_config_route", default: true)
        let bgp = r.bool("enable_tunnels_bgp", default: false)
        var attach: CENAttachmentSpec?
        if let cen = r.object("cen_attachment") {
            cen.rejectUnknownFields(allowed: ["cen_id", "vpn_owner_id"])
            let cenID = cen.string("cen_id")
            if let owner = cen.string("vpn_owner_id") {
                attach = .otherAccount(accountID: owner, cenID: cenID)
            } else if let cenID {
                attach = .currentAccount(cenID: cenID)
            } else {
                cen.report(.missingField, field: "cen_id", "give cen_id (current account) or vpn_owner_id (another account)")
            }
        }
        let tunnels = (r.objects("tunnel_options_specification", required: true) ?? []).compactMap(tunnel)
        let activeStandby = r.bool("active_standby", default: false)
        let strictOrder = r.bool("strict_table_order", default: false)
        var quota: Int?? = .some(50)
        if let node = r["learned_route_quota"] {
            if node.value.isNull { quota = .some(nil) } else { quota = r.int("learned_route_quota", in: 1 ... 1_000_000_000).map { .some($0) } }
        }
        let routes = (r.objects("destination_routes") ?? []).compactMap { route -> DestinationRoute? in
            route.rejectUnknownFields(allowed: ["route_dest", "weight", "publish"])
            let dest = route.string("route_dest", required: true, as: prefix)
            let weight = route.int("weight", in: 0 ... 100, default: 100)
            let publish = route.bool("publish", default: true)
            guard let dest, let weight, let publish else { return nil }
            if weight != 0 && weight != 100 { route.report(.invalidValue, field: "weight", "weight is 0 (standby) or 100 (active)") }
            // 0.0.0.0/0, 100.64.0.0/10 and duplicate weight-100 routes: model rules (DestinationRoute.validate).
            return DestinationRoute(prefix: dest, weight: weight, publish: publish)
        }
        guard let id, let name, let region, let networkType, let local, let remote, let effect, let autoRoute, let bgp,
              let activeStandby, let quota, let strictOrder
        else { return nil }
        let mode: RoutingMode = local.isEmpty && remote.isEmpty ? .destinationRouting : RoutingMode(localSubnets: local, remoteSubnets: remote)
        let connection = IPsecConnection(
            id: id, name: name, region: region, resourceGroup: resourceGroup, gatewayType: networkType, attachTo: attach,
            routingMode: mode, effectImmediately: effect, autoConfigRoute: autoRoute, enableTunnelsBGP: bgp, tunnels: tunnels)
        return (connection, ConnectionRoutingSettings(activeStandby: activeStandby, learnedRouteQuota: quota, destinationRoutes: routes,
                                                     strictTableOrder: strictOrder))
    }

    static func tunnel(_ r: JSONReader) -> TunnelOptions? {
        r.rejectUnknownFields(allowed: [
            "tunnel_index", "customer_gateway_id", "enable_dpd", "dpd_timeout", "enable_nat_traversal",
            "tunnel_bgp_config", "tunnel_ike_config", "tunnel_ipsec_config", "status", "gateway_ip",
        ])
        let index = r.int("tunnel_index", in: 1 ... 2, required: true)
        let gateway = r.string("customer_gateway_id", required: true)
        if let gateway { r.issues.references.refer(.customerGateway, gateway, at: r.path(of: "customer_gateway_id"), location: r["customer_gateway_id"]?.location) }
        let dpd = r.bool("enable_dpd", default: true)
        let dpdTimeout = r.int("dpd_timeout", in: 1 ... 3600, default: TunnelOptions.defaultDPDTimeoutSeconds)
        let nat = r.bool("enable_nat_traversal", default: true)
        let status = r.choice("status", as: TunnelStatus.self, default: .normal)
        let gatewayIP = r.string("gateway_ip", as: address)
        var bgpConfig: TunnelBGPConfig?
        if let b = r.object("tunnel_bgp_config") {
            b.rejectUnknownFields(allowed: ["local_asn", "tunnel_cidr", "local_bgp_ip"])
            let asn = b.value("local_asn", default: TunnelBGPConfig.defaultLocalASN, asn)
            let cidr = b.string("tunnel_cidr", required: true, as: { try IPv4Prefix(parsing: $0) })
            let ip = b.string("local_bgp_ip", required: true, as: address)
            if let asn, let cidr, let ip { bgpConfig = TunnelBGPConfig(localASN: asn, tunnelCIDR: cidr, localBGPIP: ip) }
        }
        var ike = IKEConfig()
        if let k = r.object("tunnel_ike_config") {
            k.rejectUnknownFields(allowed: ["ike_version", "ike_mode", "ike_enc_alg", "ike_auth_alg", "ike_pfs", "ike_lifetime",
                                            "local_id", "remote_id", "psk"])
            ike = IKEConfig(
                version: k.choice("ike_version", default: IKEVersion.default) ?? .default,
                mode: k.choice("ike_mode", default: IKEMode.default) ?? .default,
                encryption: k.choice("ike_enc_alg", default: EncryptionAlgorithm.default) ?? .default,
                authentication: k.choice("ike_auth_alg", default: AuthenticationAlgorithm.default) ?? .default,
                dhGroup: k.choice("ike_pfs", default: DHGroup.default) ?? .default,
                lifetime: k.int("ike_lifetime", default: SALifetime.defaultSeconds) ?? SALifetime.defaultSeconds,
                localID: k.string("local_id"), remoteID: k.string("remote_id"), psk: k.string("psk"))
        }
        var ipsec = IPsecConfig()
        if let p = r.object("tunnel_ipsec_config") {
            p.rejectUnknownFields(allowed: ["ipsec_enc_alg", "ipsec_auth_alg", "ipsec_pfs", "ipsec_lifetime"])
            ipsec = IPsecConfig(
                encryption: p.choice("ipsec_enc_alg", default: EncryptionAlgorithm.default) ?? .default,
                authentication: p.choice("ipsec_auth_alg", default: AuthenticationAlgorithm.default) ?? .default,
                pfs: p.choice("ipsec_pfs", default: PFSGroup.default) ?? .default,
                lifetime: p.int("ipsec_lifetime", default: SALifetime.defaultSeconds) ?? SALifetime.defaultSeconds)
        }
        guard let index, let gateway, let dpd, let dpdTimeout, let nat, let status else { return nil }
        return TunnelOptions(index: index, customerGatewayID: gateway, bgp: bgpConfig, ike: ike, ipsec: ipsec, dpdEnabled: dpd,
                             dpdTimeoutSeconds: dpdTimeout, natTraversal: nat, status: status, gatewayAddress: gatewayIP)
    }

    static func transitRouterDocument(_ r: JSONReader) -> TransitRouterDocument? {
        r.rejectUnknownFields(allowed: ["transit_router_id", "region_id", "route_tables", "vpn_attachments", "vpc_attachments",
                                        "vbr_attachments", "peer_attachments", "route_maps"])
        let id = r.string("transit_router_id", required: true)
        let region = r.string("region_id", default: "cn-hangzhou")
        var tables = (r.objects("route_tables") ?? []).compactMap { t -> TransitRouterRouteTable? in
            t.rejectUnknownFields(allowed: ["transit_router_route_table_id", "default", "static_routes"])
            let tableID = t.string("transit_router_route_table_id", required: true)
            let isDefault = t.bool("default", default: false)
            let statics = (t.objects("static_routes") ?? []).compactMap { s -> TransitRouterStaticRoute? in
                s.rejectUnknownFields(allowed: ["destination_cidr_block", "transit_router_attachment_id"])
                guard let dest = s.string("destination_cidr_block", required: true, as: prefix) else { return nil }
                return TransitRouterStaticRoute(prefix: dest, nextHopAttachment: s.string("transit_router_attachment_id"))
            }
            guard let tableID, let isDefault else { return nil }
            return TransitRouterRouteTable(id: tableID, isDefault: isDefault, staticRoutes: statics)
        }
        if !tables.contains(where: \.isDefault) { tables.append(TransitRouterRouteTable(id: "vtb-default", isDefault: true)) }
        let defaultID = tables.first(where: \.isDefault)?.id ?? "vtb-default"
        var attachments: [TransitRouterAttachment] = []
        var vpcIDs: [String: String] = [:]
        for (key, kind) in [("vpn_attachments", AttachmentKind.vpn), ("vpc_attachments", .vpc), ("vbr_attachments", .vbr),
                            ("peer_attachments", .peerTransitRouter)] {
            for a in r.objects(key) ?? [] {
                if let attachment = attachment(a, kind: kind, region: region ?? "cn-hangzhou", defaultTable: defaultID) {
                    attachments.append(attachment)
                    if kind == .vpc, let vpcID = a.string("vpc_id") { vpcIDs[attachment.id] = vpcID }
                }
            }
        }
        let maps = (r.objects("route_maps") ?? []).compactMap(routeMap)
        guard let id, let region else { return nil }
        return TransitRouterDocument(id: id, region: region, routeTables: tables, attachments: attachments, routeMaps: maps,
                                     vpcIDs: vpcIDs)
    }

    static func attachment(_ r: JSONReader, kind: AttachmentKind, region: String, defaultTable: String) -> TransitRouterAttachment? {
        var allowed = ["transit_router_attachment_id", "region_id", "route_table_association_enabled",
                       "route_table_propagation_enabled", "associated_route_table_id", "propagated_route_table_ids"]
        switch kind {
        case .vpn: allowed += ["vpn_id", "auto_publish_route_enabled"]
        case .vpc: allowed += ["vpc_id", "cidr_blocks"]
        default: allowed += ["instance_id", "routes"]
        }
        r.rejectUnknownFields(allowed: allowed)
        let id = r.string("transit_router_attachment_id", required: true)
        let attachmentRegion = r.string("region_id", default: region)
        let associate = r.bool("route_table_association_enabled", default: true)
        let propagate = r.bool("route_table_propagation_enabled", default: true)
        var associated = r.string("associated_route_table_id")
        var propagated = Set(r.strings("propagated_route_table_ids") ?? [])
        if associate == true && associated == nil { associated = defaultTable }
        if propagate == true { propagated.insert(defaultTable) }
        var connectionID: String?
        var autoPublish = true
        var offered: [OfferedRoute] = []
        switch kind {
        case .vpn:
            connectionID = r.string("vpn_id", required: true)
            if let connectionID { r.issues.references.refer(.connection, connectionID, at: r.path(of: "vpn_id"), location: r["vpn_id"]?.location) }
            autoPublish = r.bool("auto_publish_route_enabled", default: true) ?? true
        case .vpc:
            _ = r.string("vpc_id")
            offered = (r.strings("cidr_blocks", required: true, as: prefix) ?? []).map { OfferedRoute(prefix: $0) }
        default:
            _ = r.string("instance_id")
            offered = (r.objects("routes") ?? []).compactMap { route -> OfferedRoute? in
                route.rejectUnknownFields(allowed: ["destination_cidr_block", "as_path", "communities"])
                guard let dest = route.string("destination_cidr_block", required: true, as: prefix) else { return nil }
                let path = route.array("as_path") { node, path in try asn(node, path) } ?? []
                let communities = route.strings("communities", as: community) ?? []
                return OfferedRoute(prefix: dest, originType: .bgp, asPath: ASPath(sequence: path), communities: communities)
            }
        }
        guard let id, let attachmentRegion else { return nil }
        return TransitRouterAttachment(
            id: id, kind: kind, region: attachmentRegion, associatedTable: associated, propagatesTo: propagated,
            autoPublishRoutes: autoPublish, connectionID: connectionID, offeredRoutes: offered)
    }

    static func community(_ text: String) throws -> Community {
        guard let value = Community(text) else { throw ValueRejection.invalid("a community is ASN:value (each 0...65535) or a well-known name") }
        return value
    }

    enum MapResult: String, CaseIterable { case permit = "Permit", deny = "Deny" }
    enum CidrMatchMode: String, CaseIterable { case include = "Include", complete = "Complete" }

    static func routeMap(_ r: JSONReader) -> CenRouteMap? {
        r.rejectUnknownFields(allowed: [
            "priority", "transmit_direction", "map_result", "route_table_ids", "source_instance_types", "source_instance_ids",
            "destination_instance_types", "destination_instance_ids", "destination_cidr_blocks", "cidr_match_mode",
            "match_asns", "match_community_set", "preference", "prepend_as_path", "operate_community_set", "description",
        ])
        let priority = r.int("priority", in: 1 ... 100, required: true)
        let direction = r.choice("transmit_direction", as: CenRouteMap.Direction.self, required: true)
        let result = r.choice("map_result", as: MapResult.self, required: true)
        let kinds = { (key: String) in r.strings(key, as: { text throws -> AttachmentKind in
            guard let kind = AttachmentKind(rawValue: text) else { throw ValueRejection.invalid("an instance type is VPN, VPC, VBR, TR or CCN") }
            return kind
        }).map(Set.init) }
        let mode = r.choice("cidr_match_mode", as: CidrMatchMode.self, default: .include)
        let prefixes = r.strings("destination_cidr_blocks", as: prefix)?.map {
            PrefixListEntry(.v4($0), mode == .complete ? .exact : .orLonger)
        }
        let asns = r.array("match_asns") { node, path in try asn(node, path) }
        let preference = r.int("preference", in: 1 ... 100)
        let prepend = r.array("prepend_as_path") { node, path in try asn(node, path) } ?? []
        guard let priority, let direction, let result else { return nil }
        return CenRouteMap(
            priority: priority, direction: direction, tables: Set(r.strings("route_table_ids") ?? []),
            sourceKinds: kinds("source_instance_types"), sourceAttachments: r.strings("source_instance_ids").map(Set.init),
            destinationKinds: kinds("destination_instance_types"),
            destinationAttachments: r.strings("destination_instance_ids").map(Set.init), prefixes: prefixes,
            asPathContains: asns?.first, anyCommunity: r.strings("match_community_set", as: community),
            permit: result == .permit, preference: preference, prepend: prepend,
            addCommunities: r.strings("operate_community_set", as: community) ?? [])
    }

    static func dataCenter(_ r: JSONReader) -> DataCenterDocument? {
        r.rejectUnknownFields(allowed: ["name", "asn", "vpn_connection_id", "bgp", "announce", "tunnels", "description"])
        let name = r.string("name", required: true)
        let asnValue = r.value("asn", required: true, asn)
        let connection = r.string("vpn_connection_id", required: true)
        if let connection { r.issues.references.refer(.connection, connection, at: r.path(of: "vpn_connection_id"), location: r["vpn_connection_id"]?.location) }
        let bgp = r.bool("bgp", default: true)
        let common = unique((r.objects("announce") ?? []).compactMap(announcement), r, "announce")
        var tunnels: [Int: DataCenterTunnel] = [1: DataCenterTunnel(index: 1, up: true, announcements: common, reachable: true),
                                                2: DataCenterTunnel(index: 2, up: true, announcements: common, reachable: true)]
        for t in r.objects("tunnels") ?? [] {
            t.rejectUnknownFields(allowed: ["tunnel_index", "up", "announce", "psk", "ike_version", "reachable"])
            guard let index = t.int("tunnel_index", in: 1 ... 2, required: true) else { continue }
            let extra = unique((t.objects("announce") ?? []).compactMap(announcement), t, "announce")
            // A per-tunnel announcement of the same prefix replaces the common one (prepend or MED per tunnel).
            var merged = common.filter { c in !extra.contains { $0.prefix == c.prefix } }
            merged += extra
            tunnels[index] = DataCenterTunnel(
                index: index, up: t.bool("up", default: true) ?? true, announcements: merged, psk: t.string("psk"),
                ikeVersion: t.choice("ike_version", as: IKEVersion.self), reachable: t.bool("reachable", default: true) ?? true)
        }
        guard let name, let asnValue, let connection, let bgp else { return nil }
        return DataCenterDocument(name: name, asn: asnValue, connectionID: connection, bgp: bgp,
                                  tunnels: tunnels.keys.sorted().compactMap { tunnels[$0] })
    }

    /// Terraform fields of `alicloud_vpn_gateway_vpn_attachment` / `alicloud_vpn_connection` that
    /// do not change routing (reference §6): accepted with an `ignored_field` warning.
    static let ignoredTerraformFields = ["tags", "tunnel_bandwidth", "vpn_connection_name"]

    /// `announcements` without a second announcement of a prefix, with a `duplicate_announcement`
    /// warning for each one dropped (the first one counts, as a router's `network` statement would).
    static func unique(_ announcements: [DataCenterAnnouncement], _ r: JSONReader, _ key: String) -> [DataCenterAnnouncement] {
        var seen: Set<IPv4Prefix> = []
        var kept: [DataCenterAnnouncement] = []
        for announcement in announcements {
            if seen.insert(announcement.prefix).inserted {
                kept.append(announcement)
            } else {
                r.report(.duplicateAnnouncement, field: key,
                         "\(announcement.prefix) is announced twice in this list; the second announcement is ignored")
            }
        }
        return kept
    }

    enum OriginText: String, CaseIterable { case igp, egp, incomplete }

    static func announcement(_ r: JSONReader) -> DataCenterAnnouncement? {
        r.rejectUnknownFields(allowed: ["prefix", "as_path_prepend", "med", "communities", "origin"])
        let value = r.string("prefix", required: true, as: prefix)
        let prepend = r.int("as_path_prepend", in: 0 ... 16, default: 0)
        let med = r.uint32("med")
        let communities = r.strings("communities", as: community) ?? []
        let origin = r.choice("origin", as: OriginText.self, default: .igp)
        guard let value, let prepend, let origin else { return nil }
        let mapped: Origin = origin == .igp ? .igp : origin == .egp ? .egp : .incomplete
        return DataCenterAnnouncement(prefix: value, prepend: prepend, med: med, communities: communities, origin: mapped)
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
