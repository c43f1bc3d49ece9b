import CloudRouting
import ConnectionParameters
import Foundation
import NetworkPrimitives
import Testing
import Topology

/// The scenario topologies under `Topologies/`: each loads cleanly and gives the tables its
/// `description` states (reference §4, §5, §10).
struct BundledScenarioTests {
    // MARK: Rendering (the style of BundledTopologyTests, plus status and reason)

    /// `prefix next-hop origin status[ (reason)]` for every entry of a TR table.
    static func trRows(_ tables: CloudTables, _ table: String = "vtb-default") -> [String] {
        (tables.transitRouter[table] ?? []).map {
            "\($0.prefix) \($0.nextHopAttachment ?? "-") \($0.originType.rawValue) \($0.statusText)"
        }
    }

    /// `prefix source tunnels [as path] status[ (reason)]` for every row of a connection's BGP table.
    /// A row's other tunnel paths follow it as `  also [tunnel] [as path] status (reason)`.
    static func bgpRows(_ tables: CloudTables, _ connection: String = "vco-dc1") -> [String] {
        (tables.connections[connection]?.bgp ?? []).flatMap { entry in
            [row(entry)] + entry.otherPaths.map { "  also [\($0.tunnel)] [\($0.asPath)] \($0.statusText)" }
        }
    }

    /// Same rendering for the connection's destination-based table.
    static func destinationRows(_ tables: CloudTables, _ connection: String = "vco-dc1") -> [String] {
        (tables.connections[connection]?.destination ?? []).map(row)
    }

    static func row(_ entry: ConnectionRouteEntry) -> [String].Element {
        "\(entry.prefix) \(entry.source.rawValue) \(entry.tunnels) [\(entry.asPath)] \(entry.statusText)"
    }

    /// Loads a bundled topology and checks it has no issue at all (no error, no warning).
    static func loadClean(_ name: String) throws -> TopologyDocument {
        let document = try BundledTopologyTests.load(name)
        #expect(document.warnings.isEmpty, "\(name): \(document.warnings)")
        #expect(!document.description.isEmpty, "\(name) has no description")
        return document
    }

    /// The TR default table of the dual-tunnel scenario when the data center's routes propagate.
    static let dualTunnelTR = [
        "10.0.0.0/16 tr-attach-vpc-app System Active",
        "10.1.0.0/16 tr-attach-vpc-db System Active",
        "172.16.10.0/24 tr-attach-vco-dc1 BGP Active",
        "192.168.0.0/16 tr-attach-vco-dc1 BGP Active",
    ]

    // MARK: Every folder

    @Test func everyBundledFolderLoadsWithoutErrors() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Topologies")
        let entries = try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: [.isDirectoryKey])
        let folders = try entries.filter { try $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory == true }
            .map(\.lastPathComponent).sorted()
        #expect(folders.count >= 12)
        for folder in folders {
            let document = try BundledTopologyTests.load(folder)
            #expect(document.warnings.filter { $0.severity == .error }.isEmpty, "\(folder)")
            #expect(!document.description.isEmpty, "\(folder) has no description")
            _ = document.model()
        }
    }

    // MARK: Routing modes without BGP

    @Test func protectedDataFlowsPublishesTheAutomaticRoutesToTheTR() throws {
        let document = try Self.loadClean("protected-data-flows")
        #expect(document.negotiation()["vco-dc1"] == [1: .phase2Succeeded, 2: .phase2Succeeded])
        let tables = document.model().tables
        #expect(Self.destinationRows(tables) == [
            "172.16.10.0/24 policy [1, 2] [] published",
            "192.168.0.0/16 policy [1, 2] [] published",
        ])
        #expect(Self.bgpRows(tables) == [])
        #expect(Self.trRows(tables) == [
            "10.0.0.0/16 tr-attach-vpc-app System Active",
            "10.1.0.0/16 tr-attach-vpc-db System Active",
            "172.16.10.0/24 tr-attach-vco-dc1 Static Active",
            "192.168.0.0/16 tr-attach-vco-dc1 Static Active",
        ])
    }

    @Test func destinationRoutingWithUserRoutesATRStaticRouteAndABlackhole() throws {
        let document = try Self.loadClean("destination-routing-static")
        let tables = document.model().tables
        #expect(Self.destinationRows(tables) == [
            "172.16.10.0/24 custom [1, 2] [] published",
            "192.168.0.0/16 custom [1, 2] [] published",
        ])
        #expect(Self.bgpRows(tables) == [])
        #expect(Self.trRows(tables) == [
            "10.0.0.0/16 tr-attach-vpc-app System Active",
            "10.1.0.0/16 tr-attach-vpc-db System Active",
            "10.2.0.0/16 tr-attach-vpc-app Static Active",
            "10.99.0.0/16 - BlackHole Active",
            "172.16.10.0/24 tr-attach-vco-dc1 Static Active",
            "192.168.0.0/16 tr-attach-vco-dc1 Static Active",
        ])
        let types = (tables.transitRouter["vtb-default"] ?? []).map(\.type.rawValue)
        #expect(types == ["Propagated", "Propagated", "Static", "Static", "Propagated", "Propagated"])
    }

    // MARK: The three advanced settings

    @Test func advertiseRoutesOffSendsNoCloudRoutes() throws {
        let tables = try Self.loadClean("advertise-routes-off").model().tables
        #expect(Self.trRows(tables) == Self.dualTunnelTR)
        #expect(Self.bgpRows(tables) == [
            "172.16.10.0/24 VPN_BGP [1, 2] [65001] Active",
            "192.168.0.0/16 VPN_BGP [1, 2] [65001] Active",
        ])
    }

    @Test func associationOffLeavesNoTableToAdvertise() throws {
        let model = try Self.loadClean("association-off").model()
        #expect(model.setting(.associateDefaultTable, connection: "vco-dc1") == false)
        #expect(model.attachments["tr-attach-vco-dc1"]?.associatedTable == nil)
        #expect(Self.trRows(model.tables) == Self.dualTunnelTR)
        #expect(Self.bgpRows(model.tables) == [
            "172.16.10.0/24 VPN_BGP [1, 2] [65001] Active",
            "192.168.0.0/16 VPN_BGP [1, 2] [65001] Active",
        ])
    }

    @Test func propagationOffKeepsTheDataCenterOutOfTheTR() throws {
        let tables = try Self.loadClean("propagation-off").model().tables
        #expect(Self.trRows(tables) == [
            "10.0.0.0/16 tr-attach-vpc-app System Active",
            "10.1.0.0/16 tr-attach-vpc-db System Active",
        ])
        #expect(Self.bgpRows(tables) == [
            "172.16.10.0/24 VPN_BGP [1, 2] [65001] Active",
            "192.168.0.0/16 VPN_BGP [1, 2] [65001] Active",
            "10.0.0.0/16 CLOUD [1, 2] [] Active",
            "10.1.0.0/16 CLOUD [1, 2] [] Active",
        ])
    }

    // MARK: Several data centers

    @Test func twoDataCentersDoNotLearnEachOthersPrefix() throws {
        let document = try Self.loadClean("two-data-centers")
        #expect(document.negotiation()["vco-dc2"] == [1: .phase2Succeeded, 2: .phase2Succeeded])
        let tables = document.model().tables
        #expect(Self.trRows(tables) == [
            "10.0.0.0/16 tr-attach-vpc-app System Active",
            "10.1.0.0/16 tr-attach-vpc-db System Active",
            "172.20.0.0/16 tr-attach-vco-dc2 BGP Active",
            "192.168.0.0/16 tr-attach-vco-dc1 BGP Active",
        ])
        #expect(Self.bgpRows(tables, "vco-dc1") == [
            "192.168.0.0/16 VPN_BGP [1, 2] [65001] Active",
            "10.0.0.0/16 CLOUD [1, 2] [] Active",
            "10.1.0.0/16 CLOUD [1, 2] [] Active",
        ])
        #expect(Self.bgpRows(tables, "vco-dc2") == [
            "172.20.0.0/16 VPN_BGP [1, 2] [65002] Active",
            "10.0.0.0/16 CLOUD [1, 2] [] Active",
            "10.1.0.0/16 CLOUD [1, 2] [] Active",
        ])
    }

    // MARK: Choosing between the two tunnels

    @Test func activeStandbyPrefersTunnel1() throws {
        let tables = try Self.loadClean("active-standby").model().tables
        #expect(Self.trRows(tables) == Self.dualTunnelTR)
        #expect(Self.bgpRows(tables) == [
            "172.16.10.0/24 VPN_BGP [1] [65001] Active",
            "  also [2] [65001] Standby (active_standby)",
            "192.168.0.0/16 VPN_BGP [1] [65001] Active",
            "  also [2] [65001] Standby (active_standby)",
            "10.0.0.0/16 CLOUD [1, 2] [] Active",
            "10.1.0.0/16 CLOUD [1, 2] [] Active",
        ])
    }

    @Test func prependingOnTunnel2MakesItStandby() throws {
        let tables = try Self.loadClean("prepend-tunnel-2").model().tables
        #expect(Self.trRows(tables) == Self.dualTunnelTR)
        #expect(Self.bgpRows(tables) == [
            "172.16.10.0/24 VPN_BGP [1] [65001] Active",
            "  also [2] [65001 65001 65001] Standby (as_path_length)",
            "192.168.0.0/16 VPN_BGP [1] [65001] Active",
            "  also [2] [65001 65001 65001] Standby (as_path_length)",
            "10.0.0.0/16 CLOUD [1, 2] [] Active",
            "10.1.0.0/16 CLOUD [1, 2] [] Active",
        ])
    }

    @Test func tunnel1DownLeavesOnlyTunnel2() throws {
        let document = try Self.loadClean("tunnel-1-down")
        let model = document.model()
        #expect(model.connections["vco-dc1"]?.tunnels.map(\.isUp) == [false, true])
        #expect(Self.trRows(model.tables) == Self.dualTunnelTR)
        #expect(Self.bgpRows(model.tables) == [
            "172.16.10.0/24 VPN_BGP [2] [65001] Active",
            "192.168.0.0/16 VPN_BGP [2] [65001] Active",
            "10.0.0.0/16 CLOUD [2] [] Active",
            "10.1.0.0/16 CLOUD [2] [] Active",
        ])
    }

    // MARK: Identifiers

    @Test func asdotASNsLoadAsTheirAsplainValues() throws {
        let document = try Self.loadClean("asdot-asn")
        #expect(document.customerGateways.map { $0.asn?.rawValue } == [4_200_000_001, 4_200_000_001])
        #expect(document.dataCenters.map(\.asn.rawValue) == [4_200_000_001])
        #expect(document.connections.first?.tunnels.map { $0.bgp?.localASN.rawValue } == [4_200_000_000, 4_200_000_000])
        let tables = document.model().tables
        #expect(Self.trRows(tables) == [
            "10.0.0.0/16 tr-attach-vpc-app System Active",
            "10.1.0.0/16 tr-attach-vpc-db System Active",
            "172.16.10.0/24 tr-attach-vco-dc1 BGP Active",
            "192.168.0.0/16 tr-attach-vco-dc1 BGP Active",
        ])
        #expect(Self.bgpRows(tables) == [
            "172.16.10.0/24 VPN_BGP [1, 2] [4200000001] Active",
            "192.168.0.0/16 VPN_BGP [1, 2] [4200000001] Active",
            "10.0.0.0/16 CLOUD [1, 2] [] Active",
            "10.1.0.0/16 CLOUD [1, 2] [] Active",
        ])
    }

    @Test func crossAccountAttachmentRoutesLikeTheSameAccount() throws {
        let document = try Self.loadClean("cross-account")
        #expect(document.connections.first?.attachTo == .otherAccount(accountID: "1234567890123456", cenID: nil))
        let tables = document.model().tables
        #expect(Self.trRows(tables) == Self.dualTunnelTR)
        #expect(Self.bgpRows(tables) == [
            "172.16.10.0/24 VPN_BGP [1, 2] [65001] Active",
            "192.168.0.0/16 VPN_BGP [1, 2] [65001] Active",
            "10.0.0.0/16 CLOUD [1, 2] [] Active",
            "10.1.0.0/16 CLOUD [1, 2] [] Active",
        ])
    }
}
