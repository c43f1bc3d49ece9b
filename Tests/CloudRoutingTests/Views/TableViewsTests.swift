import BGPRouting
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Testing

/// The connection's BGP table as the vendor shows it (`DescribeVcoRouteEntries`: one entry per prefix
/// with `NextHopTunnelIdList`): one row per prefix and source, the other tunnels' paths as details.
struct TableViewsTests {
    private func rows(_ model: CloudModel, _ prefix: String) -> [ConnectionRouteEntry] {
        (model.tables.connections["vco-1"]?.bgp ?? []).filter { $0.prefix == cmPrefix(prefix) && $0.source == .vpnBGP }
    }

    @Test func ecmpIsOneRowWithBothTunnelsAndNoOtherPaths() {
        let route = cmRoute("192.168.0.0/16", path: [65001])
        let model = oneConnection(tunnel1: [route], tunnel2: [route])
        let found = rows(model, "192.168.0.0/16")
        #expect(found.count == 1)
        #expect(found.first?.tunnels == [1, 2] && found.first?.status == .active && found.first?.otherPaths == [])
    }

    @Test func aStandbyPathIsADetailOfTheActiveRow() {
        let model = oneConnection(tunnel1: [cmRoute("192.168.0.0/16", path: [65001, 65001])],
                                  tunnel2: [cmRoute("192.168.0.0/16", path: [65001])])
        let found = rows(model, "192.168.0.0/16")
        #expect(found.count == 1)
        // Tunnel 2's shorter path is Active; tunnel 1's is the detail, with the step it lost at.
        #expect(found.first?.tunnels == [2] && found.first?.status == .active)
        #expect(found.first?.otherPaths.map(\.tunnel) == [1])
        #expect(found.first?.otherPaths.first?.status == .standby)
        #expect(found.first?.otherPaths.first?.reason == .lostAt(.asPathLength))
        #expect(found.first?.otherPaths.first?.asPath.description == "65001 65001")
    }

    @Test func withNoActivePathTheFirstPathIsTheRowAndTheOtherItsDetail() {
        let routes = ["192.168.1.0/24", "192.168.2.0/24"].map { cmRoute($0, path: [65001]) }
        let model = oneConnection(tunnel1: routes, tunnel2: routes, quota: 1)
        let found = rows(model, "192.168.2.0/24")
        #expect(found.count == 1)
        #expect(found.first?.tunnels == [1] && found.first?.status == .rejected && found.first?.reason == .rejected(.quotaExceeded))
        #expect(found.first?.otherPaths.map(\.tunnel) == [2])
        #expect(found.first?.otherPaths.first?.reason == .rejected(.quotaExceeded))
    }

    @Test func aDownTunnelsPathIsNotShown() {
        let model0 = oneConnection(tunnel1: [cmRoute("192.168.0.0/16", path: [65001])],
                                   tunnel2: [cmRoute("192.168.0.0/16", path: [65001, 65001])])
        var model = model0
        model.setTunnel(connection: "vco-1", tunnel: 1, up: false)
        let found = rows(model, "192.168.0.0/16")
        #expect(found.count == 1 && found.first?.tunnels == [2] && found.first?.otherPaths == [])
    }
}
