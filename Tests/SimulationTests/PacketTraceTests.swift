import CloudRouting
import ConnectionParameters
import Foundation
import NetworkPrimitives
import Simulation
import Testing
import Topology

/// `trace` and `reach`: the forwarding rules (reference §10 item 1), the failover a trace shows, and
/// the goldens of every bundled topology in `Tests/Goldens/trace` and `Tests/Goldens/reach`
/// (`UPDATE_GOLDENS=1 swift test --filter PacketTraceTests` rewrites them).
struct PacketTraceTests {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Goldens")

    static func tracer(_ document: TopologyDocument, at seconds: Int? = nil, strictTableOrder: Set<String>? = nil) -> PacketTracer {
        var simulation = RouteSimulation(document: document)
        simulation.run(until: seconds.map { .seconds($0) } ?? simulation.endTime)
        return PacketTracer(document: document, model: simulation.model, state: simulation.state(), strictTableOrder: strictTableOrder)
    }

    static func address(_ text: String) -> IPv4Address { IPv4Address(text)! }

    // MARK: Failover

    @Test func traceFromTheDataCenterShowsTheTunnelsChangeOnFailover() throws {
        let document = try BundledTopologies.load("tunnel-1-failover")
        let before = Self.tracer(document, at: 80).trace(from: .dataCenter("dc1"), to: Self.address("10.0.0.5"))
        let after = Self.tracer(document, at: 100).trace(from: .dataCenter("dc1"), to: Self.address("10.0.0.5"))
        // At 80 s tunnel 1's gateway is silent but DPD has not declared it down: dc1 still sends on both
        // tunnels, and what goes into tunnel 1 is lost.
        #expect(before.path.hops.first?.nextHops == ["vco-dc1/1", "vco-dc1/2"])
        guard case .branches(let branches) = before.path.ending else {
            Issue.record("at 80 s the trace should branch over both tunnels: \(before.text())")
            return
        }
        #expect(branches.map(\.via) == ["vco-dc1/1", "vco-dc1/2"])
        #expect(branches.map(\.path.results) == [[.blackhole], [.delivered]])
        #expect(before.path.result == "delivered+blackhole")
        // At 100 s tunnel 1 is down: only tunnel 2, and everything arrives.
        #expect(after.path.hops.first?.nextHops == ["vco-dc1/2"])
        #expect(after.path.results == [.delivered])
        #expect(after.path.firstDelivery == "tr-attach-vpc-app")
        #expect(after.path.hops.map(\.table) == ["dc1/received", "tunnel", "tr/vtb-default"])
        // And from the cloud side, the connection's BGP route uses tunnel 2 only.
        let back = Self.tracer(document, at: 100).trace(from: .vpcAttachment("tr-attach-vpc-app"), to: Self.address("192.168.1.1"))
        #expect(back.path.hops.first(where: { $0.table == "vco-dc1/bgp" })?.nextHops == ["vco-dc1/2"])
    }

    // MARK: The lookup inside a connection (§10 item 1)

    /// dual-tunnel-bgp with destination-based routes that overlap what the data center announces over BGP.
    static func overlappingDocument() throws -> TopologyDocument {
        let url = BundledTopologies.folder.appendingPathComponent("dual-tunnel-bgp/topology.json")
        var text = try String(contentsOf: url, encoding: .utf8)
        let anchor = "\"enable_tunnels_bgp\": true,"
        #expect(text.contains(anchor))
        text = text.replacingOccurrences(of: anchor, with: anchor + """
             "destination_routes": [{"route_dest": "192.168.0.0/16"}, {"route_dest": "172.16.0.0/12"}],
            """)
        return try BundledTopologies.load(text: text)
    }

    @Test func longestMatchAcrossTheDestinationAndBGPTablesDestinationWinsTies() throws {
        let tracer = Self.tracer(try Self.overlappingDocument())
        // The BGP /24 is longer than the destination /12: BGP.
        let longer = tracer.trace(from: .connection("vco-dc1"), to: Self.address("172.16.10.5"))
        #expect(longer.path.hops.first?.table == "vco-dc1/bgp")
        #expect(longer.path.hops.first?.matchedPrefix == IPv4Prefix("172.16.10.0/24"))
        #expect(longer.path.hops.first?.rule == .longestPrefix)
        // Outside the /24 only the destination /12 matches.
        let shorter = tracer.trace(from: .connection("vco-dc1"), to: Self.address("172.17.0.1"))
        #expect(shorter.path.hops.first?.table == "vco-dc1/destination")
        #expect(shorter.path.hops.first?.matchedPrefix == IPv4Prefix("172.16.0.0/12"))
        #expect(shorter.path.hops.first?.rule == nil, "one table matched: no rule had to choose")
        // The same /16 in both tables: the destination-based route wins.
        let tie = tracer.trace(from: .connection("vco-dc1"), to: Self.address("192.168.1.1"))
        #expect(tie.path.hops.first?.table == "vco-dc1/destination")
        #expect(tie.path.hops.first?.matchedPrefix == IPv4Prefix("192.168.0.0/16"))
        #expect(tie.path.hops.first?.rule == .destinationWinsTie)
        #expect(tie.path.hops.first?.nextHops == ["vco-dc1/1", "vco-dc1/2"])
        #expect(tie.path.results == [.delivered])
    }

    @Test func strictTableOrderTakesTheDestinationTableFirst() throws {
        let tracer = Self.tracer(try Self.overlappingDocument(), strictTableOrder: ["vco-dc1"])
        let trace = tracer.trace(from: .connection("vco-dc1"), to: Self.address("172.16.10.5"))
        #expect(trace.path.hops.first?.table == "vco-dc1/destination")
        #expect(trace.path.hops.first?.matchedPrefix == IPv4Prefix("172.16.0.0/12"))
        #expect(trace.path.hops.first?.rule == .strictTableOrder)
    }

    /// §10 item 1's setting from the topology file (`strict_table_order` on the connection, bundled
    /// `strict-table-order`): the destination-based /12 on both tunnels instead of the BGP /24 that
    /// dc1 announces on tunnel 2 only; `trace` and `explain` name the rule.
    @Test func strictTableOrderSettingIsReadFromTheTopology() throws {
        let document = try BundledTopologies.load("strict-table-order")
        let tracer = Self.tracer(document)
        let trace = tracer.trace(from: .vpcAttachment("tr-attach-vpc-app"), to: Self.address("172.16.10.5"))
        let hop = try #require(trace.path.hops.first { $0.node == "vco-dc1" })
        #expect(hop.table == "vco-dc1/destination")
        #expect(hop.matchedPrefix == IPv4Prefix("172.16.0.0/12"))
        #expect(hop.nextHops == ["vco-dc1/1", "vco-dc1/2"])
        #expect(hop.rule == .strictTableOrder)
        #expect(trace.text().contains("vco-dc1 [vco-dc1/destination] 172.16.0.0/12 published (rule: strict_table_order) -> vco-dc1/1, vco-dc1/2"),
                "\(trace.text())")
        // Without the setting: the longest match, the BGP /24, on tunnel 2 only.
        let longest = Self.tracer(document, strictTableOrder: []).trace(from: .vpcAttachment("tr-attach-vpc-app"), to: Self.address("172.16.10.5"))
        let plain = try #require(longest.path.hops.first { $0.node == "vco-dc1" })
        #expect(plain.table == "vco-dc1/bgp")
        #expect(plain.nextHops == ["vco-dc1/2"])
        #expect(plain.rule == .longestPrefix)
        let reasons = document.model().explain(IPv4Prefix("172.16.10.0/24")!, table: "vco-dc1/bgp").reasons
        #expect(reasons.contains(
            "strict table order on vco-dc1 (strict_table_order): traffic to 172.16.10.0/24 takes the destination-based route 172.16.0.0/12 before the BGP table, whatever the prefix length"),
            "\(reasons)")
    }

    // MARK: Ends

    @Test func anAddressNobodyAnnouncesHasNoRouteWithAReason() throws {
        let tracer = Self.tracer(try BundledTopologies.load("dual-tunnel-bgp"))
        let trace = tracer.trace(from: .vpcAttachment("tr-attach-vpc-app"), to: Self.address("198.51.100.1"))
        #expect(trace.path.results == [.noRoute])
        guard case .end(_, let at, let reasons) = trace.path.ending else {
            Issue.record("expected an end: \(trace.text())")
            return
        }
        #expect(at == "tr-demo")
        #expect(reasons == ["no data center announces and no attachment offers a prefix containing 198.51.100.1"])
    }

    @Test func withoutAssociationTrafficFromTheDataCenterHasNoTable() throws {
        let tracer = Self.tracer(try BundledTopologies.load("association-off"))
        let trace = tracer.trace(from: .connection("vco-dc1"), to: Self.address("10.0.0.1"))
        #expect(trace.path.results == [.noRoute])
    }

    @Test func aDataCenterWithoutBGPRoutesItsProtectedFlowsAndOwnsItsRemoteSubnets() throws {
        let tracer = Self.tracer(try BundledTopologies.load("protected-data-flows"))
        let out = tracer.trace(from: .dataCenter("dc1"), to: Self.address("10.0.0.1"))
        #expect(out.path.hops.first?.table == "dc1/static")
        #expect(out.path.results == [.delivered])
        let statics = try #require(tracer.source(named: "vpc-app"))
        let back = tracer.trace(from: statics, to: Self.address("192.168.1.1"))
        #expect(back.path.firstDelivery == "dc1")
        // Destination routing without BGP: nothing tells dc1 where the cloud is.
        let destination = Self.tracer(try BundledTopologies.load("destination-routing-static"))
        #expect(destination.trace(from: .dataCenter("dc1"), to: Self.address("10.0.0.1")).path.results == [.noRoute])
        #expect(destination.trace(from: .vpcAttachment("tr-attach-vpc-app"), to: Self.address("192.168.1.1")).path.results == [.delivered])
    }

    @Test func sourcesByVPCIDAndByName() throws {
        let tracer = Self.tracer(try BundledTopologies.load("dual-tunnel-bgp"))
        #expect(tracer.source(named: "vpc-app") == .vpcAttachment("tr-attach-vpc-app"))
        #expect(tracer.source(named: "tr-attach-vpc-app") == .vpcAttachment("tr-attach-vpc-app"))
        #expect(tracer.source(named: "dc1") == .dataCenter("dc1"))
        #expect(tracer.source(named: "vco-dc1") == .connection("vco-dc1"))
        #expect(tracer.source(named: "nowhere") == nil)
        let trace = tracer.trace(from: .vpcAttachment("tr-attach-vpc-app"), to: Self.address("192.168.7.7"), withReturn: true)
        #expect(trace.path.firstDelivery == "dc1")
        #expect(trace.returnPath?.source == .dataCenter("dc1"))
        #expect(trace.returnPath?.destination == Self.address("10.0.0.0"))
        #expect(trace.returnPath?.path.results == [.delivered])
    }

    @Test func reachChangesWhenAdvertiseRoutesIsTurnedOff() throws {
        let document = try BundledTopologies.load("dual-tunnel-bgp")
        let changes = ReachMatrix.changes(document, settings: [("vco-dc1", .advertiseRoutes, false)])
        // The data center no longer learns the VPC CIDRs: from dc1 they have no route.
        #expect(changes.contains(ReachMatrix.Change(source: "dc1", prefix: IPv4Prefix("10.0.0.0/16")!, before: "delivered", after: "no_route")))
        #expect(changes.allSatisfy { $0.before != $0.after })
    }

    // MARK: Goldens

    /// The traces of a topology: from every source to the first address of every announced or
    /// attached prefix, with the return path.
    static func traces(_ name: String) throws -> (text: String, json: String) {
        let tracer = Self.tracer(try BundledTopologies.load(name))
        var text: [String] = []
        var json: [JSONOutput] = []
        for source in tracer.sources {
            for prefix in tracer.announcedPrefixes {
                let trace = tracer.trace(from: source, to: prefix.address, withReturn: true)
                text.append(trace.text())
                json.append(trace.json())
            }
        }
        return (text.joined(separator: "\n\n") + "\n", JSONOutput.array(json).rendered() + "\n")
    }

    static func reach(_ name: String) throws -> (text: String, json: String) {
        let matrix = ReachMatrix.of(try BundledTopologies.load(name))
        return (matrix.text() + "\n", matrix.json().rendered() + "\n")
    }

    static func check(_ actual: String, golden folder: String, _ file: String) throws {
        let url = goldens.appendingPathComponent(folder).appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        let golden = (try? String(contentsOf: url, encoding: .utf8)) ?? "(no golden \(folder)/\(file))"
        if golden != actual {
            let expected = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let found = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(expected, found).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expected.count, found.count)
            Issue.record("""
                \(folder)/\(file) differs from the golden at line \(line + 1):
                  golden: \(line < expected.count ? String(expected[line]) : "(end)")
                  now:    \(line < found.count ? String(found[line]) : "(end)")
                Regenerate with UPDATE_GOLDENS=1 swift test --filter PacketTraceTests if the change is intended.
                """)
        }
    }

    @Test(arguments: BundledTopologies.names)
    func traceMatchesTheGolden(name: String) throws {
        let (text, json) = try Self.traces(name)
        try Self.check(text, golden: "trace", "\(name).txt")
        try Self.check(json, golden: "trace", "\(name).json")
        #expect(try JSONSerialization.jsonObject(with: Data(json.utf8)) is [[String: Any]])
    }

    @Test(arguments: BundledTopologies.names)
    func reachMatchesTheGolden(name: String) throws {
        let (text, json) = try Self.reach(name)
        try Self.check(text, golden: "reach", "\(name).txt")
        try Self.check(json, golden: "reach", "\(name).json")
    }

    @Test func everyBundledTopologyHasTraceAndReachGoldens() {
        #expect(BundledTopologies.names.count >= 13)
        for name in BundledTopologies.names {
            for file in ["trace/\(name).txt", "trace/\(name).json", "reach/\(name).txt", "reach/\(name).json"] {
                #expect(FileManager.default.fileExists(atPath: Self.goldens.appendingPathComponent(file).path), "no golden \(file)")
            }
        }
    }
}
