// CloudModelAdapter: the UPDATEs of one read reach the model as one operation, a flapping prefix on
// its last state (a tunnel holds one path per prefix, RFC 4271 §3.2 Adj-RIB-In; each UPDATE replaces
// it, §9). Checked against the same UPDATEs given to the model one at a time.

import Testing
import BGPDriver
import BGPWire
import CloudRouting
import NetworkPrimitives

@Suite struct CloudModelAdapterTests {
    static let key = RouteSessionKey(connectionID: "vco-dc1", tunnel: 1)

    /// One dual-tunnel connection with BGP on, both tunnels up, on a TR's default table.
    static func model() -> CloudModel {
        var model = CloudModel(transitRouterID: "tr-1", region: "cn-hangzhou")
        let table = model.defaultTableID
        model.setAttachment(TransitRouterAttachment(
            id: "tr-attach-vco-dc1", kind: .vpn, region: "cn-hangzhou", associatedTable: table,
            propagatesTo: [table], autoPublishRoutes: true, connectionID: "vco-dc1"))
        model.setConnection(VPNConnectionRouting(
            connectionID: "vco-dc1", attachmentID: "tr-attach-vco-dc1", localASN: 45104, bgpEnabled: true, customerASN: 65001,
            tunnels: [TunnelRouting(index: 1, peerBGPAddress: IPv4Address(169, 254, 10, 1)),
                      TunnelRouting(index: 2, peerBGPAddress: IPv4Address(169, 254, 11, 1))],
            learnedRouteQuota: nil))
        model.setTunnel(connection: "vco-dc1", tunnel: 1, up: true)
        model.setTunnel(connection: "vco-dc1", tunnel: 2, up: true)
        return model
    }

    static func attributes(_ last: UInt32) -> PathAttributes {
        PathAttributes(origin: .igp, asPath: ASPath(sequence: [65001, ASNumber(rawValue: last)]), nextHop: IPv4Address(169, 254, 10, 1))
    }

    /// What the tunnel holds, by prefix.
    static func learned(_ routes: CloudModelAdapter) -> [IPv4Prefix: PathAttributes] {
        var result: [IPv4Prefix: PathAttributes] = [:]
        for route in routes.model.receivedRoutes(connection: key.connectionID, tunnel: key.tunnel) {
            result[route.prefix] = route.attributes
        }
        return result
    }

    @Test func aPrefixThatFlapsWithinOneReadEndsOnItsLastState() {
        var routes = CloudModelAdapter(model: Self.model())
        let flapping = IPv4Prefix("198.18.0.0/24")!
        let gone = IPv4Prefix("198.18.1.0/24")!
        routes.learn(announced: [flapping, gone], attributes: Self.attributes(100), withdrawn: [], from: Self.key)
        routes.learn(announced: [], attributes: PathAttributes(), withdrawn: [flapping], from: Self.key)
        routes.learn(announced: [flapping], attributes: Self.attributes(200), withdrawn: [gone], from: Self.key)
        // Nothing reaches the model before the flush.
        #expect(Self.learned(routes).isEmpty)
        routes.flush()
        let learned = Self.learned(routes)
        #expect(learned.keys.sorted() == [flapping])
        #expect(learned[flapping]?.asPath == ASPath(sequence: [65001, 200]))
        #expect(routes.model.receivedCount(connection: "vco-dc1", tunnel: 1) == 1)
    }

    @Test func withdrawalsComeBeforeAnnouncementsOfTheSameUpdate() {
        // RFC 4271 §4.3 lists withdrawals first: a prefix in both fields of one UPDATE stays announced.
        var routes = CloudModelAdapter(model: Self.model())
        let prefix = IPv4Prefix("198.18.0.0/24")!
        routes.learn(announced: [prefix], attributes: Self.attributes(7), withdrawn: [prefix], from: Self.key)
        routes.flush()
        #expect(Self.learned(routes)[prefix]?.asPath == ASPath(sequence: [65001, 7]))
    }

    @Test func oneFlushPerReadEqualsOneModelCallPerUpdate() {
        // Random UPDATEs over a few prefixes and paths, flushed at random points, against the same
        // UPDATEs given to the model one at a time.
        var generator = SplitMix(seed: 15_16)
        let prefixes = (0 ..< 6).map { try! IPv4Prefix(address: IPv4Address(rawValue: 0xC612_0000 | UInt32($0) << 8), length: 24) }
        var batched = CloudModelAdapter(model: Self.model())
        var reference = Self.model()
        for step in 0 ..< 400 {
            let announced = prefixes.filter { _ in generator.next() % 3 == 0 }
            let withdrawn = prefixes.filter { _ in generator.next() % 3 == 0 }
            let attributes = Self.attributes(UInt32(generator.next() % 4))
            batched.learn(announced: announced, attributes: attributes, withdrawn: withdrawn, from: Self.key)
            reference.learn(connection: Self.key.connectionID, tunnel: Self.key.tunnel,
                            announced: announced.map { DataCenterRoute(prefix: $0, attributes: attributes) }, withdrawn: withdrawn)
            if generator.next() % 5 == 0 || step == 399 {
                batched.flush()
                let expected = Dictionary(uniqueKeysWithValues: reference.receivedRoutes(connection: "vco-dc1", tunnel: 1).map { ($0.prefix, $0.attributes) })
                #expect(Self.learned(batched) == expected, "step \(step)")
                #expect(batched.model.tables == reference.tables, "step \(step)")
            }
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failure replays.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
