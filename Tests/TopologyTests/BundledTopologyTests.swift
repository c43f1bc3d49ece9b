import CloudRouting
import ConnectionParameters
import Foundation
import Testing
import Topology

/// The bundled topologies load without errors and give the tables their scenario describes.
struct BundledTopologyTests {
    static func load(_ name: String) throws -> TopologyDocument {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Topologies/\(name)/topology.json")
        let bytes = try [UInt8](Data(contentsOf: url))
        return try TopologyLoader.load(bytes)
    }

    @Test func dualTunnelBGPGivesECMPOverBothTunnelsAndTheVPCRoutesToTheDataCenter() throws {
        let document = try Self.load("dual-tunnel-bgp")
        #expect(document.warnings.filter { $0.severity == .error }.isEmpty)
        #expect(document.negotiation()["vco-dc1"] == [1: .phase2Succeeded, 2: .phase2Succeeded])
        let tables = document.model().tables
        let tr = (tables.transitRouter["vtb-default"] ?? []).map { "\($0.prefix) \($0.nextHopAttachment ?? "-") \($0.originType.rawValue) \($0.status.rawValue)" }
        #expect(tr == [
            "10.0.0.0/16 tr-attach-vpc-app System Active",
            "10.1.0.0/16 tr-attach-vpc-db System Active",
            "172.16.10.0/24 tr-attach-vco-dc1 BGP Active",
            "192.168.0.0/16 tr-attach-vco-dc1 BGP Active",
        ])
        let bgp = (tables.connections["vco-dc1"]?.bgp ?? []).map { "\($0.prefix) \($0.source.rawValue) \($0.tunnels) [\($0.asPath)]" }
        #expect(bgp == [
            "172.16.10.0/24 VPN_BGP [1, 2] [65001]",
            "192.168.0.0/16 VPN_BGP [1, 2] [65001]",
            "10.0.0.0/16 CLOUD [1, 2] []",
            "10.1.0.0/16 CLOUD [1, 2] []",
        ])
    }
}
