import CloudRouting
import NetworkPrimitives
import Reports
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
}
