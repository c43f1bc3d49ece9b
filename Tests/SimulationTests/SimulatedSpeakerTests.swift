import BGPDriver
import BGPWire
import CloudRouting
import Foundation
import NetworkPrimitives
@testable import Simulation
import Testing
import Topology

/// The simulated data center receives as an RFC 4271 router, as FRR does in the lab (reference §10
/// item 11), so `simulate` and `verify --lab` agree on the same file.
struct SimulatedSpeakerTests {
    /// dual-tunnel-bgp with a peer TR that offers two routes: one whose AS path went through the data
    /// center's AS (65001) on its way, and one that did not.
    static func documentWithALoopedPath() throws -> TopologyDocument {
        var text = try String(contentsOf: BundledTopologies.folder.appendingPathComponent("dual-tunnel-bgp/topology.json"), encoding: .utf8)
        let anchor = "\"vpc_attachments\": ["
        #expect(text.contains(anchor))
        text = text.replacingOccurrences(of: anchor, with: """
            "peer_attachments": [{"transit_router_attachment_id": "tr-attach-peer", "routes": [
              {"destination_cidr_block": "172.30.0.0/16", "as_path": [65010]},
              {"destination_cidr_block": "172.31.0.0/16", "as_path": [65010, 65001]}]}],
            \(anchor)
            """)
        return try BundledTopologies.load(text: text)
    }

    /// RFC 4271 §9.1.2: the cloud advertises 172.31.0.0/16 (its path holds AS 65001), and the data
    /// center, AS 65001, drops it on both tunnels; 172.30.0.0/16 arrives.
    @Test func dataCenterDropsPathsWithItsOwnAS() throws {
        let document = try Self.documentWithALoopedPath()
        var simulation = RouteSimulation(document: document)
        simulation.run(until: simulation.endTime)
        let state = simulation.state()
        let cloudRows = state.tables.connections["vco-dc1"]?.bgp.filter { $0.source == .cloud }.map(\.prefix.description) ?? []
        #expect(cloudRows.contains("172.31.0.0/16"), "the cloud side does advertise it: \(cloudRows)")
        for tunnel in [1, 2] {
            let received = state.dataCenterRoutes["dc1"]?[tunnel] ?? [:]
            #expect(received[IPv4Prefix("172.30.0.0/16")!]?.asPath == ASPath(sequence: [45104, 65010]), "tunnel \(tunnel): \(received.keys)")
            #expect(received[IPv4Prefix("172.31.0.0/16")!] == nil, "tunnel \(tunnel): \(received.keys)")
        }
    }

    /// A path that loops replaces what the peer had sent for the prefix (an implicit withdrawal), and
    /// a router without an AS of its own keeps everything.
    @Test func aLoopedPathWithdrawsThePreviousOne() {
        let key = RouteSessionKey(connectionID: "vco-dc1", tunnel: 1)
        let prefix = IPv4Prefix("10.0.0.0/16")!
        let clean = PathAttributes(origin: .igp, asPath: ASPath(sequence: [45104]), nextHop: IPv4Address(169, 254, 10, 1))
        var looped = clean
        looped.asPath = ASPath(sequence: [45104, 65001])
        var routes = DataCenterRoutes(localAS: 65001)
        routes.learn(announced: [prefix], attributes: clean, withdrawn: [], from: key)
        #expect(routes.received[prefix] == clean)
        routes.learn(announced: [prefix], attributes: looped, withdrawn: [], from: key)
        #expect(routes.received[prefix] == nil)
        var anyAS = DataCenterRoutes()
        anyAS.learn(announced: [prefix], attributes: looped, withdrawn: [], from: key)
        #expect(anyAS.received[prefix] == looped)
    }

    /// RFC 4271 §5.1.3: each side's driver treats its own tunnel address as an unusable NEXT_HOP (the
    /// driver's check is tested in BGPDriverTests, `impossibleNextHopsAreNotUsed`): the data center
    /// gets the `.2` of each /30 and its AS, the cloud side the `.1`.
    @Test func dataCenterDropsRoutesWithItsOwnNextHop() throws {
        let document = try BundledTopologies.load("dual-tunnel-bgp")
        let tunnels = RouteSimulation.tunnels(of: document)
        #expect(tunnels.map { $0.dataCenter?.driver.ownAddresses } == [[IPv4Address(169, 254, 10, 2)], [IPv4Address(169, 254, 20, 2)]])
        #expect(tunnels.map { $0.cloud?.driver.ownAddresses } == [[IPv4Address(169, 254, 10, 1)], [IPv4Address(169, 254, 20, 1)]])
        #expect(tunnels.map { $0.dataCenter?.dataCenterRoutes.localAS } == [65001, 65001])
    }
}
