import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Testing

/// `prefixCount(transitRouterTable:)` and `bgpPrefixCount(connection:)` (what `show counts` reports)
/// follow UPDATEs learned one at a time, including a run of routes that share attributes (one
/// UPDATE, announced to the RIB as one batch), and the incremental tables equal a recomputation.
@Suite struct PrefixCountTests {
    static func model() -> CloudModel {
        var model = CloudModel(transitRouterID: "tr-1", region: "cn-hangzhou")
        let table = model.defaultTableID
        model.setAttachment(TransitRouterAttachment(
            id: "tr-attach-vpc-a", kind: .vpc, region: "cn-hangzhou", associatedTable: table, propagatesTo: [table],
            offeredRoutes: [OfferedRoute(prefix: cmPrefix("10.0.0.0/16"))]))
        model.setAttachment(TransitRouterAttachment(
            id: "tr-attach-vco-1", kind: .vpn, region: "cn-hangzhou", associatedTable: table, propagatesTo: [table],
            autoPublishRoutes: true, connectionID: "vco-1"))
        model.setConnection(VPNConnectionRouting(
            connectionID: "vco-1", attachmentID: "tr-attach-vco-1", customerASN: ASNumber(rawValue: 65001),
            tunnels: [TunnelRouting(index: 1, peerBGPAddress: IPv4Address(169, 254, 10, 2)),
                      TunnelRouting(index: 2, peerBGPAddress: IPv4Address(169, 254, 20, 2))],
            learnedRouteQuota: nil))
        return model
    }

    @Test func countsFollowAnnouncementsAndWithdrawals() {
        var model = PrefixCountTests.model()
        let table = model.defaultTableID
        #expect(model.prefixCount(transitRouterTable: table) == 1)
        #expect(model.bgpPrefixCount(connection: "vco-1") == 0)
        #expect(model.prefixCount(transitRouterTable: "vtb-none") == nil)

        // One UPDATE: five prefixes with the same attributes, then one with its own.
        let shared = cmRoute("192.168.0.0/24", path: [65001, 3356]).attributes
        let batch = (0 ..< 5).map { DataCenterRoute(prefix: cmPrefix("192.168.\($0).0/24"), attributes: shared) }
        model.learn(connection: "vco-1", tunnel: 1, announced: batch + [cmRoute("172.16.0.0/16", path: [65001])], withdrawn: [])
        #expect(model.prefixCount(transitRouterTable: table) == 7)
        #expect(model.bgpPrefixCount(connection: "vco-1") == 6)

        let incremental = cmRender(model.tables)
        model.recompute()
        #expect(cmRender(model.tables) == incremental)

        model.learn(connection: "vco-1", tunnel: 1, announced: [], withdrawn: [cmPrefix("192.168.0.0/24"), cmPrefix("172.16.0.0/16")])
        #expect(model.prefixCount(transitRouterTable: table) == 5)
        #expect(model.bgpPrefixCount(connection: "vco-1") == 4)
        #expect(model.receivedCount(connection: "vco-1", tunnel: 1) == 4)
    }
}
