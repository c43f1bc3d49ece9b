import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

extension GraphvizDOT {
    /// Each IPsec connection's box (its two tables and two tunnels), the tunnels' links to the far
    /// end, the data centers or customer gateways there, and each table's flows to the tunnels.
    static func addConnections(
        to graph: inout DOTGraph, document: TopologyDocument, model: CloudModel, tables: CloudTables, options: GraphvizDOTOptions
    ) {
        let negotiation = document.negotiation()
        let gateways = Dictionary(document.customerGateways.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let dataCenterIDs = dataCenterNodeIDs(document.dataCenters)
        var farEnds: [DOTGraph.Node] = []
        var drawnGateways: Set<String> = []

        for (index, dataCenter) in document.dataCenters.enumerated() {
            var label = ["data center \(dataCenter.name)", "AS \(dataCenter.asn)", "BGP \(dataCenter.bgp ? "on" : "off")"]
            let connection = document.connections.first { $0.id == dataCenter.connectionID }
            for id in Set(connection?.tunnels.map(\.customerGatewayID) ?? []).sorted() {
                label.append("customer gateway \(id)" + (gateways[id].map { " \($0.ipAddress)" } ?? ""))
            }
            let announced = Set(dataCenter.tunnels.flatMap { $0.announcements.map(\.prefix) }).sorted()
            if !announced.isEmpty {
                label.append("announces:")
                label += options.listed(announced.map(\.description))
            }
            farEnds.append(DOTGraph.Node(id: dataCenterIDs[index], attributes: GraphvizStyle.dataCenter.merging(["label": label.joined(separator: "\n")]) { $1 }))
        }

        for connection in document.connections.sorted(by: { $0.id < $1.id }) {
            let routing = model.connections[connection.id]
            let attachment = routing?.attachmentID.flatMap { model.attachments[$0] }
            var cluster = DOTGraph.Cluster(id: "connection:\(connection.id)", attributes: [
                "label": connectionTitle(connection, routing: routing).joined(separator: "\n"), "style": "rounded", "color": "gray40",
            ])
            let dataCenterIndex = document.dataCenters.firstIndex { $0.connectionID == connection.id }

            if let routing, let connectionTables = tables.connections[connection.id] {
                let destinationID = destinationTableNodeID(connection: connection.id)
                let bgpID = bgpTableNodeID(connection: connection.id)
                cluster.nodes.append(DOTGraph.Node(id: destinationID, attributes: GraphvizStyle.connectionTable.merging([
                    "label": destinationTableLabel(connectionTables.destination, options: options),
                ]) { $1 }))
                cluster.nodes.append(DOTGraph.Node(id: bgpID, attributes: GraphvizStyle.connectionTable.merging([
                    "label": bgpTableLabel(connectionTables.bgp, routing: routing, attachment: attachment, model: model,
                                           tables: tables, options: options),
                ]) { $1 }))
                // An unattached connection (reference §10 item 14) has its tables but no link to the TR.
                if let attachmentID = routing.attachmentID {
                    graph.edges.append(DOTGraph.Edge(from: attachmentNodeID(attachmentID), to: destinationID, attributes: GraphvizStyle.attachmentLink))
                    graph.edges.append(DOTGraph.Edge(from: attachmentNodeID(attachmentID), to: bgpID, attributes: GraphvizStyle.attachmentLink))
                }
                addFlows(to: &graph, connection: connection.id, tables: connectionTables, options: options)
            }

            for tunnel in connection.tunnels.sorted(by: { $0.index < $1.index }) {
                let state = negotiation[connection.id]?[tunnel.index]
                let tunnelRouting = routing?.tunnels.first { $0.index == tunnel.index }
                let up = tunnelRouting?.isUp ?? (state == .phase2Succeeded)
                let reason = tunnelRouting?.downReason?.text ?? state?.rawValue
                var label = ["tunnel \(tunnel.index) (\(tunnel.role.rawValue))", up ? "up" : "down: \(reason ?? "down")"]
                if connection.enableTunnelsBGP, let bgp = tunnel.bgp { label.append("BGP \(bgp.localBGPIP) - \(bgp.peerBGPIP)") }
                let id = tunnelNodeID(connection: connection.id, tunnel: tunnel.index)
                cluster.nodes.append(DOTGraph.Node(id: id, attributes: GraphvizStyle.tunnelNode(up: up).merging(["label": label.joined(separator: "\n")]) { $1 }))

                let farEnd: String
                if let dataCenterIndex {
                    farEnd = dataCenterIDs[dataCenterIndex]
                } else {
                    farEnd = gatewayNodeID(tunnel.customerGatewayID)
                    if drawnGateways.insert(tunnel.customerGatewayID).inserted {
                        var lines = ["customer gateway \(tunnel.customerGatewayID)"]
                        if let gateway = gateways[tunnel.customerGatewayID] {
                            lines.append("\(gateway.ipAddress)")
                            if let asn = gateway.asn { lines.append("AS \(asn)") }
                        }
                        lines.append("(no data center in the file)")
                        farEnds.append(DOTGraph.Node(id: farEnd, attributes: GraphvizStyle.gateway.merging(["label": lines.joined(separator: "\n")]) { $1 }))
                    }
                }
                graph.edges.append(DOTGraph.Edge(from: id, to: farEnd, attributes: GraphvizStyle.tunnel(up: up, reason: reason)))
            }
            graph.clusters.append(cluster)
        }
        graph.nodes += farEnds.sorted { $0.id < $1.id }
    }

    /// `datacenter:NAME` for each data center in file order, `#2`, `#3`, … on a repeated name.
    static func dataCenterNodeIDs(_ dataCenters: [DataCenterDocument]) -> [String] {
        var seen: [String: Int] = [:]
        return dataCenters.map { dataCenter in
            seen[dataCenter.name, default: 0] += 1
            let count = seen[dataCenter.name] ?? 1
            return dataCenterNodeID(count == 1 ? dataCenter.name : "\(dataCenter.name)#\(count)")
        }
    }

    /// The connection box's title: ID, name, routing mode, BGP and tunnel preference.
    static func connectionTitle(_ connection: IPsecConnection, routing: VPNConnectionRouting?) -> [String] {
        var lines = ["IPsec connection \(connection.id)"]
        if connection.name != connection.id { lines.append(connection.name) }
        if case .protectedDataFlows = connection.routingMode.normalized {
            lines.append("Protected Data Flows")
        } else {
            lines.append("Destination Routing")
        }
        if connection.enableTunnelsBGP {
            let asn = connection.tunnels.first?.bgp?.localASN ?? TunnelBGPConfig.defaultLocalASN
            lines.append("BGP, local AS \(asn), " + (routing?.activeStandby == true ? "active/standby" : "ECMP when paths tie"))
        } else {
            lines.append("BGP off")
        }
        if routing == nil { lines.append("not attached to the transit router") }
        return lines
    }

    /// The destination-based table node: its size and the routes with no usable tunnel.
    static func destinationTableLabel(_ rows: [ConnectionRouteEntry], options: GraphvizDOTOptions) -> String {
        var lines = ["destination-based route table", "\(rows.count) route\(rows.count == 1 ? "" : "s")"]
        lines += stranded(rows, options: options)
        return lines.joined(separator: "\n")
    }

    /// The BGP table node: learned and `CLOUD` counts, why there are no `CLOUD` rows, and the
    /// Active routes of the associated table that are not advertised, with the model's reason.
    static func bgpTableLabel(
        _ rows: [ConnectionRouteEntry], routing: VPNConnectionRouting, attachment: TransitRouterAttachment?, model: CloudModel,
        tables: CloudTables, options: GraphvizDOTOptions
    ) -> String {
        let learned = rows.filter { $0.source == .vpnBGP }.count
        let cloud = rows.filter { $0.source == .cloud }.count
        var lines = ["BGP route table", "\(learned) learned (VPN_BGP), \(cloud) CLOUD"]
        if !routing.bgpEnabled {
            lines.append("BGP off")
        } else if cloud == 0 {
            if attachment?.autoPublishRoutes == false {
                lines.append("no CLOUD rows: Advertise Routes off")
            } else if attachment?.associatedTable == nil {
                lines.append("no CLOUD rows: no associated table")
            }
        }
        if routing.bgpEnabled, let attachment, attachment.autoPublishRoutes, let table = attachment.associatedTable {
            lines += heldBack(rows, connection: routing.connectionID, attachment: attachment.id, table: table, model: model,
                              tables: tables, options: options)
        }
        lines += stranded(rows, options: options)
        return lines.joined(separator: "\n")
    }

    /// "not advertised:" and the Active prefixes of the associated table that have no `CLOUD` row,
    /// each with the first reason ``CloudModel/explain(_:table:)`` gives (a route map, the system
    /// Reject), cut to the option's count; split horizon (next hop this attachment) goes unsaid.
    static func heldBack(
        _ rows: [ConnectionRouteEntry], connection: String, attachment: String, table: String, model: CloudModel,
        tables: CloudTables, options: GraphvizDOTOptions
    ) -> [String] {
        let advertised = Set(rows.filter { $0.source == .cloud }.map(\.prefix))
        let missing = Set((tables.transitRouter[table] ?? []).filter {
            $0.status == .active && $0.nextHopAttachment != attachment && !advertised.contains($0.prefix) && options.shows($0.prefix)
        }.map(\.prefix)).sorted()
        guard !missing.isEmpty else { return [] }
        var lines = ["not advertised:"]
        for prefix in missing.prefix(options.prefixesPerEdge) {
            let reason = model.explain(prefix, table: TableChange.bgpTable(connection)).reasons.first
            lines.append(prefix.description + (reason.map { ": \(beforeParenthesis($0))" } ?? ""))
        }
        if missing.count > options.prefixesPerEdge { lines.append("+\(missing.count - options.prefixesPerEdge) more") }
        return lines
    }

    /// `text` up to a " (" (the parenthesis restates the rule at length), or all of it.
    static func beforeParenthesis(_ text: String) -> String {
        var previous: Character?
        for index in text.indices {
            if text[index] == "(", previous == " " { return String(text[..<text.index(before: index)]) }
            previous = text[index]
        }
        return text
    }

    /// Rows on no tunnel (both down), listed in the table's node since they have no edge.
    static func stranded(_ rows: [ConnectionRouteEntry], options: GraphvizDOTOptions) -> [String] {
        let items = rows.filter { $0.tunnels.isEmpty && options.shows($0.prefix) }.map { "\($0.prefix) \($0.source.rawValue)" }
        return items.isEmpty ? [] : ["no usable tunnel:"] + options.listed(items)
    }

    /// Destination rows, learned BGP rows and `CLOUD` rows → the tunnels that carry them.
    static func addFlows(to graph: inout DOTGraph, connection: String, tables: ConnectionTables, options: GraphvizDOTOptions) {
        func groups(_ rows: [ConnectionRouteEntry], item: (ConnectionRouteEntry) -> String) -> [FlowKey: [String]] {
            var groups: [FlowKey: [String]] = [:]
            for row in rows where options.shows(row.prefix) {
                for tunnel in row.tunnels {
                    let key = FlowKey(target: tunnelNodeID(connection: connection, tunnel: tunnel), status: FlowStatus(connectionStatus: row.status))
                    groups[key, default: []].append(item(row))
                }
                for other in row.otherPaths {
                    let key = FlowKey(target: tunnelNodeID(connection: connection, tunnel: other.tunnel), status: FlowStatus(connectionStatus: other.status))
                    var path = row
                    (path.tunnels, path.status, path.reason) = ([other.tunnel], other.status, other.reason)
                    groups[key, default: []].append(item(path))
                }
            }
            return groups
        }
        func notes(_ row: ConnectionRouteEntry, ecmp: Bool) -> String {
            var notes: [String] = []
            if row.source == .protectedFlow { notes.append("policy") }
            if row.status == .unpublished { notes.append("unpublished") }
            if ecmp && row.status == .active && row.tunnels.count > 1 { notes.append("ECMP") }
            if let reason = row.reason { notes.append(reason.text) }
            return row.prefix.description + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))")
        }
        let destination = groups(tables.destination) { notes($0, ecmp: false) }
        let learned = groups(tables.bgp.filter { $0.source != .cloud }) { notes($0, ecmp: true) }
        let cloud = groups(tables.bgp.filter { $0.source == .cloud }) { notes($0, ecmp: false) }
        let color = GraphvizStyle.nextHopColor
        graph.edges += flowEdges(from: destinationTableNodeID(connection: connection), groups: destination, kind: "next-hop",
                                 color: color, header: nil, options: options)
        graph.edges += flowEdges(from: bgpTableNodeID(connection: connection), groups: learned, kind: "next-hop",
                                 color: color, header: nil, options: options)
        graph.edges += flowEdges(from: bgpTableNodeID(connection: connection), groups: cloud, kind: "advertise",
                                 color: GraphvizStyle.advertiseColor, header: "advertised (CLOUD):", options: options)
    }
}
