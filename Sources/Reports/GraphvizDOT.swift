import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// A Graphviz picture (DOT language) of a topology and its computed tables (`transit-bgp dot`).
///
/// What it draws, left to right:
/// - the transit router (a box) with its route tables and its attachments (VPN, VPC, VBR, peer
///   TR); each attachment's association (orange, diamond head) and propagation (green, open
///   arrow) edges to tables, and its settings in its label, `off` included;
/// - each IPsec connection (a box) with its destination-based and BGP tables and its two tunnels,
///   up (green) or down (dashed red, with the model's reason);
/// - the data center at the far end of each connection (or its customer gateways when the file
///   has no data center for it).
///
/// Flows, one edge per (table, next hop, status) labelled with its prefixes: TR table → next-hop
/// attachment (or a blackhole), connection table → tunnel for the learned and destination routes,
/// and BGP table → tunnel for the `CLOUD` rows Advertise Routes sends to the data center (purple).
/// Active is solid and thick, Standby dashed, Rejected or unpublished dotted grey; a prefix with
/// several Active next hops is marked ECMP.
///
/// The output depends only on the inputs: statements are sorted by ID and node IDs are derived
/// from the topology's IDs (``tableNodeID(_:)`` and its siblings).
public enum GraphvizDOT {
    /// The picture as DOT text, ready for `dot -Tsvg`.
    ///
    /// - Parameters:
    ///   - document: the loaded topology (connections, tunnels, gateways, data centers).
    ///   - model: `document.model()`, or a model changed since (a tunnel down, a setting flipped).
    ///   - options: one prefix's flows only, label length, legend.
    public static func render(document: TopologyDocument, model: CloudModel, options: GraphvizDOTOptions = GraphvizDOTOptions()) -> String {
        graph(document: document, model: model, options: options).rendered()
    }

    /// The picture as a ``DOTGraph`` value (what ``render(document:model:options:)`` prints).
    public static func graph(document: TopologyDocument, model: CloudModel, options: GraphvizDOTOptions = GraphvizDOTOptions()) -> DOTGraph {
        let tables = model.tables
        var graph = DOTGraph(
            name: "transit-bgp", attributes: ["rankdir": "LR", "fontname": GraphvizStyle.font, "newrank": "true"],
            nodeDefaults: GraphvizStyle.nodeDefaults, edgeDefaults: GraphvizStyle.edgeDefaults)
        if let caption = caption(tables: tables, options: options) {
            graph.attributes["label"] = caption
            graph.attributes["labelloc"] = "t"
        }
        addTransitRouter(to: &graph, model: model, tables: tables, options: options)
        addConnections(to: &graph, document: document, model: model, tables: tables, options: options)
        if options.legend { addLegend(to: &graph) }
        return graph
    }

    // MARK: Node IDs

    /// The node of a TR route table.
    public static func tableNodeID(_ table: String) -> String { "table:\(table)" }
    /// The blackhole next hop of a TR route table.
    public static func blackholeNodeID(table: String) -> String { "blackhole:\(table)" }
    /// The node of a TR attachment.
    public static func attachmentNodeID(_ attachment: String) -> String { "attachment:\(attachment)" }
    /// The node of a connection's destination-based route table.
    public static func destinationTableNodeID(connection: String) -> String { "connection:\(connection)/destination" }
    /// The node of a connection's BGP route table.
    public static func bgpTableNodeID(connection: String) -> String { "connection:\(connection)/bgp" }
    /// The node of one tunnel of a connection.
    public static func tunnelNodeID(connection: String, tunnel: Int) -> String { "tunnel:\(connection)/\(tunnel)" }
    /// The node of a data center (by its `name`; a repeated name gets `#2`, `#3`, … in file order).
    public static func dataCenterNodeID(_ name: String) -> String { "datacenter:\(name)" }
    /// The node of a customer gateway, drawn when no data center terminates the connection.
    public static func gatewayNodeID(_ gateway: String) -> String { "gateway:\(gateway)" }

    // MARK: Parts

    /// The graph's title when one prefix is asked for.
    static func caption(tables: CloudTables, options: GraphvizDOTOptions) -> String? {
        guard let prefix = options.prefix else { return nil }
        let held = tables.transitRouter.values.contains { $0.contains { $0.prefix == prefix } }
            || tables.connections.values.contains { ($0.destination + $0.bgp).contains { $0.prefix == prefix } }
        return held ? "flows of \(prefix) only" : "flows of \(prefix) only: no table holds \(prefix)"
    }

    /// One flow edge per (target, status), in target then status order; `items` are the labelled
    /// prefixes in row order.
    static func flowEdges(
        from source: String, groups: [FlowKey: [String]], kind: String, color: String, header: String?,
        options: GraphvizDOTOptions
    ) -> [DOTGraph.Edge] {
        groups.keys.sorted().map { key in
            let label = (header.map { [$0] } ?? []) + options.listed(groups[key] ?? [])
            return DOTGraph.Edge(from: source, to: key.target, attributes: GraphvizStyle.flow(key.status, kind: kind, color: color, label: label))
        }
    }

    /// The legend: one row per edge style.
    static func addLegend(to graph: inout DOTGraph) {
        var cluster = DOTGraph.Cluster(id: "legend", attributes: ["label": "legend", "style": "dashed", "color": "gray60"])
        for (index, row) in GraphvizStyle.legend.enumerated() {
            let text = "legend:\(index)"
            let end = "legend:\(index):end"
            cluster.nodes.append(DOTGraph.Node(id: text, attributes: ["shape": "plaintext", "label": row.text, "height": "0.2", "fontsize": "10"]))
            cluster.nodes.append(DOTGraph.Node(id: end, attributes: ["shape": "point", "width": "0.05", "height": "0.05", "style": "invis"]))
            var attributes = row.attributes
            attributes["class"] = "legend"
            attributes["constraint"] = "true"
            graph.edges.append(DOTGraph.Edge(from: text, to: end, attributes: attributes))
        }
        graph.clusters.append(cluster)
    }
}
