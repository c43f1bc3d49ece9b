import BGPWire
import BGPRouting
import CloudRouting
import NetworkPrimitives
import Testing

/// The incremental engine must give exactly what a recomputation from scratch gives, and report
/// exactly the rows that differ. These tests drive random operation sequences over a model with
/// every feature that feeds propagation, and check both after every operation.
struct IncrementalPropagationTests {
    /// A deterministic generator (SplitMix64), so a failing seed can be replayed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pool = (0 ..< 10).map { cmPrefix("172.16.\($0).0/24") } + [cmPrefix("10.0.0.0/16"), cmPrefix("100.64.1.0/24")]

    /// Two tables, two VPCs, a VBR and a peer TR, three connections (no quota, quota 4, active/standby),
    /// ingress and egress route maps.
    static func richModel() -> CloudModel {
        var model = CloudModel(transitRouterID: "tr-1", region: "cn-hangzhou")
        let table = model.defaultTableID
        model.batch { model in
            model.setRouteTable(TransitRouterRouteTable(id: "vtb-custom", staticRoutes: [
                TransitRouterStaticRoute(prefix: cmPrefix("172.16.3.0/24"), nextHopAttachment: nil),
            ]))
            model.setRouteTable(TransitRouterRouteTable(id: table, isDefault: true, staticRoutes: [
                TransitRouterStaticRoute(prefix: cmPrefix("172.16.9.0/24"), nextHopAttachment: "tr-attach-vpc-a"),
            ]))
            model.setAttachment(TransitRouterAttachment(
                id: "tr-attach-vpc-a", kind: .vpc, region: "cn-hangzhou", associatedTable: table, propagatesTo: [table, "vtb-custom"],
                offeredRoutes: [OfferedRoute(prefix: cmPrefix("10.0.0.0/16"))]))
            model.setAttachment(TransitRouterAttachment(
                id: "tr-attach-vpc-b", kind: .vpc, region: "cn-shanghai", associatedTable: "vtb-custom", propagatesTo: [table],
                offeredRoutes: [OfferedRoute(prefix: cmPrefix("10.1.0.0/16")), OfferedRoute(prefix: cmPrefix("172.16.1.0/24"))]))
            model.setAttachment(TransitRouterAttachment(
                id: "tr-attach-vbr", kind: .vbr, region: "cn-hangzhou", associatedTable: table, propagatesTo: [table],
                offeredRoutes: [OfferedRoute(prefix: cmPrefix("172.16.2.0/24"), originType: .bgp, asPath: ASPath(sequence: [64999]))]))
            model.setAttachment(TransitRouterAttachment(
                id: "tr-attach-peer", kind: .peerTransitRouter, region: "cn-beijing", associatedTable: table, propagatesTo: [table],
                offeredRoutes: [OfferedRoute(prefix: cmPrefix("172.16.4.0/24"), originType: .bgp, asPath: ASPath(sequence: [64998]))]))
            for (n, quota, standby) in [(1, Int?.none, false), (2, Int?(4), false), (3, Int?.none, true)] {
                model.setAttachment(TransitRouterAttachment(
                    id: "tr-attach-vco-\(n)", kind: .vpn, region: "cn-hangzhou",
                    associatedTable: n == 3 ? "vtb-custom" : table, propagatesTo: n == 3 ? ["vtb-custom", table] : [table],
                    connectionID: "vco-\(n)"))
                let third = UInt8(n * 10)
                model.setConnection(VPNConnectionRouting(
                    connectionID: "vco-\(n)", attachmentID: "tr-attach-vco-\(n)", customerASN: ASNumber(rawValue: 65000 + UInt32(n)),
                    tunnels: [TunnelRouting(index: 1, peerBGPAddress: IPv4Address(169, 254, third, 1)),
                              TunnelRouting(index: 2, peerBGPAddress: IPv4Address(169, 254, third + 1, 1))],
                    activeStandby: standby,
                    destinationRoutes: n == 1 ? [DestinationRoute(prefix: cmPrefix("172.16.5.0/24"))] : [],
                    learnedRouteQuota: quota))
            }
            model.setRouteMaps([
                CenRouteMap(priority: 10, direction: .ingress, prefixes: [PrefixListEntry(.v4(cmPrefix("172.16.6.0/24")))],
                            permit: false),
                CenRouteMap(priority: 20, direction: .ingress, tables: [table], sourceAttachments: ["tr-attach-vco-2"],
                            permit: true, preference: 20, prepend: [45104]),
                CenRouteMap(priority: 30, direction: .egress, sourceKinds: [.vpc], destinationKinds: [.vpn],
                            permit: true, prepend: [45104, 45104]),
                CenRouteMap(priority: 40, direction: .egress, destinationAttachments: ["tr-attach-vco-3"],
                            prefixes: [PrefixListEntry(.v4(cmPrefix("10.1.0.0/16")))], permit: false),
            ])
        }
        return model
    }

    static func randomRoutes(_ rng: inout SeededGenerator, asn: UInt32) -> [DataCenterRoute] {
        pool.filter { _ in Bool.random(using: &rng) }.map { prefix in
            var path = [asn]
            for _ in 0 ..< Int.random(in: 0 ... 2, using: &rng) { path.append(asn) }
            var route = DataCenterRoute(prefix: prefix, attributes: PathAttributes(
                origin: .igp, asPath: ASPath(sequence: path.map { ASNumber(rawValue: $0) }), nextHop: IPv4Address(169, 254, 10, 1)))
            if Int.random(in: 0 ..< 4, using: &rng) == 0 { route.attributes.asPath = ASPath(sequence: [ASNumber(rawValue: asn), 45104]) }
            return route
        }
    }

    @Test(arguments: 0 ..< 12)
    func randomOperationsMatchARecomputationFromScratch(seed: Int) {
        var rng = SeededGenerator(state: UInt64(seed) &* 7919)
        var model = Self.richModel()
        for step in 0 ..< 60 {
            let before = model.tables
            let n = Int.random(in: 1 ... 3, using: &rng)
            let id = "vco-\(n)"
            let changes: [TableChange]
            let operation: String
            switch Int.random(in: 0 ..< 3, using: &rng) {
            case 0:
                let tunnel = Int.random(in: 1 ... 2, using: &rng)
                let up = Bool.random(using: &rng)
                operation = "tunnel \(tunnel) of \(id) \(up ? "up" : "down")"
                changes = model.setTunnel(connection: id, tunnel: tunnel, up: up, reason: "DPD timeout")
            case 1:
                let tunnel = Int.random(in: 1 ... 2, using: &rng)
                let routes = Self.randomRoutes(&rng, asn: 65000 + UInt32(n))
                operation = "\(routes.count) routes on tunnel \(tunnel) of \(id)"
                changes = model.setAnnouncements(connection: id, tunnel: tunnel, routes)
            default:
                let setting = AdvancedSetting.allCases.randomElement(using: &rng)!
                let on = Bool.random(using: &rng)
                operation = "\(setting.rawValue) \(on) on \(id)"
                changes = model.set(setting, on, connection: id)
            }
            var fresh = model
            let drift = fresh.recompute()
            #expect(drift.isEmpty, "seed \(seed) step \(step) (\(operation)): the incremental state differs from a recomputation: \(drift)")
            // What the engine must report: every (table, prefix) whose rows differ, by a full comparison.
            #expect(changes == TableChange.differences(from: before, to: model.tables),
                    "seed \(seed) step \(step) (\(operation)): the reported changes differ from the tables' differences")
        }
    }

    @Test func aTunnelFailureReportsOnlyTheConnectionsRowsWhenTheOfferedRouteIsUnchanged() {
        var model = Self.richModel()
        let routes = [cmRoute("172.16.0.0/24", path: [65001])]
        model.setAnnouncements(connection: "vco-1", tunnel: 1, routes)
        model.setAnnouncements(connection: "vco-1", tunnel: 2, routes)
        let changes = model.setTunnel(connection: "vco-1", tunnel: 1, up: false)
        #expect(!changes.isEmpty)
        #expect(changes.allSatisfy { $0.table.hasPrefix("vco-1/") })
    }

    @Test func anOperationThatChangesNothingReportsNothing() {
        var model = Self.richModel()
        #expect(model.setTunnel(connection: "vco-1", tunnel: 1, up: true).isEmpty)
        #expect(model.set(.advertiseRoutes, true, connection: "vco-2").isEmpty)
        #expect(model.setAnnouncements(connection: "vco-3", tunnel: 1, []).isEmpty)
    }
}
