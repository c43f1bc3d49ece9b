import CloudRouting
import NetworkPrimitives
import Reports
import Simulation
import Testing

@Suite struct TableTextTests {
    @Test func columnsAlignAndTrimTrailingBlanks() {
        let lines = TableText.columns([["Destination", "Status"], ["10.0.0.0/16", "active"], ["-", ""]])
        #expect(lines == ["Destination  Status", "10.0.0.0/16  active", "-"])
    }

    /// TR rows show the API's next-hop type (`Attachment`, `BlackHole`) apart from the next hop's
    /// resource type (reference §0, `ListTransitRouterRouteEntries`).
    @Test func transitRouterTableShowsNextHopTypeApartFromResourceType() {
        let rows = [
            TransitRouterRouteEntry(prefix: IPv4Prefix("10.0.0.0/16")!, type: .propagated, nextHopAttachment: "tr-attach-vpc",
                                    nextHopKind: .vpc, originType: .system, region: "cn-hangzhou"),
            TransitRouterRouteEntry(prefix: IPv4Prefix("10.99.0.0/16")!, type: .static, nextHopAttachment: nil,
                                    nextHopKind: nil, originType: .blackhole, region: "cn-hangzhou"),
        ]
        let lines = TableText.tables(CloudTables(connections: [:], transitRouter: ["vtb-1": rows]), transitRouterID: "tr-1")
        #expect(lines == [
            "",
            "Transit router tr-1 route table vtb-1",
            "Destination   Type        Next hop       Next hop type  Resource type  Origin     AS path  Preference  Status",
            "10.0.0.0/16   Propagated  tr-attach-vpc  Attachment     VPC            System     -        50          Active",
            "10.99.0.0/16  Static      -              BlackHole      -              BlackHole  -        50          Active",
        ])
    }

    @Test func emptyASPathIsADash() {
        #expect(TableText.path("") == "-")
        #expect(TableText.path("65001 65001") == "65001 65001")
    }

    /// Many prefixes that changed the same way are one line with their count; up to three are named.
    @Test func routeChangesAreSummarisedWhenMany() throws {
        let prefixes = (0 ..< 62_550).map { IPv4Prefix(masking: IPv4Address(rawValue: 0x0A00_0000 + UInt32($0) << 8), length: 24)! }
        let moved = RouteChangeGroup(time: .seconds(90), table: "vco-dc1/bgp", kind: .moved,
                                     before: RouteForwarding(tunnels: [1, 2]), after: RouteForwarding(tunnels: [2]), prefixes: prefixes)
        #expect(TableText.changeText(moved) == "62,550 prefixes moved from tunnels 1,2 to tunnel 2")
        let few = RouteChangeGroup(time: .seconds(90), table: "tr/vtb-default", kind: .moved,
                                   before: RouteForwarding(nextHops: ["tr-attach-a"]), after: RouteForwarding(nextHops: ["tr-attach-a", nil]),
                                   prefixes: Array(prefixes.prefix(2)))
        #expect(TableText.changeText(few) == "10.0.0.0/24, 10.0.1.0/24 moved from tr-attach-a to tr-attach-a, blackhole")
        let standby = RouteForwarding.RowStatus(status: "Standby", reason: "as_path_length")
        let status = RouteChangeGroup(
            time: .seconds(30), table: "vco-dc1/bgp", kind: .status,
            before: RouteForwarding(tunnels: [1], statuses: [.init(status: "Active", reason: nil), .init(status: "Standby", reason: "active_standby")]),
            after: RouteForwarding(tunnels: [1], statuses: [.init(status: "Active", reason: nil), standby]), prefixes: [prefixes[0]])
        #expect(TableText.changeText(status) == "10.0.0.0/24 changed from Active, Standby (active_standby) to Active, Standby (as_path_length)")
        let removed = RouteChangeGroup(time: .seconds(30), table: "vco-dc1/bgp", kind: .removed,
                                       before: RouteForwarding(tunnels: [1, 2], statuses: [.init(status: "Active", reason: nil)]),
                                       after: nil, prefixes: Array(prefixes.prefix(4)))
        #expect(TableText.changeText(removed) == "4 prefixes removed (was Active, on tunnels 1,2)")
    }
}
