import CloudRouting
import ConnectionParameters
import Foundation
import NetworkPrimitives
import Reports
import Testing
import Topology

/// `transit-bgp dot`: the structure of the pictures of the bundled topologies, DOT quoting, and the
/// real Graphviz `dot` accepting every one of them.
@Suite struct GraphvizDOTTests {
    // MARK: Fixtures

    static let topologies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Topologies")

    /// Every folder of `Topologies/` that holds a `topology.json`, sorted.
    static func bundledNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: topologies.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: topologies.appendingPathComponent("\($0)/topology.json").path) }.sorted()
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: topologies.appendingPathComponent("\(name)/topology.json"), encoding: .utf8)
    }

    static func document(json: String) throws -> TopologyDocument {
        try TopologyLoader.load(Array(json.utf8))
    }

    static func graph(_ name: String, options: GraphvizDOTOptions = GraphvizDOTOptions()) throws -> DOTGraph {
        let document = try document(json: text(name))
        return GraphvizDOT.graph(document: document, model: document.model(), options: options)
    }

    static func edges(_ graph: DOTGraph, class kind: String) -> [DOTGraph.Edge] {
        graph.edges.filter { $0.attributes["class"] == kind }
    }

    static func label(_ edge: DOTGraph.Edge?) -> [String] {
        (edge?.attributes["label"] ?? "").split(separator: "\n").map(String.init)
    }

    static let vpn = GraphvizDOT.attachmentNodeID("tr-attach-vco-dc1")
    static let defaultTable = GraphvizDOT.tableNodeID("vtb-default")
    static let bgp = GraphvizDOT.bgpTableNodeID(connection: "vco-dc1")
    static let tunnel1 = GraphvizDOT.tunnelNodeID(connection: "vco-dc1", tunnel: 1)
    static let tunnel2 = GraphvizDOT.tunnelNodeID(connection: "vco-dc1", tunnel: 2)
    static let dc1 = GraphvizDOT.dataCenterNodeID("dc1")

    // MARK: Graphviz accepts every picture

    @Test func everyBundledTopologyIsFound() {
        let names = Self.bundledNames()
        #expect(names.count >= 12)
        #expect(names.contains("dual-tunnel-bgp"))
    }

    @Test(arguments: GraphvizDOTTests.bundledNames())
    func graphvizRendersTheBundledTopology(_ name: String) throws {
        let graph = try Self.graph(name)
        let result = try Graphviz.svg(graph.rendered())
        #expect(result.status == 0, "dot failed on \(name): \(result.stderr)")
        #expect(result.svg.contains("<svg"))
        // Every node and edge of the value made it into the picture: nothing was parsed differently.
        #expect(Graphviz.count(of: "class=\"node\"", in: result.svg) == Graphviz.visibleNodes(graph))
        #expect(Graphviz.count(of: "class=\"edge", in: result.svg) == graph.edges.count)
    }

    @Test func graphvizRendersEveryBundledTopologyWithOnePrefix() throws {
        for name in Self.bundledNames() {
            let result = try Graphviz.svg(try Self.graph(name, options: GraphvizDOTOptions(prefix: IPv4Prefix("192.168.0.0/16"), legend: false)).rendered())
            #expect(result.status == 0, "dot failed on \(name): \(result.stderr)")
            #expect(result.svg.contains("<svg"))
        }
    }

    @Test func theGraphvizCheckFailsOnBrokenDOT() throws {
        let unterminated = try Graphviz.svg("digraph \"g\" {\n  \"a\" -> ;\n}\n")
        #expect(unterminated.status != 0)
        #expect(!unterminated.svg.contains("<svg"))
        // A label ending in a backslash, written without escaping it: the backslash eats the quote.
        let unescaped = try Graphviz.svg(#"digraph "g" { "a" [label="ends\"]; }"#)
        #expect(unescaped.status != 0)
        #expect(unescaped.stderr.contains("syntax error"))
        // The same label through DOTGraph is fine.
        var graph = DOTGraph(name: "g")
        graph.nodes.append(DOTGraph.Node(id: "a", attributes: ["label": "ends\\"]))
        let escaped = try Graphviz.svg(graph.rendered())
        #expect(escaped.status == 0, "\(escaped.stderr)")
        #expect(escaped.svg.contains(">ends\\</text>"))
    }

    // MARK: Structure

    @Test func dualTunnelBGPHasBothTunnelsAndECMPFlows() throws {
        let graph = try Self.graph("dual-tunnel-bgp")
        let tunnels = Self.edges(graph, class: "tunnel up")
        #expect(tunnels.map { "\($0.from) \($0.to)" } == ["\(Self.tunnel1) \(Self.dc1)", "\(Self.tunnel2) \(Self.dc1)"])
        #expect(Self.edges(graph, class: "tunnel down").isEmpty)

        // The TR default table sends both data-center prefixes to the VPN attachment.
        let toVPN = graph.edges(from: Self.defaultTable, to: Self.vpn)
        #expect(toVPN.count == 1)
        #expect(Self.label(toVPN.first) == ["172.16.10.0/24", "192.168.0.0/16"])
        #expect(toVPN.first?.attributes["class"] == "flow next-hop active")

        // Each learned prefix goes over both tunnels (ECMP); the CLOUD rows go out on both.
        for tunnel in [Self.tunnel1, Self.tunnel2] {
            let flows = graph.edges(from: Self.bgp, to: tunnel)
            let learned = flows.first { $0.attributes["class"] == "flow next-hop active" }
            #expect(Self.label(learned) == ["172.16.10.0/24 (ECMP)", "192.168.0.0/16 (ECMP)"])
            let cloud = flows.first { $0.attributes["class"] == "flow advertise active" }
            #expect(Self.label(cloud) == ["advertised (CLOUD):", "10.0.0.0/16", "10.1.0.0/16"])
        }
        #expect(graph.node(Self.tunnel1)?.attributes["label"]?.contains("up") == true)
    }

    @Test func associationAndPropagationEdgesLookDifferent() throws {
        let graph = try Self.graph("dual-tunnel-bgp")
        let edges = graph.edges(from: Self.vpn, to: Self.defaultTable)
        let association = try #require(edges.first { $0.attributes["class"] == "association" })
        let propagation = try #require(edges.first { $0.attributes["class"] == "propagation" })
        #expect(association.attributes["color"] != propagation.attributes["color"])
        #expect(association.attributes["arrowhead"] != propagation.attributes["arrowhead"])
        #expect(association.attributes["label"] == "associated")
        #expect(propagation.attributes["label"] == "propagates")
        // Both VPCs are associated and propagate too.
        #expect(Self.edges(graph, class: "association").count == 3)
        #expect(Self.edges(graph, class: "propagation").count == 3)
    }

    @Test func associationOffHasNoAssociationEdgeAndSaysSo() throws {
        let graph = try Self.graph("association-off")
        let fromVPN = graph.edges.filter { $0.from == Self.vpn }
        #expect(!fromVPN.contains { $0.attributes["class"] == "association" })
        #expect(fromVPN.contains { $0.attributes["class"] == "propagation" })
        #expect(graph.node(Self.vpn)?.attributes["label"]?.contains("associated: none (association off)") == true)
        #expect(graph.node(Self.bgp)?.attributes["label"]?.contains("no CLOUD rows: no associated table") == true)
        #expect(Self.edges(graph, class: "flow advertise active").isEmpty)
    }

    @Test func propagationOffHasNoPropagationEdgeAndNoFlowToTheConnection() throws {
        let graph = try Self.graph("propagation-off")
        #expect(!graph.edges.contains { $0.from == Self.vpn && $0.attributes["class"] == "propagation" })
        #expect(graph.edges(from: Self.defaultTable, to: Self.vpn).isEmpty)
        #expect(graph.node(Self.vpn)?.attributes["label"]?.contains("propagates to: none (propagation off)") == true)
        // The connection still learns the prefixes and advertises the VPC CIDRs.
        #expect(Self.edges(graph, class: "flow advertise active").count == 2)
    }

    @Test func advertiseRoutesOffHasNoCLOUDEdges() throws {
        let graph = try Self.graph("advertise-routes-off")
        #expect(Self.edges(graph, class: "flow advertise active").isEmpty)
        #expect(graph.node(Self.vpn)?.attributes["label"]?.contains("Advertise Routes: off") == true)
        #expect(graph.node(Self.bgp)?.attributes["label"]?.contains("no CLOUD rows: Advertise Routes off") == true)
    }

    @Test func tunnelOneDownIsDashedRedWithTheReasonAndCarriesNothing() throws {
        let graph = try Self.graph("tunnel-1-down")
        let down = Self.edges(graph, class: "tunnel down")
        #expect(down.map(\.from) == [Self.tunnel1])
        #expect(down.first?.attributes["style"] == "dashed")
        #expect(down.first?.attributes["label"] == "down: administratively down")
        #expect(graph.node(Self.tunnel1)?.attributes["label"]?.contains("down: administratively down") == true)
        #expect(graph.node(Self.tunnel1)?.attributes["style"] == "dashed")
        #expect(Self.edges(graph, class: "tunnel up").map(\.from) == [Self.tunnel2])
        #expect(graph.edges.filter { $0.to == Self.tunnel1 }.isEmpty)
        let learned = graph.edges(from: Self.bgp, to: Self.tunnel2).first { $0.attributes["class"] == "flow next-hop active" }
        #expect(Self.label(learned) == ["172.16.10.0/24", "192.168.0.0/16"])
    }

    @Test func aTunnelTakenDownInTheModelShowsTheModelsReason() throws {
        let document = try Self.document(json: Self.text("dual-tunnel-bgp"))
        var model = document.model()
        model.setTunnel(connection: "vco-dc1", tunnel: 2, up: false, reason: .dpdTimeout)
        let graph = GraphvizDOT.graph(document: document, model: model)
        #expect(Self.edges(graph, class: "tunnel down").first?.attributes["label"] == "down: DPD timeout")
        #expect(Self.edges(graph, class: "tunnel down").map(\.from) == [Self.tunnel2])
        let learned = graph.edges(from: Self.bgp, to: Self.tunnel1).first { $0.attributes["class"] == "flow next-hop active" }
        #expect(Self.label(learned) == ["172.16.10.0/24", "192.168.0.0/16"])
    }

    @Test func activeStandbyDrawsTunnelTwoAsStandby() throws {
        let graph = try Self.graph("active-standby")
        let standby = graph.edges(from: Self.bgp, to: Self.tunnel2).first { $0.attributes["class"] == "flow next-hop standby" }
        #expect(standby?.attributes["style"] == "dashed")
        #expect(Self.label(standby) == ["172.16.10.0/24 (active_standby)", "192.168.0.0/16 (active_standby)"])
        let active = graph.edges(from: Self.bgp, to: Self.tunnel1).first { $0.attributes["class"] == "flow next-hop active" }
        #expect(Self.label(active) == ["172.16.10.0/24", "192.168.0.0/16"])
    }

    @Test func twoDataCentersEachBehindTheirOwnTunnels() throws {
        let graph = try Self.graph("two-data-centers")
        let dc2 = GraphvizDOT.dataCenterNodeID("dc2")
        #expect(graph.node(Self.dc1) != nil && graph.node(dc2) != nil)
        let links = Self.edges(graph, class: "tunnel up").map { "\($0.from) \($0.to)" }
        #expect(links == [
            "\(Self.tunnel1) \(Self.dc1)", "\(Self.tunnel2) \(Self.dc1)",
            "\(GraphvizDOT.tunnelNodeID(connection: "vco-dc2", tunnel: 1)) \(dc2)",
            "\(GraphvizDOT.tunnelNodeID(connection: "vco-dc2", tunnel: 2)) \(dc2)",
        ])
        // The system Reject keeps each data center's prefix from the other, and the picture says why.
        let label = graph.node(Self.bgp)?.attributes["label"] ?? ""
        #expect(label.contains("172.20.0.0/16: blocked by the system Reject policy 5000"))
        let cloud = Self.edges(graph, class: "flow advertise active").filter { $0.from == Self.bgp }
        #expect(cloud.allSatisfy { !Self.label($0).contains("172.20.0.0/16") })
    }

    @Test func twoAttachmentsForOnePrefixAreMarkedECMPInTheTRTable() throws {
        let json = try Self.text("two-data-centers").replacingOccurrences(of: "\"prefix\": \"172.20.0.0/16\"", with: "\"prefix\": \"192.168.0.0/16\"")
        let document = try Self.document(json: json)
        let graph = GraphvizDOT.graph(document: document, model: document.model())
        for attachment in ["tr-attach-vco-dc1", "tr-attach-vco-dc2"] {
            let edge = graph.edges(from: Self.defaultTable, to: GraphvizDOT.attachmentNodeID(attachment)).first
            #expect(Self.label(edge) == ["192.168.0.0/16 (ECMP 2)"])
            #expect(edge?.attributes["class"] == "flow next-hop active")
        }
    }

    @Test func staticRoutesAndABlackholeAreDrawn() throws {
        let graph = try Self.graph("destination-routing-static")
        let blackhole = GraphvizDOT.blackholeNodeID(table: "vtb-default")
        #expect(graph.node(blackhole) != nil)
        #expect(Self.label(graph.edges(from: Self.defaultTable, to: blackhole).first) == ["10.99.0.0/16 (static)"])
        let app = graph.edges(from: Self.defaultTable, to: GraphvizDOT.attachmentNodeID("tr-attach-vpc-app")).first
        #expect(Self.label(app) == ["10.0.0.0/16", "10.2.0.0/16 (static)"])
        // Destination routes go over both tunnels; BGP is off, and the settings say so.
        let destination = GraphvizDOT.destinationTableNodeID(connection: "vco-dc1")
        #expect(Self.label(graph.edges(from: destination, to: Self.tunnel1).first) == ["172.16.10.0/24", "192.168.0.0/16"])
        #expect(graph.node(Self.bgp)?.attributes["label"]?.contains("BGP off") == true)
        #expect(graph.node(Self.vpn)?.attributes["label"]?.contains("Advertise Routes: on (no effect: BGP off)") == true)
    }

    @Test func protectedDataFlowsRoutesAreMarkedPolicy() throws {
        let graph = try Self.graph("protected-data-flows")
        let destination = GraphvizDOT.destinationTableNodeID(connection: "vco-dc1")
        #expect(Self.label(graph.edges(from: destination, to: Self.tunnel2).first) == ["172.16.10.0/24 (policy)", "192.168.0.0/16 (policy)"])
    }

    @Test func onePrefixOptionKeepsOnlyThatPrefixsFlows() throws {
        let prefix = try #require(IPv4Prefix("192.168.0.0/16"))
        let graph = try Self.graph("dual-tunnel-bgp", options: GraphvizDOTOptions(prefix: prefix))
        let flows = graph.edges.filter { $0.attributes["class"]?.hasPrefix("flow") == true }
        #expect(flows.map { "\($0.from) \($0.to)" } == [
            "\(Self.defaultTable) \(Self.vpn)", "\(Self.bgp) \(Self.tunnel1)", "\(Self.bgp) \(Self.tunnel2)",
        ])
        #expect(flows.allSatisfy { Self.label($0).allSatisfy { $0.hasPrefix("192.168.0.0/16") } })
        #expect(graph.attributes["label"] == "flows of 192.168.0.0/16 only")

        let missing = try Self.graph("dual-tunnel-bgp", options: GraphvizDOTOptions(prefix: IPv4Prefix("203.0.113.0/24")))
        #expect(!missing.edges.contains { $0.attributes["class"]?.hasPrefix("flow") == true })
        #expect(missing.attributes["label"] == "flows of 203.0.113.0/24 only: no table holds 203.0.113.0/24")
    }

    @Test func longPrefixListsAreCutWithACount() throws {
        let graph = try Self.graph("dual-tunnel-bgp", options: GraphvizDOTOptions(prefixesPerEdge: 1))
        #expect(Self.label(graph.edges(from: Self.defaultTable, to: Self.vpn).first) == ["172.16.10.0/24", "+1 more"])
        let cloud = graph.edges(from: Self.bgp, to: Self.tunnel1).first { $0.attributes["class"] == "flow advertise active" }
        #expect(Self.label(cloud) == ["advertised (CLOUD):", "10.0.0.0/16", "+1 more"])
        #expect(GraphvizDOTOptions(prefixesPerEdge: 0).prefixesPerEdge == 1)
    }

    @Test func theLegendCanBeLeftOut() throws {
        #expect(!Self.edges(try Self.graph("dual-tunnel-bgp"), class: "legend").isEmpty)
        let graph = try Self.graph("dual-tunnel-bgp", options: GraphvizDOTOptions(legend: false))
        #expect(Self.edges(graph, class: "legend").isEmpty)
        #expect(!graph.allNodes.contains { $0.id.hasPrefix("legend:") })
    }

    @Test func theOutputIsDeterministic() throws {
        let json = try Self.text("two-data-centers")
        let first = try Self.document(json: json)
        let second = try Self.document(json: json)
        #expect(GraphvizDOT.render(document: first, model: first.model()) == GraphvizDOT.render(document: second, model: second.model()))
    }

    // MARK: Quoting

    @Test(arguments: [
        ("plain", "\"plain\""),
        ("tr \"x\"", "\"tr \\\"x\\\"\""),
        ("a\\b", "\"a\\\\b\""),
        ("ends with \\", "\"ends with \\\\\""),
        ("two\nlines", "\"two\\nlines\""),
        ("bell\u{7}tab\t", "\"bell tab \""),
        ("node", "\"node\""),
        ("<b>{x}|y", "\"<b>{x}|y\""),
        ("é 漢", "\"é 漢\""),
    ])
    func quotedEscapesQuotesBackslashesAndLineBreaks(_ text: String, _ expected: String) {
        #expect(DOTGraph.quoted(text) == expected)
    }

    @Test func attributeNamesThatAreNotIdentifiersAreQuoted() {
        var graph = DOTGraph(name: "g")
        graph.nodes.append(DOTGraph.Node(id: "n", attributes: ["label": "x", "node": "y", "a b": "z"]))
        #expect(graph.rendered() == "digraph \"g\" {\n  \"n\" [\"a b\"=\"z\", label=\"x\", \"node\"=\"y\"];\n}\n")
    }

    @Test func oddTopologyIDsAreEscapedAndGraphvizReadsThemBack() throws {
        // The loader refuses such IDs and names (id_invalid, name_control_character); the DOT writer
        // escapes them all the same, for a document built in code.
        let json = try Self.text("dual-tunnel-bgp").replacingOccurrences(of: "vtb-default", with: "subgraph")
        var document = try Self.document(json: json)
        for i in document.transitRouter.attachments.indices where document.transitRouter.attachments[i].id == "tr-attach-vco-dc1" {
            document.transitRouter.attachments[i].id = #"tr "attach" \ node"#
        }
        document.dataCenters[0].name = "dc {1} ->\n<b>"
        let graph = GraphvizDOT.graph(document: document, model: document.model())
        let attachment = GraphvizDOT.attachmentNodeID(#"tr "attach" \ node"#)
        #expect(graph.node(attachment) != nil)
        #expect(graph.node(GraphvizDOT.dataCenterNodeID("dc {1} ->\n<b>")) != nil)
        let text = graph.rendered()
        #expect(text.contains(#""attachment:tr \"attach\" \\ node" -> "table:subgraph""#))
        #expect(text.contains(#""datacenter:dc {1} ->\n<b>""#))

        let result = try Graphviz.svg(text)
        #expect(result.status == 0, "dot failed: \(result.stderr)")
        #expect(Graphviz.count(of: "class=\"node\"", in: result.svg) == Graphviz.visibleNodes(graph))
        #expect(Graphviz.count(of: "class=\"edge", in: result.svg) == graph.edges.count)
        // The label comes back as written (SVG escapes the quotes).
        #expect(result.svg.contains("VPN attachment tr &quot;attach&quot; \\ node"))
    }
}
