import BGPWire
import CloudRouting
import NetworkPrimitives
import Testing

/// The TR's selection among the candidates for one prefix (reference §10 item 2): the steps added
/// for issue 14, each with the test named after it.
struct TransitRouterTableTests {
    static func rows(_ model: CloudModel, _ prefix: String) -> [String] {
        cmRender(model.tables).filter { $0.hasPrefix("tr/") && $0.contains(" \(prefix) ") }
    }

    /// Step (0): dc1 announces 10.0.0.0/16, the CIDR of VPC attachment tr-attach-vpc-a, and a static
    /// route to vpc-b names it too: the VPC keeps its CIDR, every other candidate is Standby with
    /// `vpc_system_route`, and `explain` says why.
    @Test func vpcSystemRouteKeepsOwnCIDR() {
        var model = cmTwoDataCenters()
        let table = model.defaultTableID
        model.setAnnouncements(connection: "vco-1", tunnel: 1, [cmRoute("10.0.0.0/16", path: [65001])])
        model.setRouteTable(TransitRouterRouteTable(id: table, isDefault: true, staticRoutes: [
            TransitRouterStaticRoute(prefix: cmPrefix("10.0.0.0/16"), nextHopAttachment: "tr-attach-vpc-b"),
        ]))
        #expect(Self.rows(model, "10.0.0.0/16") == [
            "tr/vtb-default 10.0.0.0/16 Propagated tr-attach-vpc-a System [] Active",
            "tr/vtb-default 10.0.0.0/16 Propagated tr-attach-vco-1 BGP [65001] Standby (vpc_system_route)",
            "tr/vtb-default 10.0.0.0/16 Static tr-attach-vpc-b Static [] Standby (vpc_system_route)",
        ])
        let reasons = model.explain(cmPrefix("10.0.0.0/16"), table: "tr/\(table)").reasons
        #expect(reasons.contains(
            "10.0.0.0/16 is the own CIDR of VPC attachment tr-attach-vpc-a: its System route keeps it, so the route via tr-attach-vco-1 is Standby (vpc_system_route)"),
            "\(reasons)")
        // A more specific prefix inside the VPC's CIDR is not the VPC's own CIDR: it is selected as usual.
        model.setAnnouncements(connection: "vco-1", tunnel: 1, [cmRoute("10.0.1.0/24", path: [65001])])
        #expect(Self.rows(model, "10.0.1.0/24") == ["tr/vtb-default 10.0.1.0/24 Propagated tr-attach-vco-1 BGP [65001] Active"])
        // The same model rebuilt from its inputs agrees (the incremental path took the same steps).
        #expect(model.rebuiltFromInputs().tables == model.tables)
    }

    /// Step (d): 192.168.0.0/16 learned over Express Connect (a VBR) and over the VPN with the same
    /// AS-path length: the VBR route is Active alone (no ECMP), the VPN one Standby with
    /// `express_connect_preferred`.
    @Test func expressConnectPreferredOverVPN() {
        var model = cmTwoDataCenters()
        let table = model.defaultTableID
        model.setAttachment(TransitRouterAttachment(
            id: "tr-attach-vbr", kind: .vbr, region: "cn-hangzhou", associatedTable: table, propagatesTo: [table],
            offeredRoutes: [OfferedRoute(prefix: cmPrefix("192.168.0.0/16"), originType: .bgp, asPath: ASPath(sequence: [65001]))]))
        #expect(Self.rows(model, "192.168.0.0/16") == [
            "tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vbr BGP [65001] Active",
            "tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-1 BGP [65001] Standby (express_connect_preferred)",
        ])
        let reasons = model.explain(cmPrefix("192.168.0.0/16"), table: "tr/\(table)").reasons
        #expect(reasons.contains(
            "192.168.0.0/16 is learned from Express Connect (VBR attachment tr-attach-vbr) and from a VPN attachment: Express Connect is preferred, so the route via tr-attach-vco-1 is Standby (express_connect_preferred)"),
            "\(reasons)")
        // The step comes after the origin type: the VBR route wins even with a longer AS path...
        var vbr = model.attachments["tr-attach-vbr"]!
        vbr.offeredRoutes = [OfferedRoute(prefix: cmPrefix("192.168.0.0/16"), originType: .bgp, asPath: ASPath(sequence: [65001, 65001, 65001]))]
        model.setAttachment(vbr)
        #expect(Self.rows(model, "192.168.0.0/16").first == "tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vbr BGP [65001 65001 65001] Active")
        // ...and without the VBR, the VPN route is Active again.
        model.removeAttachment("tr-attach-vbr")
        #expect(Self.rows(model, "192.168.0.0/16") == ["tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-1 BGP [65001] Active"])
    }

    /// Step (d) only compares Express Connect with VPN: a peer TR's route next to a VBR's is decided
    /// by the later steps (here the AS-path length).
    @Test func expressConnectStepLeavesOtherSourcesToTheLaterSteps() {
        var model = cmTwoDataCenters()
        let table = model.defaultTableID
        model.setAttachment(TransitRouterAttachment(
            id: "tr-attach-vbr", kind: .vbr, region: "cn-hangzhou", propagatesTo: [table],
            offeredRoutes: [OfferedRoute(prefix: cmPrefix("172.20.0.0/16"), originType: .bgp, asPath: ASPath(sequence: [64999, 64999]))]))
        model.setAttachment(TransitRouterAttachment(
            id: "tr-attach-peer", kind: .peerTransitRouter, region: "cn-hangzhou", propagatesTo: [table],
            offeredRoutes: [OfferedRoute(prefix: cmPrefix("172.20.0.0/16"), originType: .bgp, asPath: ASPath(sequence: [64998]))]))
        #expect(Self.rows(model, "172.20.0.0/16") == [
            "tr/vtb-default 172.20.0.0/16 Propagated tr-attach-peer BGP [64998] Active",
            "tr/vtb-default 172.20.0.0/16 Propagated tr-attach-vbr BGP [64999 64999] Standby (as_path_length)",
        ])
    }
}
