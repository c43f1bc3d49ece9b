import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// The cloud model's validation rules and the cross-references of a topology, as issues located by
/// JSON path (``TopologyLoader`` adds line:column).
enum SemanticChecks {
    struct Issue {
        var code: String
        var path: String
        var message: String
        var severity: TopologyIssue.Severity
        /// The issue is about the member's key (a name in an `expect` block), not its value: the
        /// loader points at the key, as for `unknown_field`.
        var atKey = false
    }

    /// The model names a few fields differently from the file: map them to the file's keys.
    static func fileField(_ field: String) -> String {
        var path = field
        for (model, file) in [(".attach_cen.account_id", ".cen_attachment.vpn_owner_id"), (".attach_cen", ".cen_attachment")] {
            path = path.replacing(model, with: file)
        }
        if path.hasPrefix("customer_gateways["), path.hasSuffix("].id") {
            path = String(path.dropLast(3)) + ".customer_gateway_id"
        }
        if path.hasPrefix("ipsec_connections["), let close = path.firstIndex(of: "]") {
            let rest = path[path.index(after: close)...]
            if rest == ".id" { path = String(path[...close]) + ".vpn_connection_id" }
            if rest == ".name" { path = String(path[...close]) + ".vpn_attachment_name" }
        }
        // `local_subnet` and `remote_subnet` are one comma-separated string in the file.
        for key in ["local_subnet", "remote_subnet"] {
            if let range = path.firstRange(of: ".\(key)[") { path = String(path[..<range.lowerBound]) + ".\(key)" }
        }
        return path
    }

    /// - Parameter incomplete: file paths of entries with a schema problem: model rules are not run on
    ///   them (a half-read object would only produce misleading follow-on errors).
    static func check(_ document: TopologyDocument, incomplete: [String] = []) -> [Issue] {
        // The objects (`customer_gateways[i]`, `ipsec_connections[i]`) with a problem inside: a set,
        // so that a file with a million problems is checked in linear time.
        let incompleteObjects = Set(incomplete.map { path in path.firstIndex(of: "]").map { String(path[...$0]) } ?? path })
        func isIncomplete(_ path: String) -> Bool { incompleteObjects.contains(path) }
        var issues: [Issue] = []
        func add(_ code: String, _ path: String, _ message: String, _ severity: TopologyIssue.Severity = .error) {
            issues.append(Issue(code: code, path: path, message: message, severity: severity))
        }
        func addAll(_ found: [ValidationIssue]) {
            for issue in found {
                add(issue.code.rawValue, fileField(issue.field), "\(issue.message) (value '\(Echo.clip(issue.value))')",
                    issue.severity == .error ? .error : .warning)
            }
        }
        var gateways: [String: CustomerGateway] = [:]
        for (n, gateway) in document.customerGateways.enumerated() {
            let i = n < document.gatewayFileIndex.count ? document.gatewayFileIndex[n] : n
            let path = "customer_gateways[\(i)]"
            if gateways[gateway.id] != nil { add("duplicate_id", "\(path).customer_gateway_id", "customer gateway '\(gateway.id)' is defined twice") }
            gateways[gateway.id] = gateway
            addAll(gateway.validate(at: path))
        }
        var connections: [String: IPsecConnection] = [:]
        for (n, connection) in document.connections.enumerated() {
            let i = n < document.connectionFileIndex.count ? document.connectionFileIndex[n] : n
            let path = "ipsec_connections[\(i)]"
            if connections[connection.id] != nil { add("duplicate_id", "\(path).vpn_connection_id", "connection '\(connection.id)' is defined twice") }
            connections[connection.id] = connection
            guard !isIncomplete(path) else { continue }
            if case .protectedDataFlows(let local, let remote) = connection.routingMode.normalized,
               local.contains(where: { $0.length > 0 }), remote.contains(where: { $0.length == 0 }) {
                add("mixed_routing_mode_default_route", "\(path).remote_subnet",
                    "local_subnet \(local.map(\.description).joined(separator: ",")) with remote_subnet 0.0.0.0/0 is"
                        + " Protected Data Flows mode: the TR table gets an Active 0.0.0.0/0 toward this connection, so"
                        + " every destination without a more specific route goes to the data center (use 0.0.0.0/0 on"
                        + " both sides for destination routing)", .warning)
            }
            // References are checked from what was read (TopologyLoader, ReferenceLog), also for
            // half-read objects; the ASN rules need complete gateways (a bad `asn` is one problem,
            // not also "has no ASN").
            let gatewayPaths = document.customerGateways.indices.map { n in
                "customer_gateways[\(n < document.gatewayFileIndex.count ? document.gatewayFileIndex[n] : n)]"
            }
            let incompleteGateways = Set(zip(document.customerGateways, gatewayPaths).filter { isIncomplete($0.1) }.map(\.0.id))
            let usesIncomplete = connection.tunnels.contains { incompleteGateways.contains($0.customerGatewayID) }
            let asnCodes: Set<ValidationCode> = [.customerGatewayASNMissing, .customerGatewayASNDiffers, .customerGatewayASNEqualsLocalASN]
            addAll(connection.validate(at: path, gateways: gateways).filter {
                $0.code != .customerGatewayUnknown && !(usesIncomplete && asnCodes.contains($0.code))
            })
            addAll(DestinationRoute.validate(document.connectionRouting[connection.id]?.destinationRoutes ?? [],
                                             at: "\(path).destination_routes"))
        }
        let tr = document.transitRouter
        func checkID(_ id: String, _ what: String, _ path: String) {
            if let issue = ResourceIdentifier.validate(id, identifying: what, at: path) {
                add(issue.code.rawValue, path, "\(issue.message) (value '\(issue.value)')")
            }
        }
        checkID(tr.id, "a transit router", "transit_router.transit_router_id")
        let tableIDs = Set(tr.routeTables.map(\.id))
        var seenTables = Set<String>()
        for (t, table) in tr.routeTables.enumerated() {
            if !seenTables.insert(table.id).inserted {
                add("duplicate_id", "transit_router.route_tables[\(t)].transit_router_route_table_id", "route table '\(table.id)' is defined twice")
            }
            checkID(table.id, "a route table", "transit_router.route_tables[\(t)].transit_router_route_table_id")
        }
        let defaults = tr.routeTables.enumerated().filter { $0.element.isDefault }
        for (t, _) in defaults.dropFirst() {
            add("second_default_route_table", "transit_router.route_tables[\(t)].default", "a transit router has one default route table")
        }
        var attachmentIDs = Set<String>()
        var attachedConnections = Set<String>()
        let byKind: [AttachmentKind: String] = [.vpn: "vpn_attachments", .vpc: "vpc_attachments", .vbr: "vbr_attachments",
                                                .peerTransitRouter: "peer_attachments"]
        var counters: [AttachmentKind: Int] = [:]
        for attachment in tr.attachments {
            let index = counters[attachment.kind, default: 0]
            counters[attachment.kind] = index + 1
            let path = "transit_router.\(byKind[attachment.kind] ?? "attachments")[\(index)]"
            checkID(attachment.id, "an attachment", "\(path).transit_router_attachment_id")
            if !attachmentIDs.insert(attachment.id).inserted {
                add("duplicate_id", "\(path).transit_router_attachment_id", "attachment '\(attachment.id)' is defined twice")
            }
            if let table = attachment.associatedTable, !tableIDs.contains(table) {
                add("unknown_route_table", "\(path).associated_route_table_id", "no route table '\(table)'")
            }
            for table in attachment.propagatesTo.sorted() where !tableIDs.contains(table) {
                add("unknown_route_table", "\(path).propagated_route_table_ids", "no route table '\(table)'")
            }
            if let id = attachment.connectionID {
                if !attachedConnections.insert(id).inserted {
                    add("connection_attached_twice", "\(path).vpn_id", "connection '\(id)' is attached twice (one TR per connection)")
                }
                if case .otherAccount? = connections[id]?.attachTo {
                    // Cross-account attachment: allowed once the owner granted it (reference §6, VpnOwnerId).
                }
            }
        }
        // Reference §10 item 14: a connection no VPN attachment names is simulated with its tunnels
        // and tables, but its routes reach no TR and it receives none.
        for (n, connection) in document.connections.enumerated() where !attachedConnections.contains(connection.id) {
            let i = n < document.connectionFileIndex.count ? document.connectionFileIndex[n] : n
            // A half-read connection has its own problem; this would only add to it.
            guard !isIncomplete("ipsec_connections[\(i)]") else { continue }
            add("connection_not_attached_to_tr", "ipsec_connections[\(i)].vpn_connection_id",
                "connection '\(connection.id)' reaches no transit router: no vpn_attachments entry names it in vpn_id, so"
                    + " its routes are learned into its own tables only and it receives none", .warning)
        }
        for (t, table) in tr.routeTables.enumerated() {
            for (s, route) in table.staticRoutes.enumerated() {
                if let next = route.nextHopAttachment, !attachmentIDs.contains(next) {
                    add("unknown_attachment", "transit_router.route_tables[\(t)].static_routes[\(s)].transit_router_attachment_id",
                        "no attachment '\(next)'")
                }
            }
        }
        for (m, map) in tr.routeMaps.enumerated() {
            for table in map.tables.sorted() where !tableIDs.contains(table) {
                add("unknown_route_table", "transit_router.route_maps[\(m)].route_table_ids", "no route table '\(table)'")
            }
        }
        for (d, dc) in document.dataCenters.enumerated() {
            let path = "data_centers[\(d)]"
            if let control = DisplayName.firstControlCharacter(in: dc.name) {
                add(ValidationCode.nameControlCharacter.rawValue, "\(path).name",
                    "\(control.description) at position \(control.offset + 1): a name has no control characters")
            }
            // An unknown vpn_connection_id is reported by the reference check (TopologyLoader).
            guard let connection = connections[dc.connectionID] else { continue }
            let gatewayASN = connection.tunnels.first.flatMap { gateways[$0.customerGatewayID]?.asn }
            if let gatewayASN, gatewayASN != dc.asn {
                add("data_center_asn_mismatch", "\(path).asn",
                    "AS \(dc.asn.asplain) differs from the customer gateway's AS \(gatewayASN.asplain): the cloud side refuses the BGP sessions (OPEN error Bad Peer AS)",
                    .warning)
            }
        }
        checkSimulation(document) { code, path, message, atKey in
            issues.append(Issue(code: code, path: path, message: message, severity: .error, atKey: atKey))
        }
        return issues
    }
}
