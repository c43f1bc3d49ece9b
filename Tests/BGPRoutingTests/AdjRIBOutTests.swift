// Adj-RIB-Out (RFC 4271 §3.2): only differences are sent; and the eBGP export rewrite (§5.1) with
// the RFC 1997 well-known communities that block export.

import BGPRouting
import BGPWire
import NetworkPrimitives
import Testing

@Suite("Adj-RIB-Out and eBGP export")
struct AdjRIBOutTests {
    let prefix = rtPrefix("192.168.10.0/24")

    // MARK: AdjRIBOut

    @Test("announce, suppress the duplicate, re-announce a change, withdraw")
    func sequence() {
        var out = AdjRIBOut<IPv4Prefix>()
        #expect(out.count == 0)

        let first = rtAttributes([64512, 65001])
        #expect(out.set(prefix, first) == .announce(prefix, first))
        #expect(out[prefix] == first)
        #expect(out.count == 1)

        // Equal attributes (even a separately built copy) are not sent again.
        #expect(out.set(prefix, rtAttributes([64512, 65001])) == nil)
        #expect(out.set(prefix, first) == nil)

        let changed = rtAttributes([64512, 64512, 65001])
        #expect(out.set(prefix, changed) == .announce(prefix, changed))
        #expect(out[prefix] == changed)
        #expect(out.count == 1)

        #expect(out.set(prefix, nil) == .withdraw(prefix))
        #expect(out[prefix] == nil)
        #expect(out.count == 0)
        #expect(out.set(prefix, nil) == nil)  // nothing left to withdraw
    }

    @Test("withdrawing a prefix never announced sends nothing")
    func withdrawUnknown() {
        var out = AdjRIBOut<IPv4Prefix>()
        #expect(out.set(prefix, nil) == nil)
        _ = out.set(rtPrefix("10.0.0.0/8"), rtAttributes())
        #expect(out.set(prefix, nil) == nil)
        #expect(out.count == 1)
    }

    @Test("entries are in prefix order; clear forgets everything")
    func entries() {
        var out = AdjRIBOut<IPv4Prefix>()
        let texts = ["192.168.0.0/16", "10.0.0.0/8", "10.0.0.0/16", "172.16.0.0/12", "10.128.0.0/9"]
        for (i, text) in texts.enumerated() { _ = out.set(rtPrefix(text), rtAttributes(med: UInt32(i))) }
        #expect(out.entries.map(\.prefix) == ["10.0.0.0/8", "10.0.0.0/16", "10.128.0.0/9", "172.16.0.0/12", "192.168.0.0/16"].map(rtPrefix))
        #expect(out.entries.map { $0.attributes.multiExitDiscriminator } == [1, 2, 4, 3, 0])
        out.clear()
        #expect(out.count == 0)
        #expect(out.entries.isEmpty)
        // After a clear (session reset) the same route is announced again.
        #expect(out.set(rtPrefix("10.0.0.0/8"), rtAttributes(med: 1)) == .announce(rtPrefix("10.0.0.0/8"), rtAttributes(med: 1)))
    }

    // MARK: ExternalExport

    /// A route as held in the Loc-RIB after arriving over iBGP from a route reflector.
    static let internalRoute = PathAttributes(
        origin: .igp, asPath: ASPath(sequence: [65001, 65100]), nextHop: IPv4Address(10, 0, 0, 9),
        multiExitDiscriminator: 50, localPreference: 200, communities: [Community(65001, 100)],
        originatorID: IPv4Address(10, 255, 0, 1), clusterList: [IPv4Address(10, 255, 255, 1)])

    @Test("rewrite prepends the local AS, sets our next hop, strips LOCAL_PREF, MED, ORIGINATOR_ID, CLUSTER_LIST")
    func rewrite() {
        let export = ExternalExport(localAS: 45104, nextHop: IPv4Address(169, 254, 10, 2))
        let sent = export.rewrite(Self.internalRoute)
        #expect(sent.asPath == ASPath(sequence: [45104, 65001, 65100]))
        #expect(sent.nextHop == IPv4Address(169, 254, 10, 2))
        #expect(sent.localPreference == nil)
        #expect(sent.multiExitDiscriminator == nil)
        #expect(sent.originatorID == nil)
        #expect(sent.clusterList.isEmpty)
        // Kept: ORIGIN and transitive communities.
        #expect(sent.origin == .igp)
        #expect(sent.communities == [Community(65001, 100)])
        // The input is a value: unchanged.
        #expect(Self.internalRoute.localPreference == 200)
    }

    @Test("extra prepends and a configured MED")
    func rewriteExtra() {
        let export = ExternalExport(localAS: 45104, nextHop: IPv4Address(169, 254, 20, 2), extraPrepends: 2, med: 7)
        let sent = export.rewrite(Self.internalRoute)
        #expect(sent.asPath == ASPath(sequence: [45104, 45104, 45104, 65001, 65100]))
        #expect(sent.asPath?.length == 5)
        #expect(sent.multiExitDiscriminator == 7)
        // Negative extras count as none.
        let negative = ExternalExport(localAS: 45104, nextHop: IPv4Address(169, 254, 20, 2), extraPrepends: -3)
        #expect(negative.rewrite(Self.internalRoute).asPath == ASPath(sequence: [45104, 65001, 65100]))
    }

    @Test("a locally originated route gets an AS_PATH of just the local AS")
    func rewriteLocal() {
        let local = PathAttributes(origin: .incomplete, asPath: .empty)
        let sent = ExternalExport(localAS: 45104, nextHop: IPv4Address(169, 254, 10, 2)).rewrite(local)
        #expect(sent.asPath == ASPath(sequence: [45104]))
        let noPath = ExternalExport(localAS: 45104, nextHop: IPv4Address(169, 254, 10, 2)).rewrite(PathAttributes(origin: .igp))
        #expect(noPath.asPath == ASPath(sequence: [45104]))
    }

    @Test("NO_EXPORT, NO_ADVERTISE and NO_EXPORT_SUBCONFED block export; other communities do not",
          arguments: [
              ([Community.noExport], true),
              ([Community(65001, 1), Community.noAdvertise], true),
              ([Community.noExportSubconfed], true),
              ([Community(65001, 1), Community(65535, 65281)], true),  // 65535:65281 is NO_EXPORT
              ([], false),
              ([Community(65001, 1)], false),
              ([Community.noPeer, Community.gracefulShutdown, Community.blackhole], false),
          ])
    func blockedByCommunities(communities: [Community], blocked: Bool) {
        #expect(ExternalExport.isBlockedByCommunities(rtAttributes(communities: communities)) == blocked)
    }
}
