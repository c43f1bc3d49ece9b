import BGPWire
import BGPRouting
import CloudRouting
import ConnectionParameters
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

    /// Route maps the random operations switch between (structural edits).
    static func randomRouteMaps(_ rng: inout SeededGenerator, table: String) -> [CenRouteMap] {
        var maps: [CenRouteMap] = []
        if Bool.random(using: &rng) {
            maps.append(CenRouteMap(priority: 10, direction: .ingress,
                                    prefixes: [PrefixListEntry(.v4(pool.randomElement(using: &rng)!))], permit: false))
        }
        if Bool.random(using: &rng) {
            maps.append(CenRouteMap(priority: 20, direction: .ingress, tables: [table], sourceAttachments: ["tr-attach-vco-2"],
                                    permit: true, preference: Int.random(in: 1 ... 100, using: &rng), prepend: [45104]))
        }
        if Bool.random(using: &rng) {
            maps.append(CenRouteMap(priority: 30, direction: .egress, sourceKinds: [.vpc], destinationKinds: [.vpn],
                                    permit: true, prepend: [45104, 45104]))
        }
        return maps
    }

    /// One random operation on the rich model; returns its name and its delta.
    static func randomOperation(_ model: inout CloudModel, _ rng: inout SeededGenerator) -> (String, RoutingDelta) {
        let n = Int.random(in: 1 ... 3, using: &rng)
        let id = "vco-\(n)"
        let tunnel = Int.random(in: 1 ... 2, using: &rng)
        switch Int.random(in: 0 ..< 11, using: &rng) {
        case 0, 1:
            let up = Bool.random(using: &rng)
            return ("tunnel \(tunnel) of \(id) \(up ? "up" : "down")",
                    model.setTunnel(connection: id, tunnel: tunnel, up: up, reason: .dpdTimeout))
        case 2, 3:
            let routes = randomRoutes(&rng, asn: 65000 + UInt32(n))
            return ("\(routes.count) routes on tunnel \(tunnel) of \(id)", model.setAnnouncements(connection: id, tunnel: tunnel, routes))
        case 4, 5, 6:
            // One UPDATE: some announcements (one attribute set) and some withdrawals.
            let announced = Array(randomRoutes(&rng, asn: 65000 + UInt32(n)).prefix(Int.random(in: 0 ... 4, using: &rng)))
            let withdrawn = pool.filter { _ in Int.random(in: 0 ..< 4, using: &rng) == 0 }
            return ("UPDATE +\(announced.count) -\(withdrawn.count) on tunnel \(tunnel) of \(id)",
                    model.learn(connection: id, tunnel: tunnel, announced: announced, withdrawn: withdrawn))
        case 7, 8:
            let setting = AdvancedSetting.allCases.randomElement(using: &rng)!
            let on = Bool.random(using: &rng)
            return ("\(setting.rawValue) \(on) on \(id)", model.set(setting, on, connection: id))
        case 9:
            let maps = randomRouteMaps(&rng, table: model.defaultTableID)
            return ("\(maps.count) route maps", model.setRouteMaps(maps))
        default:
            // The strict-table-order setting (§10 item 1): a structural edit of the connection that
            // changes forwarding only, never the tables.
            var connection = model.connections[id]!
            connection.strictTableOrder.toggle()
            connection.announcements = [1: model.receivedRoutes(connection: id, tunnel: 1), 2: model.receivedRoutes(connection: id, tunnel: 2)]
            return ("strict_table_order \(connection.strictTableOrder) on \(id)", model.setConnection(connection))
        }
    }

    /// 10,000 random operations (tunnel flaps, UPDATEs under a quota, settings, route maps) over 20
    /// seeds: after each one, the tables equal a model rebuilt from the inputs, and the delta names
    /// exactly the rows that differ.
    @Test(arguments: 0 ..< 20)
    func randomOperationsMatchARebuildFromTheInputs(seed: Int) {
        var rng = SeededGenerator(state: UInt64(seed) &* 7919)
        var model = Self.richModel()
        for step in 0 ..< 500 {
            let before = model
            let (operation, delta) = Self.randomOperation(&model, &rng)
            let tables = model.tables
            let rebuilt = model.rebuiltFromInputs()
            let fresh = rebuilt.tables
            #expect(rebuilt.connections == model.connections, "seed \(seed) step \(step) (\(operation)): the connections' settings differ from a rebuild")
            let drift = TableChange.differences(from: fresh, to: tables)
            #expect(drift.isEmpty, """
                seed \(seed) step \(step) (\(operation)): the incremental state differs from a rebuild: \
                \(drift.prefix(3).map { "\($0.table) \($0.prefix): rebuilt \($0.before) incremental \($0.after)" })
                """)
            let differences = TableChange.differences(from: before.tables, to: tables)
            let reported = model.tableChanges(delta, since: before)
            #expect(reported == differences, """
                seed \(seed) step \(step) (\(operation)): the delta's rows differ from the tables' differences: \
                reported \(reported.map { "\($0.table) \($0.prefix)" }), expected \(differences.map { "\($0.table) \($0.prefix)" })
                """)
            // Every CLOUD row that changed is named in the delta's exports (what a speaker re-sends).
            if !delta.structural {
                for change in differences where change.table.hasSuffix("/bgp") {
                    let cloud = { (rows: [TableRow]) in rows.filter { if case .connection(let e) = $0 { e.source == .cloud } else { false } } }
                    guard cloud(change.before) != cloud(change.after) else { continue }
                    let reader = String(change.table.dropLast(4))
                    #expect(delta.cloud.contains(reader) || delta.exports[reader]?.contains(change.prefix) == true,
                            "seed \(seed) step \(step) (\(operation)): the CLOUD row \(change.table) \(change.prefix) changed but is not in the delta's exports")
                }
            }
            if differences.isEmpty && !delta.structural {
                let named = delta.bgp.values.reduce(0) { $0 + $1.count } + delta.transitRouter.values.reduce(0) { $0 + $1.count }
                #expect(named == 0,
                        "seed \(seed) step \(step) (\(operation)): a delta names destinations although nothing changed")
            }
            if tables != fresh { return }
        }
    }

    @Test func aTunnelFailureReportsOnlyTheConnectionsRowsWhenTheOfferedRouteIsUnchanged() {
        var model = Self.richModel()
        let routes = [cmRoute("172.16.0.0/24", path: [65001])]
        model.setAnnouncements(connection: "vco-1", tunnel: 1, routes)
        model.setAnnouncements(connection: "vco-1", tunnel: 2, routes)
        let delta = model.setTunnel(connection: "vco-1", tunnel: 1, up: false)
        #expect(delta.bgp["vco-1"] == [cmPrefix("172.16.0.0/24")])
        let trChanges = delta.transitRouter.values.reduce(0) { $0 + $1.count }
        #expect(trChanges == 0)
    }

    @Test func anOperationThatChangesNothingReportsNothing() {
        var model = Self.richModel()
        #expect(model.setTunnel(connection: "vco-1", tunnel: 1, up: true).isEmpty)
        #expect(model.set(.advertiseRoutes, true, connection: "vco-2").isEmpty)
        #expect(model.setAnnouncements(connection: "vco-3", tunnel: 1, []).isEmpty)
    }
}
