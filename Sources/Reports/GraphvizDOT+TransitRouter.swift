import CloudRouting
import ConnectionParameters
import Topology
import NetworkPrimitives

extension GraphvizDOT {
    /// The TR box (route tables and attachments), the association and propagation edges, and each
    /// TR table's flows to its next hops.
    static func addTransitRouter(to graph: inout DOTGraph, model: CloudModel, tables: CloudTables, options: GraphvizDOTOptions) {
        var title = ["transit router \(model.transitRouterID) (\(model.region))"]
        let userMaps = model.routeMaps.filter { !$0.isSystem }.sorted { ($0.priority, $0.direction.rawValue) < ($1.priority, $1.direction.rawValue) }
        title.append(userMaps.isEmpty ? "route maps: none" : "route maps: " + userMaps.map { "\($0.priority) \($0.direction.rawValue) \($0.permit ? "Permit" : "Deny")" }.joined(separator: ", "))
        if model.effectiveRouteMaps.contains(where: \.isSystem) { title.append("system Reject 5000 between VPN, VBR and CCN attachments") }
        var cluster = DOTGraph.Cluster(id: "tr", attributes: ["label": title.joined(separator: "\n"), "style": "rounded", "color": "#4a76a8"])

        let tableIDs = model.routeTables.keys.sorted()
        for id in tableIDs {
            let entries = tables.transitRouter[id] ?? []
            var label = ["route table \(id)"]
            if model.routeTables[id]?.isDefault == true { label.append("(default)") }
            let active = entries.filter { $0.status == .active }.count
            label.append("\(entries.count) entr\(entries.count == 1 ? "y" : "ies"), \(active) Active")
            cluster.nodes.append(DOTGraph.Node(id: tableNodeID(id), attributes: GraphvizStyle.routeTable.merging(["label": label.joined(separator: "\n")]) { $1 }))
        }
        for attachment in model.attachments.values.sorted(by: { $0.id < $1.id }) {
            let label = attachmentLabel(attachment, model: model, options: options)
            cluster.nodes.append(DOTGraph.Node(id: attachmentNodeID(attachment.id), attributes: GraphvizStyle.attachment.merging(["label": label]) { $1 }))
            if let table = attachment.associatedTable {
                graph.edges.append(DOTGraph.Edge(from: attachmentNodeID(attachment.id), to: tableNodeID(table), attributes: GraphvizStyle.association))
            }
            for table in attachment.propagatesTo.sorted() {
                graph.edges.append(DOTGraph.Edge(from: attachmentNodeID(attachment.id), to: tableNodeID(table), attributes: GraphvizStyle.propagation))
            }
        }
        for id in tableIDs {
            let entries = (tables.transitRouter[id] ?? []).filter { options.shows($0.prefix) }
            var activeNextHops: [IPv4Prefix: Int] = [:]
            for entry in entries where entry.status == .active { activeNextHops[entry.prefix, default: 0] += 1 }
            var groups: [FlowKey: [String]] = [:]
            for entry in entries {
                let target = entry.nextHopAttachment.map(attachmentNodeID) ?? blackholeNodeID(table: id)
                var notes: [String] = []
                if entry.type == .static { notes.append("static") }
                if entry.status == .active, let count = activeNextHops[entry.prefix], count > 1 { notes.append("ECMP \(count)") }
                if let reason = entry.reason { notes.append(reason.text) }
                let item = entry.prefix.description + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))")
                groups[FlowKey(target: target, status: FlowStatus(entry.status)), default: []].append(item)
            }
            if entries.contains(where: { $0.nextHopAttachment == nil }) {
                cluster.nodes.append(DOTGraph.Node(id: blackholeNodeID(table: id), attributes: GraphvizStyle.blackhole.merging(["label": "blackhole"]) { $1 }))
            }
            graph.edges += flowEdges(from: tableNodeID(id), groups: groups, kind: "next-hop", color: GraphvizStyle.nextHopColor, header: nil, options: options)
        }
        graph.clusters.append(cluster)
    }

    /// An attachment's kind, ID, what it offers and its settings, with the ones that are off spelt out.
    static func attachmentLabel(_ attachment: TransitRouterAttachment, model: CloudModel, options: GraphvizDOTOptions) -> String {
        let kind = attachment.kind == .peerTransitRouter ? "peer TR" : attachment.kind.rawValue
        var lines = ["\(kind) attachment \(attachment.id)"]
        if attachment.region != model.region { lines.append("region \(attachment.region)") }
        if let connection = attachment.connectionID { lines.append("connection \(connection)") }
        if !attachment.offeredRoutes.isEmpty {
            lines.append("offers:")
            lines += options.listed(attachment.offeredRoutes.map(\.prefix).sorted().map(\.description))
        }
        let defaultTable = model.defaultTableID
        if let table = attachment.associatedTable {
            lines.append("associated: \(table)")
        } else {
            lines.append("associated: none (association off)")
        }
        if attachment.propagatesTo.isEmpty {
            lines.append("propagates to: none (propagation off)")
        } else {
            let others = attachment.propagatesTo.contains(defaultTable) ? "" : " (not \(defaultTable): propagation off)"
            lines.append("propagates to: " + attachment.propagatesTo.sorted().joined(separator: ", ") + others)
        }
        if attachment.kind == .vpn {
            let bgp = attachment.connectionID.flatMap { model.connections[$0]?.bgpEnabled } ?? false
            lines.append("Advertise Routes: \(attachment.autoPublishRoutes ? "on" : "off")" + (attachment.autoPublishRoutes && !bgp ? " (no effect: BGP off)" : ""))
        }
        return lines.joined(separator: "\n")
    }
}
