import BGPWire
import CloudRouting
import NetworkPrimitives
import Testing

/// Advertise Routes and the TR's egress policies (reference §4, §10 items 8 and 15).
struct AdvertiseRoutesTests {
    /// §10 item 15: a TR static route whose next hop is VPN attachment tr-attach-vco-1 counts as a
    /// route of that attachment for the priority-5000 system Reject: vco-2 (another VPN attachment)
    /// does not receive it, `explain` says it is a static route to that attachment, and a static
    /// route to a VPC is still advertised.
    @Test func staticRouteToVPNAttachmentIsBlockedBySystemReject() {
        var model = cmTwoDataCenters()
        let table = model.defaultTableID
        model.setRouteTable(TransitRouterRouteTable(id: table, isDefault: true, staticRoutes: [
            TransitRouterStaticRoute(prefix: cmPrefix("10.50.0.0/16"), nextHopAttachment: "tr-attach-vco-1"),
            TransitRouterStaticRoute(prefix: cmPrefix("10.60.0.0/16"), nextHopAttachment: "tr-attach-vpc-a"),
        ]))
        #expect(model.transitRouterRows(table: table).contains {
            $0.prefix == cmPrefix("10.50.0.0/16") && $0.type == .static && $0.status == .active
        })
        #expect(model.cloudRow(connection: "vco-2", prefix: cmPrefix("10.50.0.0/16")) == nil)
        #expect(model.cloudRow(connection: "vco-2", prefix: cmPrefix("10.60.0.0/16")) != nil)
        // Split horizon towards vco-1 itself.
        #expect(model.cloudRow(connection: "vco-1", prefix: cmPrefix("10.50.0.0/16")) == nil)
        #expect(model.explain(cmPrefix("10.50.0.0/16"), table: "vco-2/bgp").reasons == [
            "static route to VPN attachment tr-attach-vco-1, blocked by the system Reject policy 5000 (routes of VPN, VBR and CCN attachments are not sent to another such attachment)",
        ])
        // A propagated route of the other data center keeps the "learned from" wording.
        #expect(model.explain(cmPrefix("172.16.0.0/16"), table: "vco-1/bgp").reasons == [
            "blocked by the system Reject policy 5000 (routes learned from VPN attachments are not sent to VPN attachments)",
        ])
    }
}
