import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// `transit-bgp-bench propagate`: one TR, 16 VPN attachments each learning an equal share of the
/// prefixes over both tunnels (1,000,000 in all by default), 50 VPC attachments. Times a full
/// convergence from scratch, then "tunnel 1 of one connection down" and "Advertise Routes off on one
/// attachment".
enum PropagateBenchmark {
    static func run(arguments: [String]) throws {
        let prefixCount = intOption(arguments, "--prefixes") ?? 1_000_000
        let connectionCount = intOption(arguments, "--connections") ?? 16
        let vpcCount = intOption(arguments, "--vpcs") ?? 50
        let table = RealisticTable(prefixes: prefixCount, attributeSets: 1000)
        let prefixes = table.allPrefixes
        print("propagate: \(prefixCount) prefixes over \(connectionCount) connections, \(vpcCount) VPCs")

        // The load as `simulate` does it: every table built from scratch (rows are views, built only
        // when printed, so no change list is produced).
        var model = CloudModel(transitRouterID: "tr-bench", region: "cn-hangzhou")
        let seconds = measure { load(&model, prefixes: prefixes, connections: connectionCount, vpcs: vpcCount, reportChanges: false) }
        let defaultTable = model.defaultTableID
        let trEntries = model.prefixCount(transitRouterTable: defaultTable) ?? 0
        precondition(trEntries == prefixCount + vpcCount, "the TR table holds \(trEntries) entries")
        var delta = RoutingDelta()
        let failure = measure { delta = model.setTunnel(connection: "vco-0", tunnel: 1, up: false, reason: .dpdTimeout) }
        print("propagate: tunnel 1 of vco-0 down changed \(delta.count) destinations")
        let advertise = measure { delta = model.set(.advertiseRoutes, false, connection: "vco-1") }
        print("propagate: Advertise Routes off on vco-1 changed \(delta.count) destinations")
        let quota = quotaLearn(table: table, count: min(100_000, prefixCount))
        figure("full_convergence_s", seconds, "s")
        figure("tunnel_failure_s", failure, "s")
        figure("advertise_off_s", advertise, "s")
        figure("quota_learn_s", quota, "s")
    }

    /// One connection with the default learned-route quota (50) receives `count` announcements from
    /// its data center, one UPDATE per attribute set as a sender would group them, then withdraws
    /// them all: seconds for both (reference §10 item 5; the quota ledger admits or evicts in O(log n)).
    static func quotaLearn(table: RealisticTable, count: Int) -> Double {
        var model = CloudModel(transitRouterID: "tr-bench", region: "cn-hangzhou")
        let defaultTable = model.defaultTableID
        model.batch(reportChanges: false) { model in
            model.setAttachment(TransitRouterAttachment(
                id: "tr-attach-vco-q", kind: .vpn, region: "cn-hangzhou", associatedTable: defaultTable,
                propagatesTo: [defaultTable], connectionID: "vco-q"))
            model.setConnection(VPNConnectionRouting(
                connectionID: "vco-q", attachmentID: "tr-attach-vco-q", customerASN: 64600,
                tunnels: [TunnelRouting(index: 1, peerBGPAddress: IPv4Address(169, 254, 10, 2)),
                          TunnelRouting(index: 2, peerBGPAddress: IPv4Address(169, 254, 11, 2))]))
        }
        var updates: [[DataCenterRoute]] = []
        var remaining = count
        for (group, prefixes) in table.groups.enumerated() where remaining > 0 {
            let taken = prefixes.prefix(remaining)
            remaining -= taken.count
            var attributes = table.attributeSets[group]
            attributes.nextHop = IPv4Address(169, 254, 10, 2)
            updates.append(taken.map { DataCenterRoute(prefix: $0, attributes: attributes) })
        }
        let seconds = measure {
            for update in updates { model.learn(connection: "vco-q", tunnel: 1, announced: update, withdrawn: []) }
            for update in updates { model.learn(connection: "vco-q", tunnel: 1, announced: [], withdrawn: update.map(\.prefix)) }
        }
        precondition(model.prefixCount(transitRouterTable: defaultTable) == 0, "the quota run left routes in the TR table")
        print("propagate: quota run: \(count) announcements in \(updates.count) UPDATEs, then withdrawn")
        return seconds
    }

    /// One TR, `vpcs` VPC attachments, `connections` dual-tunnel connections sharing `prefixes`
    /// (each learned over both tunnels), everything on the default table with the settings on.
    static func load(_ model: inout CloudModel, prefixes: [IPv4Prefix], connections connectionCount: Int, vpcs vpcCount: Int,
                     reportChanges: Bool) {
        let defaultTable = model.defaultTableID
        let changes = model.batch(reportChanges: reportChanges) { model in
            for v in 0 ..< vpcCount {
                let cidr = IPv4Prefix(masking: IPv4Address(10, UInt8(v), 0, 0), length: 16)!
                model.setAttachment(TransitRouterAttachment(
                    id: "tr-attach-vpc-\(v)", kind: .vpc, region: "cn-hangzhou", associatedTable: defaultTable,
                    propagatesTo: [defaultTable], offeredRoutes: [OfferedRoute(prefix: cidr)]))
            }
            let share = (prefixes.count + connectionCount - 1) / connectionCount
            for c in 0 ..< connectionCount {
                let asn = ASNumber(rawValue: 64600 + UInt32(c))
                let attributes = PathAttributes(origin: .igp, asPath: ASPath(sequence: [asn]),
                                                nextHop: IPv4Address(169, 254, UInt8(10 + c), 1))
                let routes = prefixes[min(c * share, prefixes.count) ..< min((c + 1) * share, prefixes.count)]
                    .map { DataCenterRoute(prefix: $0, attributes: attributes) }
                model.setAttachment(TransitRouterAttachment(
                    id: "tr-attach-vco-\(c)", kind: .vpn, region: "cn-hangzhou", associatedTable: defaultTable,
                    propagatesTo: [defaultTable], connectionID: "vco-\(c)"))
                model.setConnection(VPNConnectionRouting(
                    connectionID: "vco-\(c)", attachmentID: "tr-attach-vco-\(c)", customerASN: asn,
                    tunnels: [TunnelRouting(index: 1, peerBGPAddress: IPv4Address(169, 254, UInt8(10 + c), 1)),
                              TunnelRouting(index: 2, peerBGPAddress: IPv4Address(169, 254, UInt8(100 + c), 1))],
                    learnedRouteQuota: nil, announcements: [1: routes, 2: routes]))
            }
        }
        if reportChanges { print("propagate: the load reported \(changes.count) changed rows") }
    }
}
