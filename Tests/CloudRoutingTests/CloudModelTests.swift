import BGPRouting
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Testing
import Topology

/// One connection (vco-1, DC AS 65001) and one VPC on a TR; settings on.
func oneConnection(
    tunnel1: [DataCenterRoute], tunnel2: [DataCenterRoute], activeStandby: Bool = false, quota: Int? = 50,
    destinationRoutes: [DestinationRoute] = []
) -> CloudModel {
    var model = CloudModel(transitRouterID: "tr-1", region: "cn-hangzhou")
    let table = model.defaultTableID
    model.setAttachment(TransitRouterAttachment(id: "tr-attach-vpc-a", kind: .vpc, region: "cn-hangzhou",
                                                associatedTable: table, propagatesTo: [table],
                                                offeredRoutes: [OfferedRoute(prefix: cmPrefix("10.0.0.0/16"))]))
    model.setAttachment(TransitRouterAttachment(id: "tr-attach-vco-1", kind: .vpn, region: "cn-hangzhou",
                                                associatedTable: table, propagatesTo: [table], connectionID: "vco-1"))
    model.setConnection(VPNConnectionRouting(
        connectionID: "vco-1", attachmentID: "tr-attach-vco-1", customerASN: 65001,
        tunnels: [TunnelRouting(index: 1, peerBGPAddress: IPv4Address(169, 254, 10, 1)),
                  TunnelRouting(index: 2, peerBGPAddress: IPv4Address(169, 254, 20, 1))],
        activeStandby: activeStandby, destinationRoutes: destinationRoutes, learnedRouteQuota: quota,
        announcements: [1: tunnel1, 2: tunnel2]))
    return model
}

private func bgpLines(_ model: CloudModel, _ connection: String = "vco-1") -> [String] {
    cmRender(model.tables).filter { $0.hasPrefix("\(connection)/bgp") }
}

private func trLines(_ model: CloudModel) -> [String] {
    cmRender(model.tables).filter { $0.hasPrefix("tr/") }
}

struct CloudModelTests {
    // MARK: Failover (reference §2, §10 items 3 and 7)

    @Test func tunnelDownRemovesItFromEveryNextHopSetAndRecoveryRestoresECMP() {
        let route = cmRoute("192.168.0.0/16", path: [65001])
        var model = oneConnection(tunnel1: [route], tunnel2: [route])
        #expect(bgpLines(model).first == "vco-1/bgp 192.168.0.0/16 VPN_BGP tunnels 1,2 [65001] Active")
        let changes = model.changes { $0.setTunnel(connection: "vco-1", tunnel: 1, up: false, reason: .dpdTimeout) }
        #expect(bgpLines(model).first == "vco-1/bgp 192.168.0.0/16 VPN_BGP tunnels 2 [65001] Active")
        // The TR keeps the prefix through the attachment: nothing changes there.
        #expect(trLines(model).contains("tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-1 BGP [65001] Active"))
        #expect(!changes.contains { $0.table == "tr/vtb-default" })
        #expect(changes.contains { $0.table == "vco-1/bgp" && $0.prefix == cmPrefix("192.168.0.0/16") })
        model.setTunnel(connection: "vco-1", tunnel: 1, up: true)
        #expect(bgpLines(model).first == "vco-1/bgp 192.168.0.0/16 VPN_BGP tunnels 1,2 [65001] Active")
    }

    @Test func bothTunnelsDownWithdrawBGPRoutesButKeepDestinationRoutes() {
        let route = cmRoute("192.168.0.0/16", path: [65001])
        var model = oneConnection(tunnel1: [route], tunnel2: [route],
                                  destinationRoutes: [DestinationRoute(prefix: cmPrefix("172.20.0.0/16"))])
        model.setTunnel(connection: "vco-1", tunnel: 1, up: false)
        model.setTunnel(connection: "vco-1", tunnel: 2, up: false)
        #expect(!trLines(model).contains { $0.contains("192.168.0.0/16") })
        #expect(trLines(model).contains("tr/vtb-default 172.20.0.0/16 Propagated tr-attach-vco-1 Static [] Active"))
        let destination = cmRender(model.tables).filter { $0.hasPrefix("vco-1/destination") }
        #expect(destination == ["vco-1/destination 172.20.0.0/16 custom tunnels  [] published (no usable tunnel)"])
    }

    @Test func prependingOnTunnel2PrefersTunnel1() {
        var model = oneConnection(tunnel1: [cmRoute("192.168.0.0/16", path: [65001])],
                                  tunnel2: [cmRoute("192.168.0.0/16", path: [65001, 65001, 65001])])
        #expect(bgpLines(model).prefix(2) == [
            "vco-1/bgp 192.168.0.0/16 VPN_BGP tunnels 1 [65001] Active",
            "vco-1/bgp 192.168.0.0/16 VPN_BGP other path tunnel 2 [65001 65001 65001] Standby (as_path_length)",
        ])
        model.setTunnel(connection: "vco-1", tunnel: 1, up: false)
        #expect(bgpLines(model).first == "vco-1/bgp 192.168.0.0/16 VPN_BGP tunnels 2 [65001 65001 65001] Active")
        // The TR follows: the propagated route now carries the longer path.
        #expect(trLines(model).contains("tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-1 BGP [65001 65001 65001] Active"))
        model.setTunnel(connection: "vco-1", tunnel: 1, up: true)
        #expect(bgpLines(model).first == "vco-1/bgp 192.168.0.0/16 VPN_BGP tunnels 1 [65001] Active")
    }

    @Test func standbyAndRejectedRowsShowTheirOwnCommunities() {
        var route = cmRoute("192.168.0.0/16", path: [65001, 65001])
        route.attributes.communities = [Community(65001, 200)]
        let model = oneConnection(tunnel1: [cmRoute("192.168.0.0/16", path: [65001])], tunnel2: [route])
        let rows = model.tables.connections["vco-1"]?.bgp.filter { $0.prefix == cmPrefix("192.168.0.0/16") } ?? []
        // One row per prefix (the vendor's shape); the Standby path is a detail of it.
        #expect(rows.count == 1)
        #expect(rows.first?.status == .active && rows.first?.tunnels == [1])
        let standby = rows.first?.otherPaths.first
        #expect(standby?.status == .standby && standby?.tunnel == 2)
        #expect(standby?.communities == [Community(65001, 200)])
    }

    @Test func activeStandbyPrefersTunnel1WithoutPrependAndReturnsToIt() {
        let route = cmRoute("192.168.0.0/16", path: [65001])
        var model = oneConnection(tunnel1: [route], tunnel2: [route], activeStandby: true)
        #expect(bgpLines(model).prefix(2) == [
            "vco-1/bgp 192.168.0.0/16 VPN_BGP tunnels 1 [65001] Active",
            "vco-1/bgp 192.168.0.0/16 VPN_BGP other path tunnel 2 [65001] Standby (active_standby)",
        ])
        model.setTunnel(connection: "vco-1", tunnel: 1, up: false)
        #expect(bgpLines(model).first == "vco-1/bgp 192.168.0.0/16 VPN_BGP tunnels 2 [65001] Active")
        model.setTunnel(connection: "vco-1", tunnel: 1, up: true)
        #expect(bgpLines(model).first == "vco-1/bgp 192.168.0.0/16 VPN_BGP tunnels 1 [65001] Active")
    }

    /// Reference §10 item 13: a Standby tunnel path names the step that decided, by its code; the
    /// active/standby setting is `active_standby` (it runs as an interior cost, but there is no IGP).
    @Test(arguments: [
        ("setting", true, "active_standby"), ("prepend", false, "as_path_length"), ("med", false, "med"),
        ("origin", false, "origin"), ("prepend", true, "as_path_length"),
    ])
    func standbyReasonNamesTheDecidingStep(change: String, activeStandby: Bool, code: String) throws {
        let best = cmRoute("192.168.0.0/16", path: [65001])
        var worse = best
        switch change {
        case "prepend": worse.attributes.asPath = ASPath(sequence: [65001, 65001])
        case "med":
            worse.attributes.multiExitDiscriminator = 20
        case "origin": worse.attributes.origin = .incomplete
        default: break
        }
        var first = best
        if change == "med" { first.attributes.multiExitDiscriminator = 10 }
        let model = oneConnection(tunnel1: [first], tunnel2: [worse], activeStandby: activeStandby)
        let row = try #require(model.tables.connections["vco-1"]?.bgp.first { $0.prefix == best.prefix })
        #expect(row.status == .active && row.tunnels == [1])
        let standby = try #require(row.otherPaths.first { $0.status == .standby })
        #expect(standby.tunnel == 2)
        #expect(standby.reason?.text == code)
    }

    @Test func standbyReasonNamesActiveStandby() throws {
        let route = cmRoute("192.168.0.0/16", path: [65001])
        let model = oneConnection(tunnel1: [route], tunnel2: [route], activeStandby: true)
        let row = try #require(model.tables.connections["vco-1"]?.bgp.first { $0.prefix == route.prefix })
        let standby = try #require(row.otherPaths.first { $0.status == .standby })
        #expect(standby.reason == .lostAt(.activeStandby))
        #expect(TunnelDecisionStep(.interiorCost) == .activeStandby)
        #expect(!TunnelDecisionStep.allCases.map(\.code).contains("igp_cost"))
    }

    // MARK: Learned routes (§10 items 5 and 6)

    @Test func routesPastTheQuotaAreRejectedAndBothTunnelsCountAPrefixOnce() {
        let routes = ["192.168.1.0/24", "192.168.2.0/24", "192.168.3.0/24"].map { cmRoute($0, path: [65001]) }
        let model = oneConnection(tunnel1: routes, tunnel2: routes, quota: 2)
        #expect(bgpLines(model).prefix(4) == [
            "vco-1/bgp 192.168.1.0/24 VPN_BGP tunnels 1,2 [65001] Active",
            "vco-1/bgp 192.168.2.0/24 VPN_BGP tunnels 1,2 [65001] Active",
            "vco-1/bgp 192.168.3.0/24 VPN_BGP tunnels 1 [65001] Rejected (quota_exceeded)",
            "vco-1/bgp 192.168.3.0/24 VPN_BGP other path tunnel 2 [65001] Rejected (quota_exceeded)",
        ])
        #expect(!trLines(model).contains { $0.contains("192.168.3.0/24") })
    }

    @Test func defaultRouteSharedAddressSpaceAndLoopsAreRejected() {
        let routes = [cmRoute("0.0.0.0/0", path: [65001]), cmRoute("100.64.8.0/24", path: [65001]),
                      cmRoute("198.51.100.0/24", path: [65001, 45104])]
        let model = oneConnection(tunnel1: routes, tunnel2: [])
        #expect(bgpLines(model).prefix(3) == [
            "vco-1/bgp 0.0.0.0/0 VPN_BGP tunnels 1 [65001] Rejected (default_route_refused)",
            "vco-1/bgp 100.64.8.0/24 VPN_BGP tunnels 1 [65001] Rejected (reserved_prefix)",
            "vco-1/bgp 198.51.100.0/24 VPN_BGP tunnels 1 [65001 45104] Rejected (as_path_loop)",
        ])
    }

    @Test func destinationRouteWinsOverBGPRouteForTheSamePrefix() {
        let model = oneConnection(tunnel1: [cmRoute("192.168.0.0/16", path: [65001])], tunnel2: [],
                                  destinationRoutes: [DestinationRoute(prefix: cmPrefix("192.168.0.0/16"))])
        // Both sources are shown in the connection; the TR gets the destination route (§10 item 1).
        #expect(bgpLines(model).first == "vco-1/bgp 192.168.0.0/16 VPN_BGP tunnels 1 [65001] Active")
        #expect(trLines(model).contains("tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-1 Static [] Active"))
    }

    // MARK: TR selection (§10 item 2)

    @Test func samePrefixFromTwoDataCentersIsECMPAndAShorterPathWins() {
        var model = cmTwoDataCenters()
        model.setAnnouncements(connection: "vco-2", tunnel: 1, [cmRoute("192.168.0.0/16", path: [65002])])
        model.setAnnouncements(connection: "vco-2", tunnel: 2, [cmRoute("192.168.0.0/16", path: [65002])])
        #expect(trLines(model).filter { $0.contains("192.168.0.0/16") } == [
            "tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-1 BGP [65001] Active",
            "tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-2 BGP [65002] Active",
        ])
        model.setAnnouncements(connection: "vco-2", tunnel: 1, [cmRoute("192.168.0.0/16", path: [65002, 65002])])
        model.setAnnouncements(connection: "vco-2", tunnel: 2, [cmRoute("192.168.0.0/16", path: [65002, 65002])])
        #expect(trLines(model).filter { $0.contains("192.168.0.0/16") } == [
            "tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-1 BGP [65001] Active",
            "tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-2 BGP [65002 65002] Standby (as_path_length)",
        ])
    }

    @Test func staticEntryBeatsPropagatedAndBlackholeIsShown() {
        var model = cmTwoDataCenters()
        model.setRouteTable(TransitRouterRouteTable(id: model.defaultTableID, isDefault: true, staticRoutes: [
            TransitRouterStaticRoute(prefix: cmPrefix("192.168.0.0/16"), nextHopAttachment: "tr-attach-vco-2"),
            TransitRouterStaticRoute(prefix: cmPrefix("203.0.113.0/24"), nextHopAttachment: nil),
        ]))
        #expect(trLines(model).filter { $0.contains("192.168.0.0/16") || $0.contains("203.0.113.0/24") } == [
            "tr/vtb-default 192.168.0.0/16 Static tr-attach-vco-2 Static [] Active",
            "tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-1 BGP [65001] Standby (static_over_propagated)",
            "tr/vtb-default 203.0.113.0/24 Static blackhole BlackHole [] Active",
        ])
    }

    @Test func routeMapPreferenceThenOriginTypeDecide() {
        var model = cmTwoDataCenters()
        // A peer TR also offers 192.168.0.0/16 as a Static route: BGP beats it at step (c)...
        model.setAttachment(TransitRouterAttachment(
            id: "tr-attach-peer", kind: .peerTransitRouter, region: "cn-hangzhou", propagatesTo: [model.defaultTableID],
            offeredRoutes: [OfferedRoute(prefix: cmPrefix("192.168.0.0/16"), originType: .static)]))
        #expect(trLines(model).filter { $0.contains("192.168.0.0/16") } == [
            "tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-1 BGP [65001] Active",
            "tr/vtb-default 192.168.0.0/16 Propagated tr-attach-peer Static [] Standby (origin_type_bgp)",
        ])
        // ...unless a route map gives the peer a better (lower) preference, step (b).
        model.setRouteMaps([CenRouteMap(priority: 10, direction: .ingress, sourceAttachments: ["tr-attach-peer"],
                                        permit: true, preference: 20)])
        #expect(trLines(model).filter { $0.contains("192.168.0.0/16") } == [
            "tr/vtb-default 192.168.0.0/16 Propagated tr-attach-peer Static [] Active",
            "tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-1 BGP [65001] Standby (route_map_preference)",
        ])
        // An ingress deny keeps the entry visible as Rejected.
        model.setRouteMaps([CenRouteMap(priority: 10, direction: .ingress, sourceAttachments: ["tr-attach-peer"], permit: false)])
        #expect(trLines(model).contains("tr/vtb-default 192.168.0.0/16 Propagated tr-attach-peer Static [] Rejected (route map 10)"))
    }

    @Test func localRegionWinsAmongOtherwiseEqualRoutes() {
        var model = cmTwoDataCenters()
        let route = OfferedRoute(prefix: cmPrefix("172.20.0.0/16"), originType: .bgp, asPath: ASPath(sequence: [64999]))
        model.setAttachment(TransitRouterAttachment(
            id: "tr-attach-peer", kind: .peerTransitRouter, region: "cn-shanghai", propagatesTo: [model.defaultTableID],
            offeredRoutes: [route]))
        model.setAttachment(TransitRouterAttachment(
            id: "tr-attach-vbr", kind: .vbr, region: "cn-hangzhou", propagatesTo: [model.defaultTableID], offeredRoutes: [route]))
        #expect(trLines(model).filter { $0.contains("172.20.0.0/16") } == [
            "tr/vtb-default 172.20.0.0/16 Propagated tr-attach-vbr BGP [64999] Active",
            "tr/vtb-default 172.20.0.0/16 Propagated tr-attach-peer BGP [64999] Standby (local_region)",
        ])
    }

    // MARK: Settings changed after creation (reference §4)

    @Test func turningAdvertiseRoutesOffRevokesTheCloudRoutes() {
        var model = cmTwoDataCenters()
        let changes = model.changes { $0.set(.advertiseRoutes, false, connection: "vco-1") }
        #expect(changes.map { "\($0.table) \($0.prefix) \($0.before.count)->\($0.after.count)" } == [
            "vco-1/bgp 10.0.0.0/16 1->0", "vco-1/bgp 10.1.0.0/16 1->0",
        ])
        #expect(model.setting(.advertiseRoutes, connection: "vco-1") == false)
        #expect(model.changes { $0.set(.advertiseRoutes, true, connection: "vco-1") }.count == 2)
    }

    @Test func turningPropagationOffWithdrawsFromTheDefaultTable() {
        var model = cmTwoDataCenters()
        let changes = model.changes { $0.set(.propagateDefaultTable, false, connection: "vco-1") }
        #expect(changes.map { "\($0.table) \($0.prefix) \($0.before.count)->\($0.after.count)" } == [
            "tr/vtb-default 192.168.0.0/16 1->0",
        ])
    }

    @Test func dissociatingStopsAdvertising() {
        var model = cmTwoDataCenters()
        model.set(.associateDefaultTable, false, connection: "vco-2")
        #expect(!bgpLines(model, "vco-2").contains { $0.contains("CLOUD") })
        #expect(bgpLines(model, "vco-1").contains { $0.contains("CLOUD") })
    }

    // MARK: Batches

    @Test func aBatchRecomputesOnceAndReportsTheCombinedChanges() {
        var model = cmTwoDataCenters()
        let changes = model.changes { model in
            model.batch { model in
                model.set(.advertiseRoutes, false, connection: "vco-1")
                model.set(.propagateDefaultTable, false, connection: "vco-1")
            }
        }
        #expect(changes.map { "\($0.table) \($0.prefix) \($0.before.count)->\($0.after.count)" } == [
            "tr/vtb-default 192.168.0.0/16 1->0", "vco-1/bgp 10.0.0.0/16 1->0", "vco-1/bgp 10.1.0.0/16 1->0",
        ])
        #expect(model.setting(.advertiseRoutes, connection: "vco-1") == false)
        #expect(model.setting(.propagateDefaultTable, connection: "vco-1") == false)
        // The same state as building the model with those settings off from the start.
        var expected = cmTwoDataCenters()
        expected.set(.advertiseRoutes, false, connection: "vco-1")
        expected.set(.propagateDefaultTable, false, connection: "vco-1")
        #expect(model.tables == expected.tables)
    }

    // MARK: Explain

    @Test func explainGivesTheChainOfReasons() {
        var model = cmTwoDataCenters(propagate: false)
        #expect(model.explain(cmPrefix("192.168.0.0/16"), table: "tr/vtb-default").reasons == [
            "propagation disabled on attachment tr-attach-vco-1 (route_table_propagation_enabled is off for vtb-default)",
        ])
        model = cmTwoDataCenters()
        #expect(model.explain(cmPrefix("172.16.0.0/16"), table: "vco-1/bgp").reasons == [
            "blocked by the system Reject policy 5000 (routes learned from VPN attachments are not sent to VPN attachments)",
        ])
        #expect(model.explain(cmPrefix("192.168.0.0/16"), table: "vco-1/bgp").reasons == [
            "not advertised back to tr-attach-vco-1: its next hop is that attachment (split horizon)",
        ])
        model.setTunnel(connection: "vco-1", tunnel: 1, up: false, reason: .dpdTimeout)
        model.setTunnel(connection: "vco-1", tunnel: 2, up: false, reason: .negotiation(.pskMismatch))
        #expect(model.explain(cmPrefix("192.168.0.0/16"), table: "tr/vtb-default").reasons == [
            "attachment tr-attach-vco-1: tunnel 1 of vco-1 down (DPD timeout)",
            "attachment tr-attach-vco-1: tunnel 2 of vco-1 down (psk_mismatch)",
        ])
        model.set(.advertiseRoutes, false, connection: "vco-2")
        #expect(model.explain(cmPrefix("10.0.0.0/16"), table: "vco-2/bgp").reasons == [
            "Advertise Routes is off on attachment tr-attach-vco-2",
        ])
    }
}
